"""The catalog version: one number for the whole graph that every write bumps.

It lives on a single `(:CatalogVersion {key: 'catalog'})` node, created by the first bump.
API writes bump it inside their own transaction (`graph/writes/refusal.py::in_write_tx`), so
no reader can see the new data with the old version; a migration bumps it when its run starts,
fails and completes, and a restore when it has loaded a backup. Readers (the API's ETags and
answer cache) key what they keep on it, so a bump makes every kept answer stale at once.

`epoch` is a random id given when the node is created and again after every restore: a restore
brings back an older number with other data, and a graph wiped and written again starts from 1,
so the number alone could repeat for different content; (epoch, number) never does.

A new write path must call `bump_in(tx)` in its transaction, or `bump(graph)` right after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString, Protocol

from graph.connection import Graph

VERSION_KEY = "catalog"

_BUMP: LiteralString = """
MERGE (v:CatalogVersion {key: $key})
  ON CREATE SET v.epoch = randomUUID(), v.number = 0
SET v.number = v.number + 1, v.changedAt = toString(datetime())
RETURN v.epoch AS epoch, v.number AS number
"""

# After a restore the node may hold the backup's number: continue after the larger of that and
# the number before the restore, under a new epoch.
_RENEW: LiteralString = """
MERGE (v:CatalogVersion {key: $key})
SET v.epoch = randomUUID(),
    v.number = CASE WHEN coalesce(v.number, 0) > $before THEN v.number ELSE $before END + 1,
    v.changedAt = toString(datetime())
RETURN v.epoch AS epoch, v.number AS number
"""

_READ: LiteralString = """
MATCH (v:CatalogVersion {key: $key})
RETURN v.epoch AS epoch, v.number AS number
LIMIT 1
"""


@dataclass(frozen=True)
class CatalogVersion:
    epoch: str
    number: int

    @property
    def tag(self) -> str:
        """A compact form for keys and ETags."""
        return f"{self.epoch}.{self.number}"


class Runs(Protocol):
    """Anything that runs one statement in an open write transaction (`graph.writes.Tx`)."""

    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> Any: ...


def _version(row: dict[str, Any] | None) -> CatalogVersion | None:
    if not row or row.get("epoch") is None or row.get("number") is None:
        return None
    return CatalogVersion(epoch=str(row["epoch"]), number=int(row["number"]))


def bump_in(tx: Runs) -> None:
    """Bump the version inside the caller's write transaction (it commits or rolls back with
    the write). Runs last in the transaction, so its lock is held only until the commit."""
    tx.run(_BUMP, {"key": VERSION_KEY})


def bump(graph: Graph) -> CatalogVersion:
    """Bump the version in a transaction of its own (a migration step, a restore)."""
    version = _version(graph.write(_BUMP, {"key": VERSION_KEY})[0])
    assert version is not None  # the statement always returns the node it merged
    return version


def renew(graph: Graph, before: CatalogVersion | None) -> CatalogVersion:
    """After a restore: a new epoch and a number past both the restored and the previous one."""
    rows = graph.write(_RENEW, {"key": VERSION_KEY, "before": before.number if before else 0})
    version = _version(rows[0])
    assert version is not None
    return version


def read_version(graph: Graph) -> CatalogVersion | None:
    """The current version: one indexed read. None when no write has created it yet (a graph
    loaded by some other means), in which case nothing may be cached on it."""
    rows = graph.read(_READ, {"key": VERSION_KEY})
    return _version(rows[0] if rows else None)
