"""`catalog backup` and `catalog restore`: the whole graph to a file and back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from catalog_cli.commands.target import target_options, target_settings
from graph.backup import backup_graph, restore_graph
from graph.connection import connected


def _progress(message: str) -> None:
    click.echo(message, err=True)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@target_options
def backup(path: Path, force: bool, uri: str | None, instance: str | None) -> None:
    """Write every node and relationship to PATH (gzip'd JSON Lines).

    A logical backup that works while Neo4j runs (Community cannot dump a running database).
    PATH appears only once the backup is complete. Constraints and indexes are not included;
    `catalog migrate` installs them.

    \b
    Example:
      catalog backup backups/catalog-2025-01-31.jsonl.gz
      catalog backup --instance staging staging.jsonl.gz
    """
    if path.exists() and not force:
        raise click.UsageError(f"{path} exists; choose another path or pass --force")
    with connected(target_settings(uri, instance)) as graph:
        summary = backup_graph(graph, path, progress=_progress)
    click.echo(f"backup: {summary.path}")
    click.echo(f"server: Neo4j {summary.server_version}")
    click.echo(f"nodes: {summary.nodes}")
    click.echo(f"relationships: {summary.relationships}")
    click.echo(f"bytes: {summary.bytes}")


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Back up everything in the target graph (into --backup-dir), then delete it.",
)
@click.option(
    "--backup-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("backups"),
    show_default=True,
    help="Where --replace backs up the graph it replaces.",
)
@target_options
def restore(
    path: Path, replace: bool, backup_dir: Path, uri: str | None, instance: str | None
) -> None:
    """Load a backup written by `catalog backup` into an empty graph.

    The whole file is checked before anything changes, so a corrupt or truncated backup is
    refused with the graph untouched. A graph that holds data is refused unless --replace,
    which first backs it up into --backup-dir (and prints where), then DELETES it. The
    restore is a recorded run: killed or failed half-way, `catalog status` and the API's
    /ready say the graph is incomplete, and running the restore again completes it.

    \b
    Example:
      catalog restore --replace backups/catalog-2025-01-31.jsonl.gz
      catalog restore --instance staging backups/catalog-2025-01-31.jsonl.gz
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup_to = backup_dir / stamp / "replaced-graph.jsonl.gz"
    with connected(target_settings(uri, instance)) as graph:
        summary = restore_graph(
            graph,
            path,
            replace=replace,
            progress=_progress,
            backup_to=backup_to if replace else None,
        )
    if summary.replaced_backup:
        click.echo(f"replaced graph backed up to: {summary.replaced_backup}")
    if summary.resumed:
        click.echo(f"completed the interrupted restore {summary.resumed}")
    click.echo(f"restored: {summary.path} (backup of {summary.backup_created_at})")
    click.echo(f"deleted nodes: {summary.deleted_nodes}")
    click.echo(f"nodes: {summary.nodes}")
    click.echo(f"relationships: {summary.relationships}")
