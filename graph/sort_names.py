"""`sortName`: what a named node sorts by (graph.keys.sort_name of its name), kept beside it.

Neo4j's Cypher has no accent folding, so the value is computed here and stored; an index on
it (graph/schema.py) lets a name-sorted page walk the index. The API's writes set it with the
name (`sort_name(name)` as a parameter); after a migration or sync writes names in bulk,
`refresh_sort_names` sets every one that is missing or out of date
(graph/derived_properties.py).
"""

from __future__ import annotations

from graph.connection import Graph
from graph.derived_properties import DerivedProperty
from graph.keys import sort_name

# Every label whose nodes have a `name` the API sorts by.
NAMED_LABELS = ("Technique", "Goal", "Category", "SubCategory", "Tag", "AttributeType",
                "AttributeValue")  # fmt: skip
SORT_NAME = DerivedProperty("sortName", NAMED_LABELS, sort_name)


def refresh_sort_names(graph: Graph) -> int:
    """Set every named node's `sortName` that is missing or stale; how many were set."""
    return SORT_NAME.refresh(graph)
