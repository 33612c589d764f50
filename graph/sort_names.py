"""`sortName`: what a named node sorts by (graph.keys.sort_name of its name), kept beside it.

Neo4j's Cypher has no accent folding, so the value is computed here and stored; an index on
it (graph/schema.py) lets a name-sorted page walk the index. The API's writes set it with the
name (`sort_name(name)` as a parameter); after a migration or sync writes names in bulk,
`refresh_sort_names` sets every one that is missing or out of date, in batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.connection import Graph
from graph.keys import sort_name

# Every label whose nodes have a `name` the API sorts by.
NAMED_LABELS = ("Technique", "Goal", "Category", "SubCategory", "Tag", "AttributeType",
                "AttributeValue")  # fmt: skip
BATCH = 5000

READ = """
MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) AND n.name IS NOT NULL
RETURN elementId(n) AS id, n.name AS name, n.sortName AS sortName
"""
WRITE = """
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.id
SET n.sortName = row.sortName
"""


def stale(rows: list[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """The rows whose stored sort name is not their name's (pure)."""
    for row in rows:
        wanted = sort_name(row["name"])
        if row["sortName"] != wanted:
            yield {"id": row["id"], "sortName": wanted}


def refresh_sort_names(graph: Graph) -> int:
    """Set every named node's `sortName` that is missing or stale; how many were set."""
    changed = list(stale(graph.read(READ, {"labels": list(NAMED_LABELS)})))
    for start in range(0, len(changed), BATCH):
        graph.write(WRITE, {"rows": changed[start : start + BATCH]})
    return len(changed)
