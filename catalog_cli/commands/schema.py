"""`catalog schema`: print the GraphQL schema (SDL) the API serves."""

from __future__ import annotations

import click


@click.command("schema")
def schema_command() -> None:
    """Print the GraphQL schema in SDL, as checked in at schema.graphql.

    \b
    Example:
      catalog schema > schema.graphql
    """
    # Imported here, not at the top: building the schema costs a second, which the other
    # commands should not pay at start.
    from api.schema import sdl

    click.echo(sdl(), nl=False)
