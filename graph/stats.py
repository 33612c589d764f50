"""Node counts per label and relationship counts per type, and where they came from
(`catalog stats`)."""

from __future__ import annotations

from graph.connection import Graph
from graph.migration.sync_queries import PROVENANCE_COUNTS

NODES_BY_LABEL = """
MATCH (n) WHERE NOT n:CatalogTestSentinel
UNWIND labels(n) AS label
RETURN label, count(*) AS n ORDER BY label
"""
RELATIONSHIPS_BY_TYPE = """
MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type
"""


def graph_stats(graph: Graph) -> dict[str, dict[str, int]]:
    return {
        "nodes": {row["label"]: row["n"] for row in graph.read(NODES_BY_LABEL)},
        "relationships": {row["type"]: row["n"] for row in graph.read(RELATIONSHIPS_BY_TYPE)},
        # What came from the legacy source (`src`) and what editors made through the API.
        "provenance": graph.read(PROVENANCE_COUNTS)[0],
    }
