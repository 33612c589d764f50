"""Writing records to the graph in batches: one parameterised UNWIND query per batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, LiteralString

from graph.connection import Graph
from graph.errors import GraphError

DEFAULT_BATCH_SIZE = 5000


@dataclass
class Counts:
    """What the writes of one kind of record did."""

    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        self.records += other.records
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged

    def as_dict(self) -> dict[str, int]:
        return {
            "records": self.records,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass
class CountsByKind:
    kinds: dict[str, Counts] = field(default_factory=dict)

    def for_kind(self, kind: str) -> Counts:
        return self.kinds.setdefault(kind, Counts())

    def total(self) -> Counts:
        total = Counts()
        for counts in self.kinds.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {kind: counts.as_dict() for kind, counts in self.kinds.items()}


def batched(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def write_batch(
    graph: Graph, kind: str, query: LiteralString, batch: list[dict[str, Any]]
) -> Counts:
    """Write one batch in one transaction; every record must be accounted for."""
    rows = graph.write(query, {"rows": batch})
    counts = Counts(records=len(batch))
    for row in rows:
        setattr(counts, row["outcome"], getattr(counts, row["outcome"]) + row["n"])
    check_written(kind, len(batch), counts.created + counts.updated + counts.unchanged)
    return counts


def check_written(kind: str, records: int, written: int) -> None:
    """Every record of a batch must have been written."""
    if written != records:
        # A MATCH found nothing for some record: an endpoint is missing from the graph.
        raise GraphError(
            f"writing {kind}: {records - written} of {records} records found no node "
            "to attach to; the graph changed during the migration, or a step was skipped. "
            "Run the migration again"
        )
