"""Every rule a technique write must keep, checked at once so a refusal lists every problem,
each under its field path (`name`, `tags[1]`, `attributes[2].values[0]`).

The reads here run in the write's transaction, after it holds the technique's lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.keys import clean_name, name_key
from graph.rules import (
    ATTRIBUTE_NOT_APPLICABLE,
    DUPLICATE_NAME,
    LIST_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    SHORT_TEXT_MAX,
    SINGLE_VALUED,
    UNKNOWN_REFERENCE,
    AttributeTypeSpec,
    RuleViolation,
    attribute_applies,
    check_attribute_values,
    check_count,
    check_length,
    check_name_free,
    check_name_given,
    check_primary_goal,
    check_references,
    check_required_text,
    check_unique_names,
)
from graph.writes.refusal import Tx

KNOWN = {
    "goal": "UNWIND $keys AS k MATCH (n:Goal {key: k}) RETURN n.key AS key",
    "category": "UNWIND $keys AS k MATCH (n:Category {key: k}) RETURN n.key AS key",
    "subcategory": "UNWIND $keys AS k MATCH (n:SubCategory {key: k}) RETURN n.key AS key",
    "tag": "UNWIND $keys AS k MATCH (n:Tag {key: k}) RETURN n.key AS key",
}
KEY_TAKEN = """
MATCH (t:Technique {key: $key}) WHERE t.slug <> $slug RETURN count(t) > 0 AS taken
"""
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


@dataclass(frozen=True)
class AttributeInput:
    type: str
    values: Sequence[str]


@dataclass(frozen=True)
class TechniqueFields:
    """What a client sent; None means "not given" (on update: keep what is there). An empty
    text clears an optional field (modelDependency, exampleUseCase)."""

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
        """Node properties to set; None removes one (an emptied optional text)."""
        given = {
            "description": self.description,
            "modelDependency": self.model_dependency,
            "exampleUseCase": self.example_use_case,
        }
        return {k: (v if v.strip() else None) for k, v in given.items() if v is not None}


LISTS = (
    ("category", "categories", "categories"),
    ("subcategory", "subCategories", "sub_categories"),
    ("tag", "tags", "tags"),
)


def _list(fields: TechniqueFields, attr: str) -> Sequence[str] | None:
    value: Sequence[str] | None = getattr(fields, attr)
    return value


def text_problems(fields: TechniqueFields, creating: bool) -> list[RuleViolation]:
    """Required fields and the length limit of every text."""
    problems: list[RuleViolation] = []
    if creating or fields.name is not None:
        problems += check_name_given("name", fields.name)
    if creating or fields.description is not None:
        problems += check_required_text("description", fields.description, LONG_TEXT_MAX)
    problems += check_length("modelDependency", fields.model_dependency, SHORT_TEXT_MAX)
    problems += check_length("exampleUseCase", fields.example_use_case, LONG_TEXT_MAX)
    if creating or fields.primary_goal is not None:
        problems += check_primary_goal(fields.primary_goal)
        problems += check_length("primaryGoal", fields.primary_goal, NAME_MAX)
    for kind, field, attr in LISTS:
        names = _list(fields, attr) or ()
        problems += check_count(field, names, LIST_MAX)
        for i, name in enumerate(names):
            problems += check_length(f"{field}[{i}]", name, NAME_MAX)
        problems += [
            RuleViolation(rule=v.rule, field=field, message=v.message)
            for v in check_unique_names(kind, names)
        ]
    for i, attribute in enumerate(fields.attributes or ()):
        problems += check_length(f"attributes[{i}].type", attribute.type, NAME_MAX)
        problems += check_count(f"attributes[{i}].values", attribute.values, LIST_MAX)
        for j, value in enumerate(attribute.values):
            problems += check_length(f"attributes[{i}].values[{j}]", value, NAME_MAX)
    problems += check_count("attributes", fields.attributes, LIST_MAX)
    return problems


def _known(tx: Tx, kind: str, names: Sequence[str]) -> set[str]:
    keys = [name_key(n) for n in names if len(n) <= NAME_MAX]
    return {row["key"] for row in tx.run(KNOWN[kind], {"keys": keys})}


def reference_problems(tx: Tx, fields: TechniqueFields) -> list[RuleViolation]:
    problems: list[RuleViolation] = []
    goal = fields.primary_goal
    if goal is not None and clean_name(goal) and len(goal) <= NAME_MAX:
        problems += check_references("goal", "primaryGoal", [goal], _known(tx, "goal", [goal]))
    for kind, field, attr in LISTS:
        names = [n for n in _list(fields, attr) or () if len(n) <= NAME_MAX]
        if names:
            problems += check_references(kind, field, names, _known(tx, kind, names), True)
    return problems


def name_problems(tx: Tx, fields: TechniqueFields, slug: str) -> list[RuleViolation]:
    name = fields.name
    if name is None or not clean_name(name) or len(name) > NAME_MAX:
        return []
    taken = tx.one(KEY_TAKEN, {"key": name_key(name), "slug": slug})["taken"]
    return check_name_free("technique", name, bool(taken))


def goals_of(tx: Tx, primary_goal: str | None, categories: Sequence[str]) -> list[str]:
    """A technique's goals: its primary goal plus every goal its categories serve."""
    names: list[str] = []
    if primary_goal and len(primary_goal) <= NAME_MAX:
        row = tx.one(GOAL_NAME, {"key": name_key(primary_goal)})
        if row:
            names.append(row["name"])
    keys = [name_key(c) for c in categories if len(c) <= NAME_MAX]
    served = tx.one(GOALS_OF_CATEGORIES, {"keys": keys})
    for goal in served["goals"] if served else ():
        if goal not in names:
            names.append(goal)
    return names


def _spec(row: dict[str, Any]) -> AttributeTypeSpec:
    return AttributeTypeSpec(
        key=row["key"],
        name=row["name"],
        multi_valued=bool(row["multiValued"]),
        applies_to_all=bool(row["appliesToAll"]),
        applicable_goal_keys=frozenset(row["goalKeys"]),
        applicable_goal_names=tuple(sorted(row["goalNames"])),
    )


def _at(violations: list[RuleViolation], field: str) -> list[RuleViolation]:
    return [RuleViolation(rule=v.rule, field=field, message=v.message) for v in violations]


@dataclass(frozen=True)
class AttributePlan:
    """Attribute values to link, per named type (types not named keep their values)."""

    type_keys: list[str]
    pairs: list[dict[str, str]]


def attribute_problems(
    tx: Tx,
    attributes: Sequence[AttributeInput] | None,
    held: Sequence[dict[str, str]],
    goals_before: Sequence[str] | None,
    goals_after: Sequence[str],
) -> tuple[AttributePlan, list[RuleViolation]]:
    """Rules 1 and 2 for the technique as it would be.

    `held` are the (type, value) names it holds now. A value it holds that did not apply to
    its goals before (a legacy value the migration kept with a warning) may stay; one that
    applied must still apply; one added must apply.
    """
    given = list(attributes or ())
    named_keys = [name_key(a.type) for a in given if len(a.type) <= NAME_MAX]
    held_types = {name_key(p["type"]) for p in held}
    rows = tx.run(ATTRIBUTE_TYPES, {"keys": sorted(set(named_keys) | held_types)})
    specs = {row["key"]: (_spec(row), set(row["valueKeys"])) for row in rows}
    problems: list[RuleViolation] = []
    pairs: list[dict[str, str]] = []
    held_by_type: dict[str, list[str]] = {}
    for pair in held:
        held_by_type.setdefault(name_key(pair["type"]), []).append(pair["value"])
    seen: dict[str, int] = {}
    for i, attribute in enumerate(given):
        type_key = name_key(attribute.type)
        if len(attribute.type) > NAME_MAX:
            continue
        if type_key not in specs:
            problems += check_references(
                "attribute type", f"attributes[{i}].type", [attribute.type], ()
            )
            continue
        spec, known = specs[type_key]
        if type_key in seen:
            problems.append(
                RuleViolation(
                    rule=DUPLICATE_NAME,
                    field=f"attributes[{i}].type",
                    message=(
                        f"{spec.name} is given twice (attributes[{seen[type_key]}] too); "
                        "give each type once with all its values"
                    ),
                )
            )
            continue
        seen[type_key] = i
        was = {name_key(v) for v in held_by_type.get(type_key, ())}
        added = [v for v in attribute.values if name_key(v) not in was]
        kept = [v for v in attribute.values if name_key(v) in was]
        new = check_attribute_values(spec, added, goals_after)
        every = check_attribute_values(spec, attribute.values, goals_after)
        problems += _at(
            [v for v in new if v.rule == ATTRIBUTE_NOT_APPLICABLE]
            + [v for v in every if v.rule == SINGLE_VALUED],
            f"attributes[{i}].values",
        )
        if kept and goals_before is not None:
            problems += _still_applies(spec, kept, goals_before, goals_after, f"attributes[{i}]")
        for j, value in enumerate(attribute.values):
            if len(value) > NAME_MAX:
                continue
            if name_key(value) not in known:
                problems.append(
                    RuleViolation(
                        rule=UNKNOWN_REFERENCE,
                        field=f"attributes[{i}].values[{j}]",
                        message=(
                            f"{spec.name} has no value {value!r}; add it "
                            "(addAttributeValue) or fix the name"
                        ),
                    )
                )
                continue
            pair = {"typeKey": spec.key, "key": name_key(value)}
            if pair not in pairs:
                pairs.append(pair)
    if goals_before is not None:
        for type_key, values in sorted(held_by_type.items()):
            if type_key in seen or type_key not in specs:
                continue
            problems += _still_applies(specs[type_key][0], values, goals_before, goals_after, "")
    return AttributePlan(type_keys=sorted(seen), pairs=pairs), problems


def _still_applies(
    spec: AttributeTypeSpec,
    values: Sequence[str],
    goals_before: Sequence[str],
    goals_after: Sequence[str],
    field: str,
) -> list[RuleViolation]:
    """Values held that applied to the goals before must apply after (rule 1 kept)."""
    if not attribute_applies(spec, goals_before) or attribute_applies(spec, goals_after):
        return []
    violations = check_attribute_values(spec, values, goals_after)
    return _at(
        [v for v in violations if v.rule == ATTRIBUTE_NOT_APPLICABLE],
        f"{field}.values" if field else "attributes",
    )
