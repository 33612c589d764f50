"""The API's allow-listed GraphQL operations, stored as `PersistedOperation` nodes.

Kept in the graph rather than a file so every API process and server sees the same list the
moment it is registered, and a backup carries it. Registering does not bump the catalog
version: the operations are not catalog data, and no answer depends on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from graph.connection import Graph


@dataclass(frozen=True)
class StoredOperation:
    sha256: str
    normalized: str
    name: str
    text: str


_REGISTER: LiteralString = """
UNWIND $operations AS op
OPTIONAL MATCH (old:PersistedOperation {sha256: op.sha256})
WITH op, old IS NULL AS isNew
MERGE (p:PersistedOperation {sha256: op.sha256})
  ON CREATE SET p.registeredAt = toString(datetime())
SET p.normalized = op.normalized, p.name = op.name, p.text = op.text
RETURN count(CASE WHEN isNew THEN 1 END) AS created, count(*) AS total
"""

_BY_SHA: LiteralString = """
MATCH (p:PersistedOperation {sha256: $sha256})
RETURN p.sha256 AS sha256, p.normalized AS normalized, p.name AS name, p.text AS text
"""

_BY_NORMALIZED: LiteralString = """
MATCH (p:PersistedOperation {normalized: $normalized})
RETURN p.sha256 AS sha256, p.normalized AS normalized, p.name AS name, p.text AS text
LIMIT 1
"""

_ALL: LiteralString = """
MATCH (p:PersistedOperation)
RETURN p.sha256 AS sha256, p.normalized AS normalized, p.name AS name, p.text AS text
ORDER BY p.name, p.sha256
"""

_FORGET_ALL: LiteralString = "MATCH (p:PersistedOperation) DELETE p RETURN count(*) AS deleted"


def register_operations(graph: Graph, operations: list[StoredOperation]) -> tuple[int, int]:
    """Store `operations` (one transaction); returns (newly registered, distinct given)."""
    distinct = {o.sha256: o for o in operations}
    rows = graph.write(
        _REGISTER,
        {
            "operations": [
                {"sha256": o.sha256, "normalized": o.normalized, "name": o.name, "text": o.text}
                for o in distinct.values()
            ]
        },
    )
    return (rows[0]["created"], rows[0]["total"]) if rows else (0, 0)


def _stored(rows: list[dict[str, str]]) -> StoredOperation | None:
    return StoredOperation(**rows[0]) if rows else None


def find_by_sha256(graph: Graph, sha256: str) -> StoredOperation | None:
    return _stored(graph.read(_BY_SHA, {"sha256": sha256}))


def find_by_normalized(graph: Graph, normalized: str) -> StoredOperation | None:
    return _stored(graph.read(_BY_NORMALIZED, {"normalized": normalized}))


def all_operations(graph: Graph) -> list[StoredOperation]:
    return [StoredOperation(**row) for row in graph.read(_ALL)]


def forget_all(graph: Graph) -> int:
    """Remove every registered operation (before registering a new set with `--replace`)."""
    return int(graph.write(_FORGET_ALL)[0]["deleted"])
