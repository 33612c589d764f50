"""A technique's edit history in the graph: one `(:Change)` per accepted write.

`(t)-[:HAS_CHANGE]->(:Change {version, at, by, action, changes, state})`: the technique's
version after the write, when (ISO UTC), who (the token's name), what kind of write
(create, update, delete, undelete, restore), the before/after of each changed field and the
whole state after it (both JSON). The node itself carries `updatedBy`/`updatedAt` of its last
write. A technique loaded by the migration (`src` or `legacyId`) gets a first entry of its
own, `migrated`, holding the state before its first API write.

A soft-deleted technique is labelled `DeletedTechnique` instead of `Technique`, so no read
query (they all match `:Technique`) sees it, while its links and history stay for a restore.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.connection import Graph
from graph.writes.changes import Change, State, decode, encode, normal_state, revert
from graph.writes.refusal import Tx

# The state of a technique, live or deleted, by element id (the write holds its lock).
STATE = """
MATCH (t) WHERE elementId(t) = $id
RETURN t.name AS name, t.description AS description, t.modelDependency AS modelDependency,
       t.exampleUseCase AS exampleUseCase,
       [(t)-[:HAS_PRIMARY_GOAL]->(g:Goal) | g.name][0] AS primaryGoal,
       [(t)-[:IN_CATEGORY]->(c:Category) | c.name] AS categories,
       [(t)-[:IN_SUBCATEGORY]->(s:SubCategory) | s.name] AS subCategories,
       [(t)-[:TAGGED]->(g:Tag) | g.name] AS tags,
       [(t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
          | {type: a.name, value: v.name}] AS attributes
"""
RECORD = """
MATCH (t) WHERE elementId(t) = $id
SET t.updatedBy = $by, t.updatedAt = $at
CREATE (t)-[:HAS_CHANGE]->(:Change {version: $version, at: $at, by: $by, action: $action,
                                    changes: $changes, state: $state, restoredFrom: $from})
"""
# Live first, then deleted: a slug names one of them (new slugs avoid deleted ones too).
FIND = """
CALL () {
  MATCH (t:Technique {slug: $slug}) RETURN t
  UNION
  MATCH (t:DeletedTechnique {slug: $slug}) RETURN t
}
WITH t LIMIT 1
"""
FIRST_CHANGE = (
    FIND
    + """
MATCH (t)-[:HAS_CHANGE]->(c:Change)
RETURN c.version AS version, c.action AS action, c.state AS state, c.changes AS changes
ORDER BY c.version LIMIT 1
"""
)
PAGE = (
    FIND
    + """
MATCH (t)-[:HAS_CHANGE]->(c:Change)
RETURN c.version AS version, c.at AS at, c.by AS by, c.action AS action,
       c.changes AS changes, c.restoredFrom AS restoredFrom
ORDER BY c.version DESC SKIP $offset LIMIT $limit
"""
)
AT_VERSION = (
    FIND
    + """
MATCH (t)-[:HAS_CHANGE]->(c:Change {version: $version})
RETURN c.state AS state LIMIT 1
"""
)
HEAD = (
    FIND
    + """
RETURN t.version AS version, t:DeletedTechnique AS deleted, t.src AS src,
       t.legacyId AS legacyId, t.migratedAt AS migratedAt,
       COUNT { (t)-[:HAS_CHANGE]->(:Change) } AS total
"""
)
CHANGES_SINCE = """
MATCH (t) WHERE elementId(t) = $id
MATCH (t)-[:HAS_CHANGE]->(c:Change) WHERE c.version > $since
RETURN c.changes AS changes ORDER BY c.version
"""
LEGACY = "migrated"
MIGRATION = "migration"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def state_of(tx: Tx, node_id: str) -> State:
    return normal_state(tx.one(STATE, {"id": node_id}))


def record(
    tx: Tx,
    node_id: str,
    version: int,
    action: str,
    by: str,
    changes: list[Change],
    state: State,
    restored_from: int | None = None,
) -> None:
    """One accepted write in the history, and the node's `updatedBy`/`updatedAt`."""
    tx.run(
        RECORD,
        {
            "id": node_id,
            "version": version,
            "at": now(),
            "by": by,
            "action": action,
            "changes": encode(changes),
            "state": encode(state),
            "from": restored_from,
        },
    )


def changes_since(tx: Tx, node_id: str, version: int) -> list[list[Change]]:
    """What each write after `version` changed (oldest first)."""
    return [
        decode(row["changes"]) for row in tx.run(CHANGES_SINCE, {"id": node_id, "since": version})
    ]


@dataclass(frozen=True)
class Entry:
    version: int
    at: str | None
    by: str
    action: str
    changes: list[Change]
    restored_from: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class History:
    slug: str
    version: int
    deleted: bool
    total: int
    entries: list[Entry]


def _legacy_baseline(graph: Graph, slug: str, head: dict[str, Any]) -> tuple[int, State] | None:
    """The migrated state (before any API write) and its version, for a migrated technique."""
    if head["src"] is None and head["legacyId"] is None:
        return None
    rows = graph.read(FIRST_CHANGE, {"slug": slug})
    if not rows:
        return None  # no write yet: the current state is the migrated one, read as usual
    first = rows[0]
    if first["action"] == "create":
        return None
    return int(first["version"]) - 1, revert(decode(first["state"]), decode(first["changes"]))


def _source(head: dict[str, Any]) -> str:
    return str(head["src"] or f"technique:{head['legacyId']}")


def history(graph: Graph, slug: str, limit: int, offset: int) -> History | None:
    """A page of a technique's history, newest first; the migration's entry last."""
    heads = graph.read(HEAD, {"slug": slug})
    if not heads:
        return None
    head = heads[0]
    rows = graph.read(PAGE, {"slug": slug, "offset": offset, "limit": limit})
    entries = [
        Entry(
            version=int(row["version"]),
            at=row["at"],
            by=row["by"],
            action=row["action"],
            changes=decode(row["changes"]),
            restored_from=row["restoredFrom"],
        )
        for row in rows
    ]
    total = int(head["total"])
    migrated = head["src"] is not None or head["legacyId"] is not None
    if migrated:
        if offset + limit > total and offset <= total:
            entries.append(_legacy_entry(graph, slug, head))
        total += 1
    return History(
        slug=slug,
        version=int(head["version"] or 0),
        deleted=bool(head["deleted"]),
        total=total,
        entries=entries,
    )


def _legacy_entry(graph: Graph, slug: str, head: dict[str, Any]) -> Entry:
    baseline = _legacy_baseline(graph, slug, head)
    if baseline is None:
        version, state = int(head["version"] or 0), version_state(graph, slug, None) or {}
    else:
        version, state = baseline
    return Entry(
        version=version,
        at=head["migratedAt"],
        by=MIGRATION,
        action=LEGACY,
        changes=[{"field": f, "before": None, "after": v} for f, v in state.items() if v],
        source=_source(head),
    )


LIVE_STATE = (
    FIND
    + """
RETURN t.name AS name, t.description AS description, t.modelDependency AS modelDependency,
       t.exampleUseCase AS exampleUseCase,
       [(t)-[:HAS_PRIMARY_GOAL]->(g:Goal) | g.name][0] AS primaryGoal,
       [(t)-[:IN_CATEGORY]->(c:Category) | c.name] AS categories,
       [(t)-[:IN_SUBCATEGORY]->(s:SubCategory) | s.name] AS subCategories,
       [(t)-[:TAGGED]->(g:Tag) | g.name] AS tags,
       [(t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
          | {type: a.name, value: v.name}] AS attributes,
       t.version AS version
"""
)


def version_state(graph: Graph, slug: str, version: int | None) -> State | None:
    """The technique as it was at `version` (None: as it is now); None when unknown."""
    if version is None:
        rows = graph.read(LIVE_STATE, {"slug": slug})
        return normal_state(rows[0]) if rows else None
    rows = graph.read(AT_VERSION, {"slug": slug, "version": version})
    if rows:
        state: State = decode(rows[0]["state"])
        return state
    heads = graph.read(HEAD, {"slug": slug})
    if not heads:
        return None
    head = heads[0]
    baseline = _legacy_baseline(graph, slug, head)
    if baseline is not None and baseline[0] == version:
        return baseline[1]
    if baseline is None and int(head["version"] or 0) == version and not head["total"]:
        return version_state(graph, slug, None)
    return None


DELETED = """
MATCH (t:DeletedTechnique)
RETURN t.slug AS slug, t.name AS name, t.version AS version, t.deletedAt AS deletedAt,
       t.deletedBy AS deletedBy
ORDER BY t.deletedAt DESC, t.slug SKIP $offset LIMIT $limit
"""


def deleted_techniques(graph: Graph, limit: int, offset: int) -> list[dict[str, Any]]:
    """Soft-deleted techniques, most recently deleted first."""
    return graph.read(DELETED, {"limit": limit, "offset": offset})
