"""A graph's content as a comparable value: every node and relationship with its properties,
independent of internal ids and creation order. Two graphs are identical when these match."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graph.connection import Graph

# MigrationRun nodes record when and how a run happened, and the CatalogVersion node that
# writes happened (tests/graph/test_catalog_version.py checks it), not what the catalog holds;
# the SyncLedger repeats the src and srcHash of nodes and links, in no particular order.
NODES = """
MATCH (n) WHERE NOT n:CatalogTestSentinel AND NOT n:MigrationRun AND NOT n:CatalogVersion
  AND NOT n:SyncLedger
RETURN labels(n) AS labels, properties(n) AS props
"""
RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, properties(r) AS props,
       coalesce(a.slug, a.typeKey + '/' + a.key, a.key) AS start,
       coalesce(b.slug, b.typeKey + '/' + b.key, b.key) AS end
"""


def graph_content(graph: Graph) -> list[str]:
    rows: list[Any] = graph.read(NODES) + graph.read(RELATIONSHIPS)
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)


def fingerprint(graph: Graph) -> str:
    return hashlib.sha256("\n".join(graph_content(graph)).encode()).hexdigest()
