"""Factories for graphs shaped exactly as docs/model.md describes, one node or link at a time.

Nodes are named by their name (their `key` is derived with `name_key`); an argument left out
is a property left out, as on nodes made later through the API (no `legacyId`). Links match
their ends by key, so make the nodes first. `migrated_attribute_types` adds the plan's three
types as the migration does.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.connection import Graph
from graph.keys import name_key, slug_base


def goal(
    graph: Graph, name: str, *, legacy_id: int | None = None, description: str | None = None
) -> None:
    graph.write(
        "CREATE (:Goal {name: $name, key: $key, description: $description, legacyId: $legacyId})",
        {"name": name, "key": name_key(name), "description": description, "legacyId": legacy_id},
    )


def category(
    graph: Graph,
    name: str,
    *,
    goal: str | None = None,
    legacy_id: int | None = None,
    description: str | None = None,
) -> None:
    """A category; `goal` is its legacy goal (a SERVES link with `legacy: true`)."""
    graph.write(
        "CREATE (:Category {name: $name, key: $key, description: $description, "
        "legacyId: $legacyId})",
        {"name": name, "key": name_key(name), "description": description, "legacyId": legacy_id},
    )
    if goal is not None:
        serves(graph, name, goal, legacy=True)


def serves(graph: Graph, category: str, goal: str, *, legacy: bool = False) -> None:
    graph.write(
        "MATCH (c:Category {key: $category}), (g:Goal {key: $goal}) "
        "CREATE (c)-[:SERVES {legacy: $legacy}]->(g)",
        {"category": name_key(category), "goal": name_key(goal), "legacy": legacy},
    )


def subcategory(
    graph: Graph,
    name: str,
    *,
    category: str | None = None,
    legacy_id: int | None = None,
    description: str | None = None,
) -> None:
    """A subcategory; `category` is its legacy category (PART_OF with `legacy: true`)."""
    graph.write(
        "CREATE (:SubCategory {name: $name, key: $key, description: $description, "
        "legacyId: $legacyId})",
        {"name": name, "key": name_key(name), "description": description, "legacyId": legacy_id},
    )
    if category is not None:
        part_of(graph, name, category, legacy=True)


def part_of(graph: Graph, subcategory: str, category: str, *, legacy: bool = False) -> None:
    graph.write(
        "MATCH (s:SubCategory {key: $sub}), (c:Category {key: $category}) "
        "CREATE (s)-[:PART_OF {legacy: $legacy}]->(c)",
        {"sub": name_key(subcategory), "category": name_key(category), "legacy": legacy},
    )


def technique(
    graph: Graph,
    name: str,
    *,
    primary_goal: str | None,
    legacy_id: int | None = None,
    description: str = "What it does.",
    model_dependency: str = "Model-Agnostic",
    example_use_case: str = "Where it helps.",
) -> None:
    """A technique with its HAS_PRIMARY_GOAL link (none when `primary_goal` is None)."""
    graph.write(
        "CREATE (t:Technique {name: $name, key: $key, slug: $slug, description: $description, "
        "modelDependency: $modelDependency, exampleUseCase: $exampleUseCase, "
        "legacyId: $legacyId, version: 1}) "
        "WITH t OPTIONAL MATCH (g:Goal {key: $goal}) "
        "FOREACH (_ IN CASE WHEN g IS NULL THEN [] ELSE [1] END | "
        "  CREATE (t)-[:HAS_PRIMARY_GOAL]->(g))",
        {
            "name": name,
            "key": name_key(name),
            "slug": slug_base(name) or f"technique-{legacy_id}",
            "description": description,
            "modelDependency": model_dependency,
            "exampleUseCase": example_use_case,
            "legacyId": legacy_id,
            "goal": name_key(primary_goal) if primary_goal else None,
        },
    )


def model_dependency(graph: Graph, name: str) -> None:
    """A value of the model dependency vocabulary."""
    graph.write(
        "CREATE (:ModelDependency {name: $name, key: $key})", {"name": name, "key": name_key(name)}
    )


def primary_goal(graph: Graph, technique: str, goal: str) -> None:
    graph.write(
        "MATCH (t:Technique {key: $technique}), (g:Goal {key: $goal}) "
        "CREATE (t)-[:HAS_PRIMARY_GOAL]->(g)",
        {"technique": name_key(technique), "goal": name_key(goal)},
    )


def in_category(
    graph: Graph, technique: str, category: str, *, legacy_id: int | None = None
) -> None:
    graph.write(
        "MATCH (t:Technique {key: $technique}), (c:Category {key: $category}) "
        "CREATE (t)-[:IN_CATEGORY {legacyId: $legacyId}]->(c)",
        {"technique": name_key(technique), "category": name_key(category), "legacyId": legacy_id},
    )


def in_subcategory(
    graph: Graph, technique: str, subcategory: str, *, legacy_id: int | None = None
) -> None:
    graph.write(
        "MATCH (t:Technique {key: $technique}), (s:SubCategory {key: $sub}) "
        "CREATE (t)-[:IN_SUBCATEGORY {legacyId: $legacyId}]->(s)",
        {"technique": name_key(technique), "sub": name_key(subcategory), "legacyId": legacy_id},
    )


def tag(graph: Graph, name: str, *, legacy_id: int | None = None) -> None:
    """A tag and, for a name like `a/b/c`, its ancestors `a/b` and `a` (no legacy id) with
    CHILD_OF links, as the migration derives them."""
    parts = name.split("/")
    chain = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for ancestor in chain[:-1]:
        graph.write(
            "MERGE (t:Tag {key: $key}) ON CREATE SET t.name = $name",
            {"key": name_key(ancestor), "name": ancestor},
        )
    graph.write(
        "MERGE (t:Tag {key: $key}) SET t.name = $name, t.legacyId = $legacyId",
        {"key": name_key(name), "name": name, "legacyId": legacy_id},
    )
    for child, parent in zip(chain[1:], chain[:-1], strict=True):
        graph.write(
            "MATCH (c:Tag {key: $child}), (p:Tag {key: $parent}) MERGE (c)-[:CHILD_OF]->(p)",
            {"child": name_key(child), "parent": name_key(parent)},
        )


def tagged(graph: Graph, technique: str, tag: str, *, legacy_id: int | None = None) -> None:
    graph.write(
        "MATCH (t:Technique {key: $technique}), (g:Tag {key: $tag}) "
        "CREATE (t)-[:TAGGED {legacyId: $legacyId}]->(g)",
        {"technique": name_key(technique), "tag": name_key(tag), "legacyId": legacy_id},
    )


def attribute_type(
    graph: Graph,
    name: str,
    *,
    applies_to: Sequence[str] = (),
    applies_to_all: bool = False,
    multi_valued: bool = True,
    description: str = "",
) -> None:
    """An attribute type with APPLIES_TO links to the goals named (which must exist)."""
    graph.write(
        "CREATE (a:AttributeType {name: $name, key: $key, multiValued: $multiValued, "
        "appliesToAll: $appliesToAll, description: $description}) "
        "WITH a UNWIND $goals AS goalKey MATCH (g:Goal {key: goalKey}) "
        "CREATE (a)-[:APPLIES_TO]->(g)",
        {
            "name": name,
            "key": name_key(name),
            "multiValued": multi_valued,
            "appliesToAll": applies_to_all,
            "description": description,
            "goals": [name_key(goal) for goal in applies_to],
        },
    )


def migrated_attribute_types(graph: Graph) -> None:
    """The plan's three types (docs/model.md); goals Fairness and Explainability must exist."""
    attribute_type(graph, "Fairness Approach", applies_to=["Fairness"])
    attribute_type(graph, "Project Lifecycle Stage", applies_to=["Fairness"])
    attribute_type(graph, "Scope", applies_to=["Explainability"])


def attribute_value(
    graph: Graph, type_name: str, name: str, *, position: int, legacy_id: int | None = None
) -> None:
    graph.write(
        "MATCH (a:AttributeType {key: $typeKey}) "
        "CREATE (:AttributeValue {name: $name, key: $key, typeKey: $typeKey, "
        "legacyId: $legacyId, position: $position})-[:OF_TYPE]->(a)",
        {
            "typeKey": name_key(type_name),
            "name": name,
            "key": name_key(name),
            "legacyId": legacy_id,
            "position": position,
        },
    )


def has_attribute(
    graph: Graph,
    technique: str,
    type_name: str,
    value: str,
    *,
    legacy_id: int | None = None,
    legacy_table: str | None = None,
) -> None:
    graph.write(
        "MATCH (t:Technique {key: $technique}), "
        "(v:AttributeValue {typeKey: $typeKey, key: $valueKey}) "
        "CREATE (t)-[:HAS_ATTRIBUTE {legacyId: $legacyId, legacyTable: $legacyTable}]->(v)",
        {
            "technique": name_key(technique),
            "typeKey": name_key(type_name),
            "valueKey": name_key(value),
            "legacyId": legacy_id,
            "legacyTable": legacy_table,
        },
    )


def related(
    graph: Graph,
    source: str,
    target: str,
    *,
    type: str = "related",
    legacy_id: int | None = None,
) -> None:
    graph.write(
        "MATCH (a:Technique {key: $source}), (b:Technique {key: $target}) "
        "CREATE (a)-[:RELATED_TO {type: $type, legacyId: $legacyId}]->(b)",
        {
            "source": name_key(source),
            "target": name_key(target),
            "type": type,
            "legacyId": legacy_id,
        },
    )
