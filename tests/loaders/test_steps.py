"""Each step of the plan's data migration, run on the real bundled catalog into a real graph,
checked against the source with SQL written independently of the loader."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.connection import Graph
from graph.schema import install_schema
from loaders.migrate import GraphSink
from loaders.sources import open_source
from loaders.steps import STEPS, StepContext

Pairs = set[tuple[object, ...]]


def sql(db: Path, query: str) -> Pairs:
    with sqlite3.connect(db) as connection:
        return {tuple(row) for row in connection.execute(query)}


def cypher(graph: Graph, query: str) -> Pairs:
    return {tuple(row.values()) for row in graph.read(query)}  # type: ignore[arg-type]


def check_goals(db: Path, graph: Graph) -> None:
    assert cypher(graph, "MATCH (g:Goal) RETURN g.legacyId, g.name, g.description") == sql(
        db, "SELECT id, name, description FROM assurance_goal"
    )


def check_categories(db: Path, graph: Graph) -> None:
    assert cypher(
        graph,
        "MATCH (c:Category)-[:SERVES {legacy: true}]->(g:Goal) RETURN c.legacyId, c.name, g.name",
    ) == sql(
        db,
        "SELECT c.id, c.name, g.name FROM category c JOIN assurance_goal g "
        "ON g.id = c.assurance_goal_id",
    )


def check_subcategories(db: Path, graph: Graph) -> None:
    assert cypher(
        graph,
        "MATCH (s:SubCategory)-[:PART_OF {legacy: true}]->(c:Category) "
        "RETURN s.legacyId, s.name, c.name",
    ) == sql(
        db,
        "SELECT s.id, s.name, c.name FROM sub_category s JOIN category c ON c.id = s.category_id",
    )


def check_attribute_types(db: Path, graph: Graph) -> None:
    # The plan's step 4, as written there.
    assert cypher(
        graph,
        "MATCH (a:AttributeType)-[:APPLIES_TO]->(g:Goal) RETURN a.name, a.appliesToAll, g.name",
    ) == {
        ("Fairness Approach", False, "Fairness"),
        ("Project Lifecycle Stage", False, "Fairness"),
        ("Scope", False, "Explainability"),
    }


def check_attribute_values(db: Path, graph: Graph) -> None:
    expected = sql(
        db,
        "SELECT 'Fairness Approach', name FROM fairness_approach UNION "
        "SELECT 'Project Lifecycle Stage', name FROM project_lifecycle_stage",
    )
    expected |= {("Scope", "Global"), ("Scope", "Local")}
    assert (
        cypher(
            graph, "MATCH (v:AttributeValue)-[:OF_TYPE]->(a:AttributeType) RETURN a.name, v.name"
        )
        == expected
    )


def check_techniques(db: Path, graph: Graph) -> None:
    assert cypher(
        graph,
        "MATCH (t:Technique)-[:HAS_PRIMARY_GOAL]->(g:Goal) "
        "RETURN t.legacyId, t.name, t.modelDependency, g.name",
    ) == sql(
        db,
        "SELECT t.id, t.name, t.model_dependency, g.name FROM technique t "
        "JOIN assurance_goal g ON g.id = t.assurance_goal_id",
    )
    assert cypher(
        graph,
        "MATCH (t:Technique)-[r:IN_CATEGORY]->(c:Category) "
        "RETURN r.legacyId, t.legacyId, c.legacyId",
    ) == sql(db, "SELECT id, technique_id, category_id FROM technique_category")
    assert cypher(
        graph,
        "MATCH (t:Technique)-[r:IN_SUBCATEGORY]->(s:SubCategory) "
        "RETURN r.legacyId, t.legacyId, s.legacyId",
    ) == sql(db, "SELECT id, technique_id, sub_category_id FROM technique_sub_category")
    attributes = sql(
        db,
        "SELECT x.technique_id, 'Fairness Approach', f.name "
        "FROM technique_fairness_approach x JOIN fairness_approach f "
        "ON f.id = x.fairness_approach_id UNION "
        "SELECT x.technique_id, 'Project Lifecycle Stage', p.name "
        "FROM technique_project_lifecycle_stage x JOIN project_lifecycle_stage p "
        "ON p.id = x.project_lifecycle_stage_id",
    )
    for technique_id, scope in sql(db, "SELECT id, scope FROM technique WHERE scope IS NOT NULL"):
        attributes |= {(technique_id, "Scope", part.strip()) for part in str(scope).split(",")}
    assert (
        cypher(
            graph,
            "MATCH (t:Technique)-[:HAS_ATTRIBUTE]->(v)-[:OF_TYPE]->(a) "
            "RETURN t.legacyId, a.name, v.name",
        )
        == attributes
    )


def check_tags(db: Path, graph: Graph) -> None:
    assert cypher(
        graph, "MATCH (t:Tag) WHERE t.legacyId IS NOT NULL RETURN t.legacyId, t.name"
    ) == sql(db, "SELECT id, name FROM tag")
    assert cypher(
        graph, "MATCH (t:Technique)-[r:TAGGED]->(g:Tag) RETURN r.legacyId, t.legacyId, g.name"
    ) == sql(
        db, "SELECT x.id, x.technique_id, g.name FROM technique_tag x JOIN tag g ON g.id = x.tag_id"
    )
    # Every family prefix of a/b names is an ancestor tag linked by CHILD_OF.
    families = {
        (name, name.split("/")[0])
        for (name,) in sql(db, "SELECT name FROM tag")
        if "/" in str(name)
    }
    assert cypher(graph, "MATCH (c:Tag)-[:CHILD_OF]->(p:Tag) RETURN c.name, p.name") == families


def check_relationships(db: Path, graph: Graph) -> None:
    assert cypher(
        graph,
        "MATCH (a:Technique)-[r:RELATED_TO]->(b:Technique) "
        "RETURN r.legacyId, a.legacyId, b.legacyId, r.type",
    ) == sql(
        db,
        "SELECT id, technique_from_id, technique_to_id, relationship_type "
        "FROM technique_relationship",
    )


CHECKS: dict[str, Callable[[Path, Graph], None]] = {
    "goals": check_goals,
    "categories": check_categories,
    "subcategories": check_subcategories,
    "attribute types": check_attribute_types,
    "attribute values": check_attribute_values,
    "techniques": check_techniques,
    "tags": check_tags,
    "relationships": check_relationships,
}


def test_every_step_of_the_plan_has_a_check() -> None:
    assert [name for name, _ in STEPS] == list(CHECKS)


# Both forms of the writes: MERGE (any graph) and CREATE (into a graph with no catalog yet).
@pytest.mark.parametrize("fresh", [False, True], ids=["merge", "create"])
@pytest.mark.parametrize("position", range(len(STEPS)), ids=[name for name, _ in STEPS])
def test_each_step_loads_what_the_source_holds(
    position: int, fresh: bool, bundled_sqlite: Path, graph: Graph
) -> None:
    install_schema(graph)
    with open_source(str(bundled_sqlite)) as source:
        sink = GraphSink(graph, batch_size=300, fresh=fresh)
        ctx = StepContext(source=source, sink=sink)
        for _, step in STEPS[: position + 1]:
            step(ctx)
        sink.close()
    name, _ = STEPS[position]
    CHECKS[name](bundled_sqlite, graph)
