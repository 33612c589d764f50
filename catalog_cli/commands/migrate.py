"""`catalog migrate` and `catalog validate`: the plan's data migration and its check."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from catalog_cli.commands.target import target_options, target_settings
from graph.backup import backup_graph, holds_nothing
from graph.connection import Graph, connected
from graph.status import read_catalog_state
from loaders.errors import InvalidSourceData, SyncConflicts, ValidationFailed
from loaders.migrate import MigrationOptions, MigrationReport, migrate, write_report
from loaders.problems import ProblemLog
from loaders.sources import open_source
from loaders.sources.base import LegacySource
from loaders.sync.render import plan_lines
from loaders.sync.run import SyncReport, load_mode, sync
from loaders.validate import validate, validate_source

log = logging.getLogger("catalog.migrate")


def _backup(source: LegacySource, backup_dir: Path) -> Callable[[Graph], dict[str, str]]:
    """Plan §1: a full backup of the target graph (unless it is empty) and a snapshot of the
    source, first."""

    def run(graph: Graph) -> dict[str, str]:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = backup_dir / stamp
        folder.mkdir(parents=True, exist_ok=True)
        if holds_nothing(graph):
            # Going back to before this run is emptying the graph: nothing to save.
            log.info("the graph is empty; snapshotting the source into %s ...", folder)
            return {"folder": str(folder), "source": str(source.snapshot(folder))}
        log.info("backing up the graph and the source into %s ...", folder)
        graph_file = folder / "graph.jsonl.gz"
        backup_graph(graph, graph_file)
        snapshot = source.snapshot(folder)
        return {"folder": str(folder), "graph": str(graph_file), "source": str(snapshot)}

    return run


def _backup_line(backup: dict[str, str]) -> str:
    kept = (
        "graph, source snapshot, report.json"
        if "graph" in backup
        else ("source snapshot, report.json; the graph was empty, so no graph backup")
    )
    return f"backup: {backup['folder']} ({kept})"


def _print_summary(report: MigrationReport) -> None:
    total = sum(report.source_rows.values())
    click.echo(f"source: {report.source} ({total:,} rows in {len(report.source_rows)} tables)")
    click.echo(f"target: {report.target}")
    errors, warnings = report.problems.errors, report.problems.warnings
    click.echo(f"problems: {len(errors):,} errors, {len(warnings):,} warnings")
    for code, n in report.problems.counts().items():
        click.echo(f"  {code}: {n:,}")
    if report.written:
        created = sum(c["created"] for c in report.written.values())
        updated = sum(c["updated"] for c in report.written.values())
        unchanged = sum(c["unchanged"] for c in report.written.values())
        click.echo(
            f"written: {created:,} created, {updated:,} updated, {unchanged:,} unchanged"
            + ("  (nothing changed)" if created == updated == 0 else "")
        )
        for kind, c in report.written.items():
            click.echo(
                f"  {kind:<26} {c['created']:>9,} created {c['updated']:>9,} updated "
                f"{c['unchanged']:>9,} unchanged"
            )
    elif report.planned:
        click.echo("would write: " + ", ".join(f"{k} {v:,}" for k, v in report.planned.items()))
    if report.backup:
        click.echo(_backup_line(report.backup))
    click.echo(f"outcome: {report.outcome} in {report.seconds:.1f}s")


@click.command(name="migrate")
@click.argument("source")
@target_options
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Load everything valid; the report lists every row skipped or merged.",
)
@click.option("--dry-run", is_flag=True, help="Read, transform and check; write nothing.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    help="Write the full report (every problem, counts, validation) as JSON here.",
)
@click.option(
    "--backup-dir",
    type=click.Path(path_type=Path),
    default=Path("backups"),
    show_default=True,
    help="Where the graph backup and source snapshot go.",
)
@click.option("--no-backup", is_flag=True, help="Skip the backup (e.g. an empty staging graph).")
@click.option("--batch-size", type=click.IntRange(100, 100_000), default=5000, show_default=True)
@click.option(
    "--prefer",
    type=click.Choice(["source", "graph"]),
    help="Settle a sync's conflicts: the source's values win, or the graph's (editors') stay.",
)
@click.option(
    "--once",
    is_flag=True,
    help="Migrate only into a graph that holds no catalog yet (or finish an interrupted run); "
    "otherwise say why and exit 0. For deployments that run this at every start.",
)
def migrate_command(
    source: str,
    uri: str | None,
    instance: str | None,
    skip_invalid: bool,
    dry_run: bool,
    report_path: Path | None,
    backup_dir: Path,
    no_backup: bool,
    batch_size: int,
    prefer: str | None,
    once: bool,
) -> None:
    """Migrate a legacy catalog (SQLite file or postgresql:// URL) into Neo4j, then validate.

    Every row is checked before anything is written; with problems the run writes nothing
    and exits 1, unless --skip-invalid.

    Into an empty graph the whole catalog is loaded. Into a graph a migration has already
    filled it *syncs*: only what changed in the source since the last run is created,
    updated or deleted, in one transaction; what editors changed or made through the API
    is never overwritten or deleted; when the source and an editor changed the same thing
    the sync writes nothing and lists the conflicts, until --prefer settles them
    (`catalog diff SOURCE` shows the plan without writing). An unfinished load is resumed
    by loading the whole source again.

    To start over from an empty target instead, back it up and empty it first:
    `catalog backup FILE`, then `scripts/neo4j reset` (a local instance) or
    `MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS` in cypher-shell.

    \b
    Example:
      catalog migrate data/catalog-2025-07.db
      catalog migrate postgresql://catalog@127.0.0.1:54329/catalog --instance staging
      catalog migrate legacy.db --dry-run --report report.json
      catalog migrate legacy.db --prefer source
      catalog migrate data/catalog-2025-07.db --once
    """
    options = MigrationOptions(skip_invalid=skip_invalid, dry_run=dry_run, batch_size=batch_size)
    with open_source(source) as legacy, connected(target_settings(uri, instance)) as graph:
        if once:
            reason = read_catalog_state(graph).migrated_once_reason()
            if reason is not None:
                click.echo(f"not migrating (--once): {reason}; the graph is left as it is")
                return
        backup = None if no_backup else _backup(legacy, backup_dir)

        def validated(graph: Graph, problems: ProblemLog) -> dict[str, Any]:
            log.info("validating ...")
            return validate(legacy, graph, problems, batch_size).as_dict()

        if load_mode(graph) == "sync":
            log.info("syncing: the target holds a migrated catalog")
            synced = sync(
                legacy,
                graph,
                prefer="source" if prefer == "source" else "graph" if prefer else None,
                write=not dry_run,
                skip_invalid=skip_invalid,
                batch_size=batch_size,
                backup=backup,
                validate=validated,
            )
            _finish_sync(synced, report_path)
            return
        report = migrate(legacy, graph, options, backup=backup, validate=validated)
    _finish(report, report_path)


def _finish_sync(report: SyncReport, report_path: Path | None) -> None:
    text = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if report.backup:
        written = Path(report.backup["folder"]) / "report.json"
        written.write_text(text)
        click.echo(_backup_line(report.backup))
    if report_path:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(text)
        click.echo(f"report: {report_path}")
    total = sum(report.source_rows.values())
    click.echo(f"source: {report.source} ({total:,} rows in {len(report.source_rows)} tables)")
    click.echo(f"target: {report.target}")
    errors, warnings = report.problems.errors, report.problems.warnings
    click.echo(f"problems: {len(errors):,} errors, {len(warnings):,} warnings")
    for line in plan_lines(report.plan, adding=report.adding):
        click.echo(line)
    for kind, count in report.added.items():
        click.echo(f"added: {count:,} {kind} new to the graph")
    click.echo(f"outcome: {report.outcome} in {report.seconds:.1f}s")
    if report.outcome == "refused":
        for problem in errors[:20]:
            click.echo(problem.line(), err=True)
        raise InvalidSourceData(
            f"{len(errors):,} errors in the source; nothing was written. Fix them, or pass "
            "--skip-invalid to load everything else"
        )
    if report.outcome == "conflicts":
        raise SyncConflicts(
            f"{len(report.plan.conflicts):,} conflicts between the source and editors' "
            "changes; nothing was written. Settle them with --prefer source|graph"
        )
    if report.validation is not None:
        _print_validation(report.validation)
        if not report.validation["ok"]:
            raise ValidationFailed("the graph does not match the source; see the report")


def _finish(report: MigrationReport, report_path: Path | None) -> None:
    if report.backup:
        write_report(report, Path(report.backup["folder"]) / "report.json")
    if report_path:
        write_report(report, report_path)
    _print_summary(report)
    if report_path:
        click.echo(f"report: {report_path}")
    if report.outcome == "refused":
        for problem in report.problems.errors[:20]:
            click.echo(problem.line(), err=True)
        raise InvalidSourceData(
            f"{len(report.problems.errors)} errors in the source; nothing was written. Fix "
            "them, or pass --skip-invalid to load everything else"
            + (f" (all problems in {report_path})" if report_path else " (--report PATH lists all)")
        )
    if report.validation is not None:
        _print_validation(report.validation)
        if not report.validation["ok"]:
            raise ValidationFailed("the graph does not match the source; see the report")


def _print_validation(validation: dict[str, Any]) -> None:
    click.echo(
        f"validation: {'OK' if validation['ok'] else 'FAILED'}: "
        f"{validation['rowsChecked']:,} rows checked, "
        f"{validation['mismatchCount']:,} mismatches, "
        f"{sum(1 for c in validation['counts'] if c['ok'])}/{len(validation['counts'])} "
        "counts agree"
    )
    for line in validation["mismatches"][:10]:
        click.echo(f"  {line}")
    if validation.get("editorChangeCount"):
        click.echo(
            f"  differs from the source because an editor changed it (not a failure): "
            f"{validation['editorChangeCount']:,}"
        )
        for line in validation["editorChanges"][:10]:
            click.echo(f"    {line}")
    for label, count in validation.get("madeByEditorsCount", {}).items():
        names = ", ".join(validation["madeByEditors"][label][:10])
        click.echo(f"  made through the API ({label}, {count:,}): {names}")


@click.command(name="validate")
@click.argument("source")
@target_options
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    help="Write the validation report as JSON here.",
)
def validate_command(
    source: str, uri: str | None, instance: str | None, report_path: Path | None
) -> None:
    """Compare a legacy source with the graph: counts, every row's fields, orphans, rules.

    Exit 1 when anything does not match.

    \b
    Example:
      catalog validate data/catalog-2025-07.db --report validation.json
    """
    with open_source(source) as legacy, connected(target_settings(uri, instance)) as graph:
        result = validate_source(legacy, graph)
    if report_path:
        report_path.write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
    for line in result.summary_lines():
        click.echo(line)
    if not result.ok:
        raise ValidationFailed("the graph does not match the source")
