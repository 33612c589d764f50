"""`catalog migrate`: check the whole source, back up, load in batches, validate.

Nothing is written until every row has been checked. A run records itself in the graph as a
`MigrationRun` (running → complete), so one killed half-way shows as incomplete until a
re-run, which MERGEs on natural keys and so ends in the same graph as a clean run.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import catalog_version
from graph.connection import Graph
from graph.migration import runs
from graph.migration.kind import WriteKind
from graph.schema import install_schema
from graph.sort_names import refresh_sort_names
from graph.tag_captions import refresh_tag_captions
from loaders.fresh_writes import FreshWriter
from loaders.load import Counts, CountsByKind, batched, write_batch
from loaders.pipeline import PipelinedWriter
from loaders.problems import ProblemLog
from loaders.progress import Progress
from loaders.provenance import Provenance
from loaders.rows import TABLES
from loaders.sources.base import LegacySource
from loaders.steps import STEPS, StepContext
from loaders.sync.ledger import ledger_from_graph

log = logging.getLogger("catalog.migrate")


@dataclass
class MigrationOptions:
    skip_invalid: bool = False
    dry_run: bool = False
    batch_size: int = 5000


@dataclass
class MigrationReport:
    run_id: str
    source: str
    target: str
    outcome: str = "pending"
    dry_run: bool = False
    skip_invalid: bool = False
    seconds: float = 0.0
    source_rows: dict[str, int] = field(default_factory=dict)
    planned: dict[str, int] = field(default_factory=dict)
    written: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: ProblemLog = field(default_factory=ProblemLog)
    backup: dict[str, str] = field(default_factory=dict)
    validation: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "runId": self.run_id,
            "source": self.source,
            "target": self.target,
            "outcome": self.outcome,
            "dryRun": self.dry_run,
            "skipInvalid": self.skip_invalid,
            "seconds": round(self.seconds, 3),
            "sourceRows": self.source_rows,
            "planned": self.planned,
            "written": self.written,
            "problemCounts": self.problems.counts(),
            "problems": [p.as_dict() for p in self.problems.problems],
            "backup": self.backup,
            "validation": self.validation,
        }


class CountingSink:
    """The checking pass: counts what would be written, writes nothing."""

    def __init__(self) -> None:
        self.planned: dict[str, int] = {}

    def __call__(self, kind: WriteKind, records: list[dict[str, Any]]) -> None:
        self.planned[kind.name] = self.planned.get(kind.name, 0) + len(records)


class GraphSink:
    """The loading pass: writes records in batches, on a writer thread, and counts what
    changed. Into a `fresh` graph (no catalog in it) it writes each kind's CREATE form.
    Every record of a kind with provenance is stamped (`src`, `srcHash`) on the way."""

    def __init__(self, graph: Graph, batch_size: int, fresh: bool = False) -> None:
        self.graph, self.batch_size = graph, batch_size
        self.provenance = Provenance()
        self.fresh_writer = FreshWriter(graph) if fresh else None
        self.writer: PipelinedWriter[WriteKind] = PipelinedWriter(self._write)

    def _write(self, kind: WriteKind, batch: list[dict[str, Any]]) -> Counts:
        if self.fresh_writer is not None:
            return self.fresh_writer.write(kind, batch)
        return write_batch(self.graph, kind.name, kind.merge, batch)

    def __call__(self, kind: WriteKind, records: list[dict[str, Any]]) -> None:
        if kind.provenance:
            stamp = self.provenance.stamp
            for record in records:
                stamp(kind.name, record)
        for batch in batched(records, self.batch_size):
            self.writer.submit(kind, batch)

    def close(self) -> CountsByKind:
        return self.writer.close()

    def abandon(self) -> None:
        self.writer.abandon()


def is_fresh(graph: Graph) -> bool:
    """No catalog node in the graph: every record will be new."""
    return not graph.read(runs.CATALOG_PRESENT)[0]["present"]


def source_rows(source: LegacySource) -> dict[str, int]:
    return {table: source.count(table) for table in TABLES}


def run_steps(
    source: LegacySource,
    sink: Any,
    batch_size: int,
    label: str,
    problems: ProblemLog | None = None,
    rows: dict[str, int] | None = None,
) -> StepContext:
    """All steps in order; progress counts source rows read (a live line on a terminal)
    against `rows`, the tables' sizes (counted here unless the caller has them)."""
    total = sum((rows if rows is not None else source_rows(source)).values())
    with Progress(total, label) as progress:
        ctx = StepContext(
            source=source,
            sink=sink,
            batch_size=batch_size,
            progress=progress,
            log=problems if problems is not None else ProblemLog(),
        )
        for name, step in STEPS:
            started = time.perf_counter()
            step(ctx)
            log.debug("step %s: %.2fs", name, time.perf_counter() - started)
    return ctx


def check_source(
    source: LegacySource, batch_size: int = 5000, rows: dict[str, int] | None = None
) -> tuple[ProblemLog, dict[str, int]]:
    """Read and transform everything, write nothing: the problems and what would be written."""
    source.check_schema()
    sink = CountingSink()
    ctx = run_steps(source, sink, batch_size, "checking", rows=rows)
    return ctx.log, sink.planned


def migrate(
    source: LegacySource,
    graph: Graph,
    options: MigrationOptions,
    backup: Any = None,
    validate: Any = None,
) -> MigrationReport:
    """Migrate `source` into `graph`. `backup(graph)` is called before the first write and
    returns what it saved (a dict of paths); `validate(graph, problems)` after the load
    returns the validation's dict. The run is `complete` only once validation has ended, so
    a kill during it leaves the run shown as unfinished."""
    started = time.perf_counter()
    report = MigrationReport(
        run_id=uuid.uuid4().hex[:12],
        source=source.describe(),
        target=graph.settings.safe_uri,
        dry_run=options.dry_run,
        skip_invalid=options.skip_invalid,
    )
    log.info("checking %s ...", report.source)
    source.check_schema()
    report.source_rows = source_rows(source)
    report.problems, report.planned = check_source(
        source, options.batch_size, rows=report.source_rows
    )
    errors = report.problems.errors
    if errors and not options.skip_invalid:
        report.outcome = "refused"
    elif options.dry_run:
        report.outcome = "dry-run"
    else:
        if backup is not None:
            report.backup = backup(graph)
        fresh = is_fresh(graph)
        # Indexes first, even into an empty graph: building them after the load was measured
        # no cheaper at 1000x (12 s of server CPU to populate, the full-text index most).
        install_schema(graph)
        graph.write(runs.START_RUN, {"runId": report.run_id, "source": report.source})
        # The graph changes from here on: answers cached before the run are stale.
        catalog_version.bump(graph)
        sink = GraphSink(graph, options.batch_size, fresh=fresh)
        try:
            log.info("loading into %s%s ...", report.target, " (empty: CREATE)" if fresh else "")
            # The checking pass has the problems; this one meets them again, uncounted.
            run_steps(
                source,
                sink,
                options.batch_size,
                "loading",
                ProblemLog(keep=False),
                rows=report.source_rows,
            )
            counts = sink.close()
            # Names were written in bulk: give each its sort name (graph/sort_names.py) and
            # each tag its caption (graph/tag_captions.py).
            refresh_sort_names(graph)
            refresh_tag_captions(graph)
        except Exception as exc:
            sink.abandon()
            graph.write(runs.FAIL_RUN, {"runId": report.run_id, "error": str(exc)[:500]})
            catalog_version.bump(graph)
            raise
        report.written = counts.as_dict()
        report.outcome = "migrated"
        # The ledger of what was migrated, for later syncs (docs/model.md, Provenance).
        ledger_from_graph(graph)
        if validate is not None:
            graph.write(runs.VALIDATING_RUN, {"runId": report.run_id})
            report.validation = validate(graph, report.problems)
        summary = {"written": report.written, "problemCounts": report.problems.counts()}
        graph.write(runs.FINISH_RUN, {"runId": report.run_id, "report": json.dumps(summary)})
        # Answers cached while the run was writing are stale too.
        catalog_version.bump(graph)
    report.seconds = time.perf_counter() - started
    return report


def write_report(report: MigrationReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
