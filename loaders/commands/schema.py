"""`catalog schema`: print the GraphQL schema (SDL) the API serves.

The API is imported by name when the command runs (as `serve` names it to uvicorn), so the
rest of the CLI never loads it.
"""

from __future__ import annotations

import importlib

import click


@click.command("schema")
def schema_command() -> None:
    """Print the GraphQL schema in SDL, as checked in at schema.graphql.

    \b
    Example:
      catalog schema > schema.graphql
    """
    api_schema = importlib.import_module("api.schema")
    click.echo(api_schema.sdl(), nl=False)
