"""Properties derived from a node's `name` and stored beside it, refreshed in bulk.

Some values cannot be computed where they are read (Cypher has no accent folding; Neo4j
Browser draws a caption from a stored property), so they are stored. The API's writes set
them with the name; after a bulk write (a migration, a schema install meeting an older graph)
`refresh` sets every one that is missing or out of date, in batches. graph/sort_names.py and
graph/tag_captions.py are the two such properties.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.connection import Graph

BATCH = 5000

READ = """
MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) AND n.name IS NOT NULL
RETURN elementId(n) AS id, n.name AS name, n[$property] AS value
"""
WRITE = """
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.id
SET n += row.values
"""


@dataclass(frozen=True)
class DerivedProperty:
    """`property` on nodes of `labels`, always `derive(name)`."""

    property: str
    labels: tuple[str, ...]
    derive: Callable[[str], str]

    def stale(self, rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The rows whose stored value is not their name's, with the value wanted (pure)."""
        for row in rows:
            wanted = self.derive(row["name"])
            if row["value"] != wanted:
                yield {"id": row["id"], "values": {self.property: wanted}}

    def refresh(self, graph: Graph) -> int:
        """Set every value that is missing or stale; how many were set."""
        found = graph.read(READ, {"labels": list(self.labels), "property": self.property})
        changed = list(self.stale(found))
        for start in range(0, len(changed), BATCH):
            graph.write(WRITE, {"rows": changed[start : start + BATCH]})
        return len(changed)
