"""Small factories that put catalog nodes into the test graph with sensible defaults.

Each merges by `key`, so factories compose: `create_technique` makes its primary goal and
categories when they are not there yet (an existing node keeps the properties it was made
with). They return the node's properties.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.connection import Graph
from graph.keys import name_key, slug_base


def create_goal(
    graph: Graph, name: str = "Fairness", *, legacy_id: int | None = None, description: str = ""
) -> dict[str, Any]:
    return graph.write(
        "MERGE (g:Goal {key: $key}) ON CREATE SET g.name = $name, g.description = $description, "
        "g.legacyId = $legacyId RETURN properties(g) AS props",
        {"key": name_key(name), "name": name, "description": description, "legacyId": legacy_id},
    )[0]["props"]


def create_category(
    graph: Graph,
    name: str = "Bias Mitigation",
    *,
    serves: Sequence[str] = ("Fairness",),
    legacy_id: int | None = None,
) -> dict[str, Any]:
    """A category serving `serves` (goal names; missing goals are made), the first one legacy."""
    props = graph.write(
        "MERGE (c:Category {key: $key}) ON CREATE SET c.name = $name, c.legacyId = $legacyId "
        "RETURN properties(c) AS props",
        {"key": name_key(name), "name": name, "legacyId": legacy_id},
    )[0]["props"]
    for position, goal in enumerate(serves):
        create_goal(graph, goal)
        graph.write(
            "MATCH (c:Category {key: $key}), (g:Goal {key: $goal}) "
            "MERGE (c)-[s:SERVES]->(g) SET s.legacy = $legacy",
            {"key": props["key"], "goal": name_key(goal), "legacy": position == 0},
        )
    return props


def create_technique(
    graph: Graph,
    name: str = "Reweighing",
    *,
    primary_goal: str = "Fairness",
    categories: Sequence[str] = (),
    description: str = "Reweights training examples to balance outcomes across groups.",
    legacy_id: int | None = None,
    model_dependency: str = "Model-Agnostic",
) -> dict[str, Any]:
    """A technique with its primary goal and IN_CATEGORY links (made when missing)."""
    create_goal(graph, primary_goal)
    props = graph.write(
        "MATCH (g:Goal {key: $goal}) "
        "MERGE (t:Technique {key: $key}) "
        "SET t.name = $name, t.slug = $slug, t.description = $description, "
        "t.legacyId = $legacyId, t.modelDependency = $modelDependency, "
        "t.version = coalesce(t.version, 1) "
        "MERGE (t)-[:HAS_PRIMARY_GOAL]->(g) "
        "RETURN properties(t) AS props",
        {
            "goal": name_key(primary_goal),
            "key": name_key(name),
            "name": name,
            "slug": slug_base(name) or f"technique-{legacy_id}",
            "description": description,
            "legacyId": legacy_id,
            "modelDependency": model_dependency,
        },
    )[0]["props"]
    for category in categories:
        create_category(graph, category, serves=(primary_goal,))
        graph.write(
            "MATCH (t:Technique {key: $key}), (c:Category {key: $category}) "
            "MERGE (t)-[:IN_CATEGORY]->(c)",
            {"key": props["key"], "category": name_key(category)},
        )
    return props


def create_attribute_value(
    graph: Graph,
    type_name: str = "Scope",
    value: str = "Global",
    *,
    applies_to: Sequence[str] = ("Explainability",),
    position: int = 0,
) -> dict[str, Any]:
    """A value of an attribute type (made when missing, applying to `applies_to` goals)."""
    type_key = name_key(type_name)
    graph.write(
        "MERGE (at:AttributeType {key: $typeKey}) "
        "ON CREATE SET at.name = $typeName, at.multiValued = true, at.appliesToAll = false",
        {"typeKey": type_key, "typeName": type_name},
    )
    for goal in applies_to:
        create_goal(graph, goal)
        graph.write(
            "MATCH (at:AttributeType {key: $typeKey}), (g:Goal {key: $goal}) "
            "MERGE (at)-[:APPLIES_TO]->(g)",
            {"typeKey": type_key, "goal": name_key(goal)},
        )
    return graph.write(
        "MATCH (at:AttributeType {key: $typeKey}) "
        "MERGE (v:AttributeValue {typeKey: $typeKey, key: $key}) "
        "SET v.name = $value, v.position = $position "
        "MERGE (v)-[:OF_TYPE]->(at) "
        "RETURN properties(v) AS props",
        {"typeKey": type_key, "key": name_key(value), "value": value, "position": position},
    )[0]["props"]


def count_nodes(graph: Graph, label: str | None = None) -> int:
    """Nodes in the graph (of one label when given), the test sentinel aside."""
    rows = graph.read(
        "MATCH (n) WHERE NOT n:CatalogTestSentinel AND ($label IS NULL OR $label IN labels(n)) "
        "RETURN count(n) AS n",
        {"label": label},
    )
    return int(rows[0]["n"])
