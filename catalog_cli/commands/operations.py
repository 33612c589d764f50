"""`catalog operations`: the GraphQL operations the API allow-lists (docs/api.md, persisted
queries)."""

from __future__ import annotations

from pathlib import Path

import click

from api.operations_file import read_operations
from catalog_cli.commands.target import target_options, target_settings
from graph.connection import connected
from graph.persisted_operations import (
    StoredOperation,
    all_operations,
    forget_all,
    register_operations,
)
from graph.schema import install_schema


@click.group("operations")
def operations() -> None:
    """Register the operations the API runs when API_PERSISTED_ONLY=true.

    \b
    Example:
      catalog operations register api/contract/operations.graphql
      catalog operations list
    """


@operations.command("register")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Forget every registered operation first.")
@target_options
def register(path: Path, replace: bool, uri: str | None, instance: str | None) -> None:
    """Register every operation of PATH: a .graphql document (each named operation with the
    fragments it uses) or an Apollo persisted-query manifest (JSON).

    Prints one line per operation: its SHA-256 (the hash a client sends as
    `extensions.persistedQuery.sha256Hash`) and its name.

    \b
    Example:
      catalog operations register api/contract/operations.graphql
      catalog operations register --replace persisted-query-manifest.json
    """
    found = read_operations(path.read_text("utf-8"), str(path))
    with connected(target_settings(uri, instance)) as graph:
        install_schema(graph)
        forgotten = forget_all(graph) if replace else 0
        created, total = register_operations(
            graph, [StoredOperation(o.sha256, o.normalized, o.name, o.text) for o in found]
        )
    for operation in found:
        click.echo(f"{operation.sha256} {operation.name}")
    if forgotten:
        click.echo(f"operations: forgot {forgotten} registered before", err=True)
    click.echo(f"operations: {total} in {path}, {created} newly registered", err=True)


@operations.command("list")
@target_options
def list_command(uri: str | None, instance: str | None) -> None:
    """Print the registered operations: SHA-256 and name, one a line.

    \b
    Example:
      catalog operations list
    """
    with connected(target_settings(uri, instance)) as graph:
        for operation in all_operations(graph):
            click.echo(f"{operation.sha256} {operation.name}")
