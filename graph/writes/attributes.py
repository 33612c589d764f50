"""Attribute types (create, change applicability) and their values (add, rename, remove).

Changing where a type applies is refused when techniques holding its values would be left
with values that no longer apply; renaming or removing a value bumps the `version` of every
technique holding it (their attributes change).
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.connection import Graph
from graph.keys import clean_name, name_key, sort_name
from graph.queries.entities import ATTRIBUTE_TYPE
from graph.queries.selection import Selection
from graph.queries.statement import Limits
from graph.rules import (
    UNKNOWN_REFERENCE,
    AttributeTypeSpec,
    check_change_keeps_techniques_valid,
    check_name_free,
    check_name_given,
    check_references,
    check_unique_names,
    newly_broken,
)
from graph.writes.readback import Record, read_back, read_back_value
from graph.writes.refusal import Tx, in_write_tx, refuse, refuse_if
from graph.writes.taxonomy import spec_of

TYPE = """
MATCH (a:AttributeType {key: $key})
RETURN a.key AS key, a.name AS name, a.multiValued AS multiValued, a.appliesToAll AS appliesToAll,
       [(a)-[:APPLIES_TO]->(g:Goal) | g.key] AS goalKeys,
       [(a)-[:APPLIES_TO]->(g:Goal) | g.name] AS goalNames
"""
KNOWN_GOALS = "UNWIND $keys AS k MATCH (g:Goal {key: k}) RETURN g.key AS key, g.name AS name"
CREATE_TYPE = """
CREATE (a:AttributeType {name: $name, key: $key, sortName: $sortName, multiValued: $multiValued,
                         appliesToAll: $appliesToAll})
WITH a
UNWIND $goals AS k MATCH (g:Goal {key: k}) MERGE (a)-[:APPLIES_TO]->(g)
"""
SET_APPLICABILITY = """
MATCH (a:AttributeType {key: $key})
SET a.appliesToAll = $appliesToAll
WITH a
CALL (a) { MATCH (a)-[r:APPLIES_TO]->(g:Goal) WHERE NOT g.key IN $goals DELETE r }
CALL (a) { UNWIND $goals AS k MATCH (g:Goal {key: k}) MERGE (a)-[:APPLIES_TO]->(g) }
"""
# Techniques holding values of the type, each with its goals (primary plus its categories').
HOLDERS = """
MATCH (:AttributeType {key: $key})<-[:OF_TYPE]-(:AttributeValue)<-[:HAS_ATTRIBUTE]-(t:Technique)
WITH DISTINCT t
RETURN t.slug AS slug,
       COLLECT { MATCH (t)(()-[:IN_CATEGORY]->(:Category)){0,1}()
                       -[:HAS_PRIMARY_GOAL|SERVES]->(g:Goal)
                 RETURN DISTINCT g.key } AS goals
ORDER BY slug
"""
VALUE = "MATCH (v:AttributeValue {typeKey: $typeKey, key: $key}) RETURN v.name AS name"
ADD_VALUE = """
MATCH (a:AttributeType {key: $typeKey})
OPTIONAL MATCH (other:AttributeValue)-[:OF_TYPE]->(a)
WITH a, coalesce(max(other.position), 0) + 1 AS position
CREATE (v:AttributeValue {name: $name, key: $key, sortName: $sortName, typeKey: $typeKey,
                          position: position})
CREATE (v)-[:OF_TYPE]->(a)
"""
# Lock and bump the techniques holding a value before it changes under them.
BUMP_HOLDERS = """
MATCH (:AttributeValue {typeKey: $typeKey, key: $key})<-[:HAS_ATTRIBUTE]-(t:Technique)
SET t.version = coalesce(t.version, 0) + 1
"""
RENAME_VALUE = """
MATCH (v:AttributeValue {typeKey: $typeKey, key: $key})
SET v.name = $name, v.key = $newKey, v.sortName = $sortName
"""
REMOVE_VALUE = "MATCH (v:AttributeValue {typeKey: $typeKey, key: $key}) DETACH DELETE v"


def _named(name: str) -> dict[str, str]:
    """A name's parameters: as stored, its key, and what it sorts by."""
    return {"name": clean_name(name), "key": name_key(name), "sortName": sort_name(name)}


def _type(tx: Tx, name: str) -> AttributeTypeSpec:
    row = tx.one(TYPE, {"key": name_key(name)})
    if row is None:
        refuse(
            UNKNOWN_REFERENCE,
            "type",
            f"type names attribute type {name!r}, which does not exist; add it or fix the name",
        )
    return spec_of(row)


def _goal_keys(tx: Tx, field: str, goals: Sequence[str]) -> list[tuple[str, str]]:
    refuse_if(check_unique_names("goal", goals))
    known = {
        row["key"]: row["name"]
        for row in tx.run(KNOWN_GOALS, {"keys": [name_key(g) for g in goals]})
    }
    refuse_if(check_references("goal", field, goals, known))
    return sorted(known.items())


def create_attribute_type(
    graph: Graph,
    name: str,
    multi_valued: bool,
    applies_to_all: bool,
    applicable_goals: Sequence[str],
    values: Sequence[str],
    selection: Selection,
    limits: Limits,
) -> Record:
    def work(tx: Tx) -> Record:
        refuse_if(check_name_given("name", name))
        taken = tx.one(TYPE, {"key": name_key(name)}) is not None
        refuse_if(check_name_free("attribute type", name, taken))
        goals = _goal_keys(tx, "applicableGoals", applicable_goals)
        refuse_if(check_unique_names("attribute value", values))
        for value in values:
            refuse_if(check_name_given("values", value))
        key = name_key(name)
        tx.run(
            CREATE_TYPE,
            {
                "name": clean_name(name),
                "key": key,
                "sortName": sort_name(name),
                "multiValued": multi_valued,
                "appliesToAll": applies_to_all,
                "goals": [k for k, _ in goals],
            },
        )
        for value in values:
            tx.run(ADD_VALUE, {"typeKey": key, **_named(value)})
        return read_back(tx, ATTRIBUTE_TYPE, "key", key, selection, limits)

    return in_write_tx(graph, work, kind="name")


def set_applicability(
    graph: Graph,
    name: str,
    applies_to_all: bool,
    applicable_goals: Sequence[str],
    selection: Selection,
    limits: Limits,
) -> Record:
    """Change where a type applies; refused (naming them) when techniques would break."""

    def work(tx: Tx) -> Record:
        before = _type(tx, name)
        goals = _goal_keys(tx, "applicableGoals", applicable_goals)
        after = AttributeTypeSpec(
            key=before.key,
            name=before.name,
            multi_valued=before.multi_valued,
            applies_to_all=applies_to_all,
            applicable_goal_keys=frozenset(k for k, _ in goals),
            applicable_goal_names=tuple(n for _, n in goals),
        )
        holders = [
            (r["slug"], r["goals"], r["goals"]) for r in tx.run(HOLDERS, {"key": before.key})
        ]
        refuse_if(
            check_change_keeps_techniques_valid(
                "applicableGoals",
                before.name,
                newly_broken(before, after, holders),
                "keep their goals applicable or remove those values first",
            )
        )
        tx.run(
            SET_APPLICABILITY,
            {"key": before.key, "appliesToAll": applies_to_all, "goals": [k for k, _ in goals]},
        )
        return read_back(tx, ATTRIBUTE_TYPE, "key", before.key, selection, limits)

    return in_write_tx(graph, work)


def _value_exists(tx: Tx, type_key: str, name: str) -> bool:
    return tx.one(VALUE, {"typeKey": type_key, "key": name_key(name)}) is not None


def _require_value(tx: Tx, spec: AttributeTypeSpec, name: str) -> None:
    if not _value_exists(tx, spec.key, name):
        refuse(
            UNKNOWN_REFERENCE,
            "name",
            f"{spec.name} has no value {name!r}; check the name (attributeValues lists them)",
        )


def add_value(
    graph: Graph, type_name: str, name: str, selection: Selection, limits: Limits
) -> Record:
    def work(tx: Tx) -> Record:
        spec = _type(tx, type_name)
        refuse_if(check_name_given("name", name))
        refuse_if(check_name_free(f"{spec.name} value", name, _value_exists(tx, spec.key, name)))
        tx.run(ADD_VALUE, {"typeKey": spec.key, **_named(name)})
        return read_back_value(tx, spec.key, name_key(name), selection, limits)

    return in_write_tx(graph, work)


def rename_value(
    graph: Graph, type_name: str, name: str, new_name: str, selection: Selection, limits: Limits
) -> Record:
    def work(tx: Tx) -> Record:
        spec = _type(tx, type_name)
        _require_value(tx, spec, name)
        refuse_if(check_name_given("newName", new_name))
        if name_key(new_name) != name_key(name):
            taken = _value_exists(tx, spec.key, new_name)
            refuse_if(check_name_free(f"{spec.name} value", new_name, taken))
        keys = {"typeKey": spec.key, "key": name_key(name)}
        tx.run(BUMP_HOLDERS, keys)
        named = _named(new_name)
        tx.run(
            RENAME_VALUE,
            keys | {"name": named["name"], "newKey": named["key"], "sortName": named["sortName"]},
        )
        return read_back_value(tx, spec.key, name_key(new_name), selection, limits)

    return in_write_tx(graph, work)


def remove_value(graph: Graph, type_name: str, name: str) -> str:
    """Remove a value from its type and from every technique holding it."""

    def work(tx: Tx) -> str:
        spec = _type(tx, type_name)
        _require_value(tx, spec, name)
        keys = {"typeKey": spec.key, "key": name_key(name)}
        tx.run(BUMP_HOLDERS, keys)
        tx.run(REMOVE_VALUE, keys)
        return clean_name(name)

    return in_write_tx(graph, work)
