"""A graph's content as a comparable value: every node and relationship with its properties,
independent of internal ids and creation order. Two graphs hold the same catalog when their
fingerprints match (the tests' "nothing changed", the loader benchmark's "equal graphs").

Left out are the nodes that record how the graph was written, not what the catalog holds:
`MigrationRun` (when and how a run happened), `CatalogVersion` (that writes happened),
`SyncLedger` (the `src` and `srcHash` of nodes and links again, in no particular order) and
the test suite's sentinel.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from typing import Any

from graph.connection import Graph

BOOKKEEPING_LABELS = ("MigrationRun", "CatalogVersion", "SyncLedger", "CatalogTestSentinel")

NODES = """
MATCH (n) WHERE none(label IN labels(n) WHERE label IN $excluded)
RETURN labels(n) AS labels, properties(n) AS props
"""
# A relationship's ends by natural key, so the content does not depend on internal ids.
RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, properties(r) AS props,
       coalesce(a.slug, a.typeKey + '/' + a.key, a.key) AS start,
       coalesce(b.slug, b.typeKey + '/' + b.key, b.key) AS end
"""


def graph_content(graph: Graph, without_properties: Collection[str] = ()) -> list[str]:
    """Every node and relationship with its properties (less `without_properties`, e.g. the
    migration's provenance when comparing with a graph another loader built), as sorted JSON
    lines."""
    rows: list[Any] = graph.read(NODES, {"excluded": BOOKKEEPING_LABELS})
    rows += graph.read(RELATIONSHIPS)
    for row in rows:
        for name in without_properties:
            row["props"].pop(name, None)
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)


def fingerprint(graph: Graph, without_properties: Collection[str] = ()) -> str:
    """The SHA-256 of `graph_content`."""
    content = "\n".join(graph_content(graph, without_properties))
    return hashlib.sha256(content.encode()).hexdigest()
