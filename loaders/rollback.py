"""The rollback path (`catalog export`): the graph written back into the legacy schema.

The graph is read in one read transaction (one snapshot) and written into a new SQLite file
in one transaction; the file appears only once it passes SQLite's foreign key and integrity
checks. What the legacy schema cannot hold is listed, never dropped silently.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import neo4j

from graph.connection import Graph
from graph.migration import export_queries as queries
from loaders.errors import ExportError
from loaders.export import FAIRNESS_APPROACH, LIFECYCLE_STAGE, SCOPE, LegacyExport, Loss
from loaders.legacy_file import NewLegacyDatabase
from loaders.progress import Progress

# Rows per executemany; memory stays flat however large the graph.
BATCH_ROWS = 5_000


@dataclass
class ExportReport:
    path: Path
    rows: dict[str, int]
    losses: list[Loss] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        """True when the legacy catalog holds everything the graph holds."""
        return not self.losses

    def loss_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(loss.code for loss in self.losses).items()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "complete": self.complete,
            "rows": self.rows,
            "totalRows": sum(self.rows.values()),
            "seconds": round(self.seconds, 3),
            "lossCounts": self.loss_counts(),
            "losses": [loss.as_dict() for loss in self.losses],
        }


class _Batches:
    """Rows gathered per table and inserted a batch at a time."""

    def __init__(self, out: NewLegacyDatabase, progress: Progress | None) -> None:
        self.out, self.progress = out, progress
        self.pending: dict[str, list[NamedTuple]] = {}

    def add(self, table: str, row: NamedTuple) -> None:
        batch = self.pending.setdefault(table, [])
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            self._insert(table)

    def add_all(self, table: str, rows: Iterable[NamedTuple]) -> None:
        for row in rows:
            self.add(table, row)

    def flush(self) -> None:
        for table in list(self.pending):
            self._insert(table)

    def _insert(self, table: str) -> None:
        rows = self.pending.pop(table)
        try:
            self.out.insert(table, rows)
        except sqlite3.IntegrityError as exc:
            raise ExportError(
                f"the graph cannot be written as the legacy table {table} ({exc}): two of its "
                "nodes or links share a legacy id or a name; fix them in the graph and export "
                "again"
            ) from None
        if self.progress:
            self.progress.advance(len(rows))


def export_graph(
    graph: Graph, path: Path, force: bool = False, show_progress: bool = False
) -> ExportReport:
    """Write the graph into a new legacy SQLite catalog at `path`; what it holds and lacks."""
    started = time.monotonic()
    with NewLegacyDatabase(path, force=force) as out:
        losses = graph.read_tx(lambda tx: _export(tx, out, show_progress))
    return ExportReport(path, dict(out.rows), losses, time.monotonic() - started)


def _export(tx: neo4j.ManagedTransaction, out: NewLegacyDatabase, show: bool) -> list[Loss]:
    out.restart()  # the driver may run this again after a transient failure
    progress = Progress(None, f"export {out.path.name}") if show else None
    batches = _Batches(out, progress)
    type_keys = {"fairnessApproach": FAIRNESS_APPROACH, "lifecycleStage": LIFECYCLE_STAGE}
    (maxima,) = queries.stream(tx, queries.LEGACY_ID_MAXIMA, type_keys)
    legacy = LegacyExport(maxima)
    batches.add_all("assurance_goal", legacy.goals(queries.stream(tx, queries.GOALS)))
    batches.add_all("category", legacy.categories(queries.stream(tx, queries.CATEGORIES)))
    batches.add_all(
        "sub_category", legacy.sub_categories(queries.stream(tx, queries.SUBCATEGORIES))
    )
    batches.add_all("tag", legacy.tags(queries.stream(tx, queries.TAGS)))
    value_keys = {"typeKeys": [FAIRNESS_APPROACH, LIFECYCLE_STAGE, SCOPE]}
    values = queries.stream(tx, queries.ATTRIBUTE_VALUES, value_keys)
    for table, row in legacy.attribute_values(values):
        batches.add(table, row)
    legacy.attribute_types(queries.stream(tx, queries.ATTRIBUTE_TYPES))
    legacy.number_techniques(queries.stream(tx, queries.TECHNIQUES_TO_NUMBER))
    for record in queries.stream(tx, queries.TECHNIQUES):
        for table, row in legacy.technique(record):
            batches.add(table, row)
    legacy.model_dependencies(queries.stream(tx, queries.MODEL_DEPENDENCIES))
    batches.flush()
    if progress:
        progress.close()
    return legacy.losses
