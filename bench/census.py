"""What a loaded graph holds, to compare the three loaders' graphs: counts per label and type,
and for small graphs a digest of every node and relationship with its properties.

`MigrationRun` (how a migration ran, not what the catalog holds), the `SyncLedger` and the
`src`/`srcHash` provenance properties (the migration's bookkeeping for later syncs, which the
baselines do not write) and the test suite's sentinel are left out, so a migrated, a naively
loaded and an imported graph compare equal.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from graph.connection import Graph

EXCLUDED_LABELS = ["MigrationRun", "SyncLedger", "CatalogVersion", "CatalogTestSentinel"]
# The migration's bookkeeping, a derived sort key (graph/sort_names.py) and a tag's derived
# caption (graph/tag_captions.py), which the baseline loaders do not write.
PROVENANCE = ("src", "srcHash", "sortName", "caption")

NODE_COUNTS = """
MATCH (n) WHERE none(label IN labels(n) WHERE label IN $excluded)
UNWIND labels(n) AS label
RETURN label, count(*) AS n
"""
RELATIONSHIP_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"

# A relationship's ends by natural key, so the digest does not depend on internal ids.
NODES = """
MATCH (n) WHERE none(label IN labels(n) WHERE label IN $excluded)
RETURN labels(n) AS labels, properties(n) AS props
"""
RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, properties(r) AS props,
       coalesce(a.slug, a.typeKey + '/' + a.key, a.key) AS start,
       coalesce(b.slug, b.typeKey + '/' + b.key, b.key) AS end
"""


@dataclass(frozen=True)
class Census:
    nodes: dict[str, int]
    relationships: dict[str, int]
    digest: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "relationships": self.relationships, "digest": self.digest}

    def differences(self, other: Census) -> list[str]:
        """Human-readable differences from `other` (empty when the counts and digests agree)."""
        found = []
        for what, mine, theirs in (
            ("label", self.nodes, other.nodes),
            ("type", self.relationships, other.relationships),
        ):
            for name in sorted(set(mine) | set(theirs)):
                if mine.get(name, 0) != theirs.get(name, 0):
                    found.append(f"{what} {name}: {mine.get(name, 0)} vs {theirs.get(name, 0)}")
        if self.digest and other.digest and self.digest != other.digest:
            found.append("same counts, different content (digests differ)")
        return found


def take_census(graph: Graph, digest: bool = False) -> Census:
    params = {"excluded": EXCLUDED_LABELS}
    nodes = {row["label"]: row["n"] for row in graph.read(NODE_COUNTS, params)}
    relationships = {row["type"]: row["n"] for row in graph.read(RELATIONSHIP_COUNTS)}
    return Census(
        dict(sorted(nodes.items())),
        dict(sorted(relationships.items())),
        content_digest(graph) if digest else None,
    )


def content_lines(graph: Graph) -> list[str]:
    """Every node and relationship with its properties, as sorted JSON lines."""
    rows: list[Any] = graph.read(NODES, {"excluded": EXCLUDED_LABELS}) + graph.read(RELATIONSHIPS)
    for row in rows:
        for name in PROVENANCE:
            row["props"].pop(name, None)
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)


def content_digest(graph: Graph) -> str:
    return hashlib.sha256("\n".join(content_lines(graph)).encode()).hexdigest()
