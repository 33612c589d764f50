"""`catalog export`: the rollback path, the graph written back into the legacy schema.

The work is `loaders/rollback.py`'s; this prints what it wrote and what the legacy schema
cannot hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from catalog_cli.commands.target import target_options, target_settings
from graph.connection import connected
from loaders.errors import ExportError
from loaders.rollback import ExportReport, export_graph

# Losses printed on stdout; `--report` holds them all.
LOSSES_SHOWN = 50


@click.command("export")
@click.argument(
    "sqlite_path", metavar="SQLITE_PATH", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("--force", is_flag=True, help="Replace SQLITE_PATH if it exists.")
@click.option(
    "--report",
    "report_path",
    metavar="PATH",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the row counts and everything the legacy schema cannot hold as JSON.",
)
@target_options
def export(
    sqlite_path: Path, force: bool, report_path: Path | None, uri: str | None, instance: str | None
) -> None:
    """Write the graph back into the legacy schema: a new SQLite file the old application
    can serve again (the rollback path).

    Legacy ids are kept; nodes and links made later get fresh ids above the largest. What
    the legacy schema cannot hold (a category serving several goals, a new attribute type,
    a Scope value other than Global or Local...) is listed on stdout and in --report, never
    dropped silently. Exit 0 when written, even with such losses; 1 when it failed.

    \b
    Example:
      catalog export /tmp/catalog-rollback.db
      catalog export --instance staging --report /tmp/losses.json /tmp/rollback.db
    """
    with connected(target_settings(uri, instance)) as graph:
        source = f"{graph.settings.safe_uri} (database {graph.database})"
        report = export_graph(graph, sqlite_path, force=force, show_progress=True)
    if report_path:
        _write_report(report, report_path)
    click.echo(f"wrote {report.path} from {source}")
    for table, n in report.rows.items():
        click.echo(f"  {table:<34} {n:>10,}")
    total = sum(report.rows.values())
    click.echo(f"  {'total':<34} {total:>10,} rows in {report.seconds:.1f} s")
    if report.complete:
        click.echo("complete: the legacy catalog holds everything in the graph")
        return
    click.echo(f"not held by the legacy schema: {len(report.losses)}")
    for code, n in report.loss_counts().items():
        click.echo(f"  {code:<40} {n:>6,}")
    for loss in report.losses[:LOSSES_SHOWN]:
        click.echo(f"- {loss.line()}")
    hidden = len(report.losses) - LOSSES_SHOWN
    if hidden > 0:
        where = f"all are in {report_path}" if report_path else "--report PATH lists them all"
        click.echo(f"... and {hidden:,} more; {where}")


def _write_report(report: ExportReport, path: Path) -> None:
    try:
        path.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ExportError(
            f"the legacy catalog was written to {report.path}, but the report cannot be "
            f"written to {path} ({exc.strerror}); give --report a writable path"
        ) from None
