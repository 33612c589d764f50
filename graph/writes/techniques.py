"""Create, update and delete a technique, each in one write transaction.

An update takes the technique's write lock first (its first statement bumps `version`), so
concurrent writes to one technique run one after the other and none is lost; a client that
sends `expectedVersion` is refused when someone else wrote in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.connection import Graph
from graph.keys import clean_name, name_key, slug_base, sort_name
from graph.queries.entities import TECHNIQUE
from graph.queries.selection import Selection
from graph.queries.statement import Limits
from graph.rules import (
    UNKNOWN_REFERENCE,
    AttributeTypeSpec,
    RuleViolation,
    check_attribute_values,
    check_name_free,
    check_name_given,
    check_primary_goal,
    check_references,
    check_unique_names,
    check_version,
)
from graph.writes.readback import Record, read_back
from graph.writes.refusal import Tx, in_write_tx, refuse, refuse_if

LOCK_AND_BUMP = """
MATCH (t:Technique {slug: $slug})
SET t.version = coalesce(t.version, 0) + 1
RETURN t.version - 1 AS version, t.key AS key,
       [(t)-[:HAS_PRIMARY_GOAL]->(g:Goal) | g.name][0] AS primaryGoal,
       [(t)-[:IN_CATEGORY]->(c:Category) | c.name] AS categories,
       [(t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
          | {type: a.name, value: v.name}] AS attributes
"""
KEY_TAKEN = """
MATCH (t:Technique {key: $key}) WHERE t.slug <> $slug RETURN count(t) > 0 AS taken
"""
SLUGS_LIKE = """
MATCH (t:Technique) WHERE t.slug = $base OR t.slug STARTS WITH $base + '-'
RETURN collect(t.slug) AS slugs
"""
KNOWN_GOALS = "UNWIND $keys AS k MATCH (n:Goal {key: k}) RETURN n.key AS key"
KNOWN_CATEGORIES = "UNWIND $keys AS k MATCH (n:Category {key: k}) RETURN n.key AS key"
KNOWN_SUBCATEGORIES = "UNWIND $keys AS k MATCH (n:SubCategory {key: k}) RETURN n.key AS key"
KNOWN_TAGS = "UNWIND $keys AS k MATCH (n:Tag {key: k}) RETURN n.key AS key"
GOALS_OF_CATEGORIES = """
MATCH (c:Category)-[:SERVES]->(g:Goal) WHERE c.key IN $keys
RETURN collect(DISTINCT g.name) AS goals
"""
GOAL_NAME = "MATCH (g:Goal {key: $key}) RETURN g.name AS name"
ATTRIBUTE_TYPES = """
UNWIND $keys AS k MATCH (a:AttributeType {key: k})
RETURN a.key AS key, a.name AS name, a.multiValued AS multiValued,
       a.appliesToAll AS appliesToAll,
       [(a)-[:APPLIES_TO]->(g:Goal) | g.key] AS goalKeys,
       [(a)-[:APPLIES_TO]->(g:Goal) | g.name] AS goalNames,
       [(v:AttributeValue)-[:OF_TYPE]->(a) | v.key] AS valueKeys
"""
CREATE = """
CREATE (t:Technique {slug: $slug, name: $name, key: $key, version: 1})
SET t += $props
"""
SET_PROPS = "MATCH (t:Technique {slug: $slug}) SET t += $props"
# Links not in the new list go; links already there stay as they are (with their legacy
# properties, which `catalog export` writes back); new ones are made.
REPLACE_PRIMARY_GOAL = """
MATCH (t:Technique {slug: $slug}), (g:Goal {key: $key})
OPTIONAL MATCH (t)-[r:HAS_PRIMARY_GOAL]->(old:Goal) WHERE old <> g
DELETE r
MERGE (t)-[:HAS_PRIMARY_GOAL]->(g)
"""
REPLACE_CATEGORIES = """
MATCH (t:Technique {slug: $slug})
CALL (t) { MATCH (t)-[r:IN_CATEGORY]->(c) WHERE NOT c.key IN $keys DELETE r }
CALL (t) { UNWIND $keys AS k MATCH (c:Category {key: k}) MERGE (t)-[:IN_CATEGORY]->(c) }
"""
REPLACE_SUBCATEGORIES = """
MATCH (t:Technique {slug: $slug})
CALL (t) { MATCH (t)-[r:IN_SUBCATEGORY]->(c) WHERE NOT c.key IN $keys DELETE r }
CALL (t) { UNWIND $keys AS k MATCH (c:SubCategory {key: k}) MERGE (t)-[:IN_SUBCATEGORY]->(c) }
"""
REPLACE_TAGS = """
MATCH (t:Technique {slug: $slug})
CALL (t) { MATCH (t)-[r:TAGGED]->(c) WHERE NOT c.key IN $keys DELETE r }
CALL (t) { UNWIND $keys AS k MATCH (c:Tag {key: k}) MERGE (t)-[:TAGGED]->(c) }
"""
REPLACE_ATTRIBUTES = """
MATCH (t:Technique {slug: $slug})
CALL (t) {
  MATCH (t)-[r:HAS_ATTRIBUTE]->(v:AttributeValue)
  WHERE NOT (v.typeKey + '/' + v.key) IN [p IN $pairs | p.typeKey + '/' + p.key]
  DELETE r
}
CALL (t) {
  UNWIND $pairs AS p MATCH (v:AttributeValue {typeKey: p.typeKey, key: p.key})
  MERGE (t)-[:HAS_ATTRIBUTE]->(v)
}
"""
DELETE = "MATCH (t:Technique {slug: $slug}) DETACH DELETE t RETURN count(*) AS deleted"


@dataclass(frozen=True)
class AttributeInput:
    type: str
    values: Sequence[str]


@dataclass(frozen=True)
class TechniqueFields:
    """What a client sent; None means "not given" (on update: keep what is there)."""

    name: str | None = None
    description: str | None = None
    model_dependency: str | None = None
    example_use_case: str | None = None
    primary_goal: str | None = None
    categories: Sequence[str] | None = None
    sub_categories: Sequence[str] | None = None
    tags: Sequence[str] | None = None
    attributes: Sequence[AttributeInput] | None = None

    def properties(self) -> dict[str, Any]:
        given = {
            "description": self.description,
            "modelDependency": self.model_dependency,
            "exampleUseCase": self.example_use_case,
        }
        return {k: v for k, v in given.items() if v is not None}


def new_slug(name: str, taken: set[str]) -> str:
    """The slug of a technique made through the API: its name's, unique against `taken`."""
    base = slug_base(name) or "technique"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _known(tx: Tx, query: Any, names: Sequence[str]) -> set[str]:
    return {row["key"] for row in tx.run(query, {"keys": [name_key(n) for n in names]})}


def _check_references(tx: Tx, fields: TechniqueFields) -> list[RuleViolation]:
    violations: list[RuleViolation] = []
    if fields.primary_goal is not None and clean_name(fields.primary_goal):
        goals = _known(tx, KNOWN_GOALS, [fields.primary_goal])
        violations += check_references("goal", "primaryGoal", [fields.primary_goal], goals)
    for kind, field_name, query, names in (
        ("category", "categories", KNOWN_CATEGORIES, fields.categories),
        ("subcategory", "subCategories", KNOWN_SUBCATEGORIES, fields.sub_categories),
        ("tag", "tags", KNOWN_TAGS, fields.tags),
    ):
        if names:
            violations += check_references(kind, field_name, names, _known(tx, query, names))
    return violations


def _attribute_pairs(
    tx: Tx, attributes: Sequence[AttributeInput], goal_names: list[str]
) -> tuple[list[dict[str, str]], list[RuleViolation]]:
    """The (typeKey, key) pairs to link, and what breaks rules 1 and 2 or names nothing."""
    rows = tx.run(ATTRIBUTE_TYPES, {"keys": [name_key(a.type) for a in attributes]})
    types = {row["key"]: row for row in rows}
    violations: list[RuleViolation] = []
    pairs: list[dict[str, str]] = []
    values_by_type: dict[str, list[str]] = {}
    for attribute in attributes:
        values_by_type.setdefault(name_key(attribute.type), []).extend(attribute.values)
    for attribute in attributes:
        type_key = name_key(attribute.type)
        row = types.get(type_key)
        if row is None:
            violations += check_references(
                "attribute type", "attributes.type", [attribute.type], ()
            )
            continue
        values = values_by_type.pop(type_key, None)
        if values is None:
            continue  # the same type given twice: its values were checked together
        spec = AttributeTypeSpec(
            key=row["key"],
            name=row["name"],
            multi_valued=bool(row["multiValued"]),
            applies_to_all=bool(row["appliesToAll"]),
            applicable_goal_keys=frozenset(row["goalKeys"]),
            applicable_goal_names=tuple(sorted(row["goalNames"])),
        )
        violations += check_attribute_values(spec, values, goal_names)
        known = set(row["valueKeys"])
        for value in values:
            if name_key(value) not in known:
                violations.append(
                    RuleViolation(
                        rule=UNKNOWN_REFERENCE,
                        field="attributes.values",
                        message=(
                            f"{row['name']} has no value {value!r}; add it "
                            "(addAttributeValue) or fix the name"
                        ),
                    )
                )
            else:
                pair = {"typeKey": row["key"], "key": name_key(value)}
                if pair not in pairs:
                    pairs.append(pair)
    return pairs, violations


def _goals(tx: Tx, primary_goal: str | None, categories: Sequence[str]) -> list[str]:
    """A technique's goals: its primary goal plus every goal its categories serve."""
    names: list[str] = []
    if primary_goal:
        row = tx.one(GOAL_NAME, {"key": name_key(primary_goal)})
        if row:
            names.append(row["name"])
    served = tx.one(GOALS_OF_CATEGORIES, {"keys": [name_key(c) for c in categories]})
    for goal in served["goals"] if served else ():
        if goal not in names:
            names.append(goal)
    return names


def _write(tx: Tx, slug: str, fields: TechniqueFields, current: dict[str, Any] | None) -> None:
    """Check every rule against the technique as it would be, then write it."""
    violations: list[RuleViolation] = []
    if current is None or fields.name is not None:
        violations += check_name_given("name", fields.name)
    if current is None or fields.primary_goal is not None:
        violations += check_primary_goal(fields.primary_goal)
    for kind, names in (
        ("category", fields.categories),
        ("subcategory", fields.sub_categories),
        ("tag", fields.tags),
    ):
        violations += check_unique_names(kind, names or ())
    violations += _check_references(tx, fields)
    if fields.name is not None and clean_name(fields.name):
        taken = tx.one(KEY_TAKEN, {"key": name_key(fields.name), "slug": slug})["taken"]
        violations += check_name_free("technique", fields.name, taken)
    refuse_if(violations)

    primary: str | None = (
        fields.primary_goal
        if fields.primary_goal is not None
        else (current["primaryGoal"] if current else None)
    )
    categories = (
        fields.categories
        if fields.categories is not None
        else (current or {}).get("categories", [])
    )
    goals = _goals(tx, primary, categories)
    pairs: list[dict[str, str]] = []
    goals_changed = current is not None and set(map(name_key, goals)) != set(
        map(name_key, _goals(tx, current["primaryGoal"], current["categories"]))
    )
    attributes = fields.attributes
    if attributes is None and goals_changed and current is not None:
        # The goals change under attributes already set: they must still apply.
        grouped: dict[str, list[str]] = {}
        for pair in current["attributes"]:
            grouped.setdefault(pair["type"], []).append(pair["value"])
        attributes = [AttributeInput(type=t, values=v) for t, v in grouped.items()]
    if attributes is not None:
        pairs, violations = _attribute_pairs(tx, attributes, goals)
        refuse_if(violations)

    props = fields.properties()
    if fields.name is not None:
        props |= {
            "name": clean_name(fields.name),
            "key": name_key(fields.name),
            "sortName": sort_name(fields.name),
        }
    if current is None:
        tx.run(
            CREATE,
            {"slug": slug, "name": props.pop("name"), "key": props.pop("key"), "props": props},
        )
    elif props:
        tx.run(SET_PROPS, {"slug": slug, "props": props})
    if fields.primary_goal is not None:
        tx.run(REPLACE_PRIMARY_GOAL, {"slug": slug, "key": name_key(fields.primary_goal)})
    for query, names in (
        (REPLACE_CATEGORIES, fields.categories),
        (REPLACE_SUBCATEGORIES, fields.sub_categories),
        (REPLACE_TAGS, fields.tags),
    ):
        if names is not None:
            tx.run(query, {"slug": slug, "keys": sorted({name_key(n) for n in names})})
    if fields.attributes is not None:
        tx.run(REPLACE_ATTRIBUTES, {"slug": slug, "pairs": pairs})


def create_technique(
    graph: Graph, fields: TechniqueFields, selection: Selection, limits: Limits
) -> Record:
    def work(tx: Tx) -> Record:
        base = slug_base(fields.name or "") or "technique"
        taken = set(tx.one(SLUGS_LIKE, {"base": base})["slugs"])
        slug = new_slug(fields.name or "", taken)
        _write(tx, slug, fields, None)
        return read_back(tx, TECHNIQUE, "slug", slug, selection, limits)

    return in_write_tx(graph, work)


def update_technique(
    graph: Graph,
    slug: str,
    fields: TechniqueFields,
    expected_version: int | None,
    selection: Selection,
    limits: Limits,
) -> Record:
    def work(tx: Tx) -> Record:
        current = tx.one(LOCK_AND_BUMP, {"slug": slug})
        if current is None:
            refuse(UNKNOWN_REFERENCE, "slug", f"no technique has the slug {slug!r}; check it")
        refuse_if(check_version(expected_version, current["version"]))
        _write(tx, slug, fields, current)
        return read_back(tx, TECHNIQUE, "slug", slug, selection, limits)

    return in_write_tx(graph, work)


def delete_technique(graph: Graph, slug: str) -> str:
    def work(tx: Tx) -> str:
        if not tx.one(DELETE, {"slug": slug})["deleted"]:
            refuse(UNKNOWN_REFERENCE, "slug", f"no technique has the slug {slug!r}; check it")
        return slug

    return in_write_tx(graph, work)
