"""Create, update, delete (soft), undelete, purge and restore a technique, each in one write
transaction that records itself in the edit history (graph/writes/history.py).

A write to an existing technique takes its write lock first (its first statement writes the
node) and reads it only then, so concurrent writes to one technique run one after the other,
each sees what the one before it committed, and none is lost; a write whose technique was
deleted meanwhile is refused. A client that sends `expectedVersion` is refused when someone
else wrote in between, with the fields they changed and their current values.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.connection import Graph
from graph.keys import clean_name, name_key, slug_base, sort_name
from graph.queries.entities import TECHNIQUE
from graph.queries.selection import Selection
from graph.queries.statement import Limits
from graph.rules import (
    CONCURRENT_CHANGE,
    DUPLICATE_NAME,
    SLUG_MAX,
    UNKNOWN_REFERENCE,
    RuleViolation,
    check_version,
)
from graph.writes import history
from graph.writes.changes import State, changed_fields, diff
from graph.writes.readback import Record, read_back
from graph.writes.refusal import Conflict, Tx, WriteRefused, in_write_tx, refuse, refuse_if
from graph.writes.technique_checks import (
    AttributeInput,
    TechniqueFields,
    attribute_problems,
    goals_of,
    name_problems,
    reference_problems,
    text_problems,
)
from graph.writes.vocabulary import check_model_dependency

__all__ = ["AttributeInput", "TechniqueFields"]

# The lock: a write to the node, before anything is read of it.
LOCK = """
MATCH (t:Technique {slug: $slug}) SET t.updatedAt = $at RETURN elementId(t) AS id
"""
LOCK_DELETED = """
MATCH (t:DeletedTechnique {slug: $slug}) SET t.updatedAt = $at RETURN elementId(t) AS id
"""
# Read under the lock: what the last committed write left, or nothing when it deleted it.
BUMP = """
MATCH (t:Technique) WHERE elementId(t) = $id
SET t.version = coalesce(t.version, 0) + 1
RETURN t.version - 1 AS version
"""
BUMP_DELETED = """
MATCH (t:DeletedTechnique) WHERE elementId(t) = $id
SET t.version = coalesce(t.version, 0) + 1
RETURN t.version - 1 AS version
"""
SLUGS_LIKE = """
CALL () {
  MATCH (t:Technique) WHERE t.slug = $base OR t.slug STARTS WITH $base + '-' RETURN t.slug AS s
  UNION
  MATCH (t:DeletedTechnique) WHERE t.slug = $base OR t.slug STARTS WITH $base + '-'
  RETURN t.slug AS s
}
RETURN collect(s) AS slugs
"""
CREATE = """
CREATE (t:Technique {slug: $slug, name: $name, key: $key, version: 1})
SET t += $props
RETURN elementId(t) AS id
"""
SET_PROPS = "MATCH (t) WHERE elementId(t) = $id SET t += $props"
# Links not in the new list go; links already there stay as they are (with their legacy
# properties, which `catalog export` writes back); new ones are made.
REPLACE_PRIMARY_GOAL = """
MATCH (t) WHERE elementId(t) = $id MATCH (g:Goal {key: $key})
OPTIONAL MATCH (t)-[r:HAS_PRIMARY_GOAL]->(old:Goal) WHERE old <> g
DELETE r
MERGE (t)-[:HAS_PRIMARY_GOAL]->(g)
"""
REPLACE_CATEGORIES = """
MATCH (t) WHERE elementId(t) = $id
CALL (t) { MATCH (t)-[r:IN_CATEGORY]->(c) WHERE NOT c.key IN $keys DELETE r }
CALL (t) { UNWIND $keys AS k MATCH (c:Category {key: k}) MERGE (t)-[:IN_CATEGORY]->(c) }
"""
REPLACE_SUBCATEGORIES = """
MATCH (t) WHERE elementId(t) = $id
CALL (t) { MATCH (t)-[r:IN_SUBCATEGORY]->(c) WHERE NOT c.key IN $keys DELETE r }
CALL (t) { UNWIND $keys AS k MATCH (c:SubCategory {key: k}) MERGE (t)-[:IN_SUBCATEGORY]->(c) }
"""
REPLACE_TAGS = """
MATCH (t) WHERE elementId(t) = $id
CALL (t) { MATCH (t)-[r:TAGGED]->(c) WHERE NOT c.key IN $keys DELETE r }
CALL (t) { UNWIND $keys AS k MATCH (c:Tag {key: k}) MERGE (t)-[:TAGGED]->(c) }
"""
# Only the types the write names: values of other types stay (nothing dropped unasked).
REPLACE_ATTRIBUTES = """
MATCH (t) WHERE elementId(t) = $id
CALL (t) {
  MATCH (t)-[r:HAS_ATTRIBUTE]->(v:AttributeValue)
  WHERE v.typeKey IN $types
    AND NOT (v.typeKey + '/' + v.key) IN [p IN $pairs | p.typeKey + '/' + p.key]
  DELETE r
}
CALL (t) {
  UNWIND $pairs AS p MATCH (v:AttributeValue {typeKey: p.typeKey, key: p.key})
  MERGE (t)-[:HAS_ATTRIBUTE]->(v)
  RETURN count(v) AS linked
}
RETURN linked
"""
CURRENT = """
MATCH (t) WHERE elementId(t) = $id
RETURN t.modelDependency AS modelDependency,
       [(t)-[:HAS_PRIMARY_GOAL]->(g:Goal) | g.name][0] AS primaryGoal,
       [(t)-[:IN_CATEGORY]->(c:Category) | c.name] AS categories,
       [(t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
          | {type: a.name, value: v.name}] AS attributes
"""
SOFT_DELETE = """
MATCH (t) WHERE elementId(t) = $id
REMOVE t:Technique SET t:DeletedTechnique, t.deletedAt = $at, t.deletedBy = $by
"""
UNDELETE = """
MATCH (t) WHERE elementId(t) = $id
REMOVE t:DeletedTechnique, t.deletedAt, t.deletedBy SET t:Technique
"""
LIVE_TAKEN = """
MATCH (t:Technique) WHERE t.key = $key OR t.slug = $slug RETURN t.slug AS slug LIMIT 1
"""
PURGE = """
MATCH (t) WHERE elementId(t) = $id
OPTIONAL MATCH (t)-[:HAS_CHANGE]->(c:Change)
DETACH DELETE c
WITH DISTINCT t
DETACH DELETE t
"""
IS_LIVE = "MATCH (t:Technique {slug: $slug}) RETURN t.slug AS slug"


def slug_root(name: str) -> str:
    """A new technique's slug before numbering: its name's, at most SLUG_MAX characters (cut
    at a word when one ends in the second half)."""
    base = slug_base(name[: SLUG_MAX * 4]) or "technique"
    if len(base) > SLUG_MAX:
        cut = base[:SLUG_MAX]
        base = cut.rsplit("-", 1)[0] if "-" in cut[SLUG_MAX // 2 :] else cut
    return base


def new_slug(name: str, taken: set[str]) -> str:
    """The slug of a technique made through the API: `slug_root`, unique against `taken`."""
    base = slug_root(name)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass(frozen=True)
class Locked:
    id: str
    version: int
    slug: str


def _lock(tx: Tx, slug: str, deleted: bool = False) -> Locked:
    """Take the technique's write lock, then read it; refused when it is not (or no longer)
    there."""
    row = tx.one(LOCK_DELETED if deleted else LOCK, {"slug": slug, "at": history.now()})
    if row is None:
        what = "deleted technique" if deleted else "technique"
        refuse(UNKNOWN_REFERENCE, "slug", f"no {what} has the slug {slug!r}; check it")
    bumped = tx.one(BUMP_DELETED if deleted else BUMP, {"id": row["id"]})
    if bumped is None:
        refuse(
            CONCURRENT_CHANGE,
            "slug",
            f"technique {slug!r} was {'restored' if deleted else 'deleted'} by another write "
            "just now; reload it",
        )
    return Locked(id=row["id"], version=int(bumped["version"]), slug=slug)


def _check_version(tx: Tx, locked: Locked, expected: int | None) -> None:
    if expected is None or expected == locked.version:
        return
    since = history.changes_since(tx, locked.id, expected)
    fields = changed_fields(since)
    now = history.state_of(tx, locked.id)
    raise WriteRefused(
        check_version(expected, locked.version, fields),
        conflict=Conflict(
            current_version=locked.version,
            changes=[
                {
                    "field": f,
                    "before": next(
                        (c["before"] for changes in since for c in changes if c["field"] == f),
                        None,
                    ),
                    "after": now.get(f),
                }
                for f in fields
            ],
        ),
    )


def _write(tx: Tx, node_id: str | None, slug: str, fields: TechniqueFields, creating: bool) -> str:
    """Check every rule against the technique as it would be, then write it; its id."""
    current = tx.one(CURRENT, {"id": node_id}) if node_id else None
    problems: list[RuleViolation] = text_problems(fields, creating)
    problems += reference_problems(tx, fields)
    problems += check_model_dependency(
        tx, fields.model_dependency, current["modelDependency"] if current else None
    )
    problems += name_problems(tx, fields, slug)
    primary = (
        fields.primary_goal
        if fields.primary_goal is not None
        else (current["primaryGoal"] if current else None)
    )
    categories = (
        fields.categories
        if fields.categories is not None
        else (current or {}).get("categories", [])
    )
    goals_after = goals_of(tx, primary, categories or [])
    goals_before = goals_of(tx, current["primaryGoal"], current["categories"]) if current else None
    plan, attribute_violations = attribute_problems(
        tx, fields.attributes, current["attributes"] if current else [], goals_before, goals_after
    )
    refuse_if(problems + attribute_violations)

    props = fields.properties()
    if fields.name is not None:
        props |= {
            "name": clean_name(fields.name),
            "key": name_key(fields.name),
            "sortName": sort_name(fields.name),
        }
    if node_id is None:
        node_id = str(
            tx.one(
                CREATE,
                {
                    "slug": slug,
                    "name": props.pop("name"),
                    "key": props.pop("key"),
                    "props": {k: v for k, v in props.items() if v is not None},
                },
            )["id"]
        )
    elif props:
        tx.run(SET_PROPS, {"id": node_id, "props": props})
    if fields.primary_goal is not None:
        tx.run(REPLACE_PRIMARY_GOAL, {"id": node_id, "key": name_key(fields.primary_goal)})
    for query, names in (
        (REPLACE_CATEGORIES, fields.categories),
        (REPLACE_SUBCATEGORIES, fields.sub_categories),
        (REPLACE_TAGS, fields.tags),
    ):
        if names is not None:
            tx.run(query, {"id": node_id, "keys": sorted({name_key(n) for n in names})})
    if fields.attributes is not None:
        linked = tx.one(
            REPLACE_ATTRIBUTES, {"id": node_id, "types": plan.type_keys, "pairs": plan.pairs}
        )
        if linked is not None and linked["linked"] < len(plan.pairs):
            refuse(
                CONCURRENT_CHANGE,
                "attributes",
                "an attribute value this write sets was removed by another write just now; "
                "reload the technique and try again",
            )
    return node_id


def create_technique(
    graph: Graph, fields: TechniqueFields, by: str, selection: Selection, limits: Limits
) -> Record:
    def work(tx: Tx) -> Record:
        name = fields.name or ""
        taken = set(tx.one(SLUGS_LIKE, {"base": slug_root(name)})["slugs"])
        slug = new_slug(name, taken)
        node_id = _write(tx, None, slug, fields, creating=True)
        state = history.state_of(tx, node_id)
        history.record(tx, node_id, 1, "create", by, diff(None, state), state)
        return read_back(tx, TECHNIQUE, "slug", slug, selection, limits)

    return in_write_tx(graph, work)


def _update(
    tx: Tx,
    slug: str,
    fields: TechniqueFields,
    expected_version: int | None,
    by: str,
    action: str = "update",
    restored_from: int | None = None,
) -> None:
    locked = _lock(tx, slug)
    _check_version(tx, locked, expected_version)
    before = history.state_of(tx, locked.id)
    _write(tx, locked.id, slug, fields, creating=False)
    after = history.state_of(tx, locked.id)
    history.record(
        tx, locked.id, locked.version + 1, action, by, diff(before, after), after, restored_from
    )


def update_technique(
    graph: Graph,
    slug: str,
    fields: TechniqueFields,
    expected_version: int | None,
    by: str,
    selection: Selection,
    limits: Limits,
) -> Record:
    def work(tx: Tx) -> Record:
        _update(tx, slug, fields, expected_version, by)
        return read_back(tx, TECHNIQUE, "slug", slug, selection, limits)

    return in_write_tx(graph, work)


def delete_technique(graph: Graph, slug: str, expected_version: int | None, by: str) -> str:
    """Soft delete: the technique leaves every read, keeping its links and history."""

    def work(tx: Tx) -> str:
        locked = _lock(tx, slug)
        _check_version(tx, locked, expected_version)
        state = history.state_of(tx, locked.id)
        tx.run(SOFT_DELETE, {"id": locked.id, "at": history.now(), "by": by})
        history.record(tx, locked.id, locked.version + 1, "delete", by, [], state)
        return slug

    return in_write_tx(graph, work)


def undelete_technique(
    graph: Graph, slug: str, by: str, selection: Selection, limits: Limits
) -> Record:
    """A soft-deleted technique back in every read, unless its name or slug was taken."""

    def work(tx: Tx) -> Record:
        locked = _lock(tx, slug, deleted=True)
        state = history.state_of(tx, locked.id)
        key = name_key(state.get("name") or "")
        clash = tx.one(LIVE_TAKEN, {"key": key, "slug": slug})
        if clash is not None:
            refuse(
                DUPLICATE_NAME,
                "slug",
                f"technique {clash['slug']!r} now has this technique's name or slug; rename "
                "one of them before restoring",
            )
        tx.run(UNDELETE, {"id": locked.id})
        history.record(tx, locked.id, locked.version + 1, "undelete", by, [], state)
        return read_back(tx, TECHNIQUE, "slug", slug, selection, limits)

    return in_write_tx(graph, work)


def purge_technique(graph: Graph, slug: str) -> str:
    """Delete a soft-deleted technique for good, with its history."""

    def work(tx: Tx) -> str:
        if tx.one(IS_LIVE, {"slug": slug}) is not None:
            refuse(
                "deleted-first",
                "slug",
                f"technique {slug!r} is not deleted; delete it first (deleteTechnique), then "
                "purge it",
            )
        locked = _lock(tx, slug, deleted=True)
        tx.run(PURGE, {"id": locked.id})
        return slug

    return in_write_tx(graph, work)


def fields_of_state(state: State, current: State) -> TechniqueFields:
    """The write that makes a technique `state` again: every field given, and every
    attribute type it holds now named (emptied when the past state had none of it)."""
    past = {a["type"]: a["values"] for a in state.get("attributes") or ()}
    types = list(past) + [
        a["type"] for a in current.get("attributes") or () if a["type"] not in past
    ]
    return TechniqueFields(
        name=state.get("name"),
        description=state.get("description") or "",
        model_dependency=state.get("modelDependency") or "",
        example_use_case=state.get("exampleUseCase") or "",
        primary_goal=state.get("primaryGoal"),
        categories=state.get("categories") or [],
        sub_categories=state.get("subCategories") or [],
        tags=state.get("tags") or [],
        attributes=[AttributeInput(type=t, values=past.get(t, [])) for t in types],
    )


def restore_version(
    graph: Graph,
    slug: str,
    version: int,
    expected_version: int | None,
    by: str,
    selection: Selection,
    limits: Limits,
) -> Record:
    """Make a technique what it was at `version`: a new write, itself in the history."""
    past = history.version_state(graph, slug, version)
    if past is None:
        raise WriteRefused(
            [
                RuleViolation(
                    rule=UNKNOWN_REFERENCE,
                    field="version",
                    message=(
                        f"technique {slug!r} has no version {version} in its history; "
                        "see techniqueHistory"
                    ),
                )
            ]
        )
    current = history.version_state(graph, slug, None) or {}

    def work(tx: Tx) -> Record:
        _update(tx, slug, fields_of_state(past, current), expected_version, by, "restore", version)
        return read_back(tx, TECHNIQUE, "slug", slug, selection, limits)

    return in_write_tx(graph, work)
