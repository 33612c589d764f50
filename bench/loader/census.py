"""What a loaded graph holds, to compare the three loaders' graphs: counts per label and type,
and for small graphs its fingerprint (graph/fingerprint.py).

The fingerprint's bookkeeping nodes are left out of the counts too, and the migration's
provenance (`src`, `srcHash`), the derived `sortName` and a tag's derived `caption` out of the
fingerprint: the baseline loaders write none of them, so a migrated, a naively loaded and an
imported graph compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.connection import Graph
from graph.fingerprint import BOOKKEEPING_LABELS, fingerprint

# The migration's bookkeeping for later syncs, a derived sort key (graph/sort_names.py) and
# a tag's derived caption (graph/tag_captions.py).
MIGRATION_ONLY_PROPERTIES = ("src", "srcHash", "sortName", "caption")

NODE_COUNTS = """
MATCH (n) WHERE none(label IN labels(n) WHERE label IN $excluded)
UNWIND labels(n) AS label
RETURN label, count(*) AS n
"""
RELATIONSHIP_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"


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
    counted = graph.read(NODE_COUNTS, {"excluded": BOOKKEEPING_LABELS})
    nodes = {row["label"]: row["n"] for row in counted}
    relationships = {row["type"]: row["n"] for row in graph.read(RELATIONSHIP_COUNTS)}
    return Census(
        dict(sorted(nodes.items())),
        dict(sorted(relationships.items())),
        fingerprint(graph, MIGRATION_ONLY_PROPERTIES) if digest else None,
    )
