"""Writing a batch into a graph with no catalog yet, by its kind's CREATE form
(`graph/migration/kind.py`): nodes created and their element ids kept, links created between
nodes found by those ids.

Element ids look like `4:<database id>:<number>`. Held as strings they would cost about
100 bytes per node; the shared prefix is kept once and each node's number as an int, and
the string rebuilt when a link is sent. An id of any other shape is kept whole.
"""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from graph.errors import GraphError
from graph.migration.kind import End, WriteKind
from loaders.load import Counts, check_written, write_batch

Record = dict[str, Any]


class ElementIds:
    """Per kind of node (`Technique`, `Tag`...), a record's reference → the node's element id."""

    def __init__(self) -> None:
        self._prefix: str | None = None
        self._ids: dict[str, dict[Any, int | str]] = {}

    def add(self, kind: str, ref: Any, element_id: str) -> None:
        prefix, _, number = element_id.rpartition(":")
        if self._prefix is None and prefix and number.isdigit():
            self._prefix = prefix
        compact: int | str = element_id
        if prefix == self._prefix and number.isdigit() and str(int(number)) == number:
            compact = int(number)
        self._ids.setdefault(kind, {})[ref] = compact

    def get(self, kind: str, ref: Any) -> str | None:
        found = self._ids.get(kind, {}).get(ref)
        if isinstance(found, int):
            return f"{self._prefix}:{found}"
        return found


def _ref(record: Record, end: End) -> Any:
    fields = end.fields
    return record[fields[0]] if len(fields) == 1 else tuple(record[f] for f in fields)


class FreshWriter:
    """Writes batches with the CREATE forms; one per migration run, used from one thread."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.ids = ElementIds()

    def write(self, kind: WriteKind, batch: list[Record]) -> Counts:
        if kind.start is not None and kind.end is not None:
            return self._links(kind, kind.start, kind.end, batch)
        if kind.node is None:
            return write_batch(self.graph, kind.name, kind.create, batch)
        rows = self.graph.write(kind.create, {"rows": batch})
        for row in rows:
            ref = row["ref"][0] if len(row["ref"]) == 1 else tuple(row["ref"])
            self.ids.add(kind.node.label, ref, row["eid"])
        return self._counted(kind.name, batch, len(rows))

    def _links(self, kind: WriteKind, start: End, end: End, batch: list[Record]) -> Counts:
        rows, missing = [], []
        for record in batch:
            start_id = self.ids.get(start.label, _ref(record, start))
            end_id = self.ids.get(end.label, _ref(record, end))
            if start_id is None or end_id is None:
                missing.append(record)
                continue
            rows.append([start_id, end_id, *(record[p] for p in kind.properties)])
        if missing:
            raise GraphError(
                f"writing {kind.name}: {len(missing)} of {len(batch)} records name a node this "
                f"run did not create (first: {missing[0]}); a step was skipped or failed. "
                "Run the migration again"
            )
        written = self.graph.write(kind.create, {"rows": rows})[0]["n"] if rows else 0
        return self._counted(kind.name, batch, written)

    @staticmethod
    def _counted(kind: str, batch: list[Record], written: int) -> Counts:
        check_written(kind, len(batch), written)
        return Counts(records=len(batch), created=written)
