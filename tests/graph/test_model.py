"""The neomodel classes say what docs/model.md says, and work against the real server."""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from neomodel import RequiredProperty, StructuredNode, db

from graph.connection import Graph
from graph.model import (
    LABELS,
    NODE_CLASSES,
    RELATIONSHIP_TYPES,
    REPLACED_LABELS,
    Category,
    Change,
    DeletedTechnique,
    Goal,
    MigrationRun,
    ModelDependency,
    Technique,
    node_properties,
)
from graph.neomodel_setup import bind_neomodel, unbind_neomodel
from support.graph_factories import create_technique

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL_DOC = REPO_ROOT / "docs" / "model.md"
TABLE_ROW = re.compile(r"^\| `(\w+)` \| (.+?) \| (.+?) \|$", re.MULTILINE)
# The mermaid diagram: `Category -- SERVES --> Goal`, `Technique -- "RELATED_TO {type}" --> …`.
EDGE = re.compile(r'^\s+(\w+) -- "?(\w+)[^-]*-->\s*(\w+)$', re.MULTILINE)


def _doc_section(title: str) -> str:
    text = MODEL_DOC.read_text()
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _doc_table() -> dict[str, tuple[set[str], str]]:
    """label → (its properties, its unique column) from the doc's table of nodes."""
    table = {}
    for label, properties, unique in TABLE_ROW.findall(_doc_section("Nodes and their properties")):
        named = re.sub(r"\(.*?\)", "", properties)  # `state` (`running`/…): values, not names
        table[label] = (set(re.findall(r"`(\w+)`", named)), unique)
    return table


def _doc_edges() -> set[tuple[str, str, str]]:
    diagram = MODEL_DOC.read_text().split("```mermaid", 1)[1].split("```", 1)[0]
    return set(EDGE.findall(diagram))


CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE)\b")
NODE_LABELS = re.compile(r"\(\s*\w*\s*((?::\s*\w+)+)")
RELATIONSHIP = re.compile(r"\[\s*\w*\s*:\s*(\w+(?:\s*\|\s*\w+)*)")
# Labels of bookkeeping, not of the catalog: the test guard's node and a restore's marker.
INTERNAL_LABELS = {"CatalogTestSentinel", "_CatalogRestore"}


def _cypher_names() -> tuple[set[str], set[str]]:
    """The labels and relationship types written in the Cypher string constants of graph/
    and its packages (the migration's, the API's reads and writes)."""
    labels: set[str] = set()
    types: set[str] = set()
    for path in sorted((REPO_ROOT / "graph").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and CYPHER.search(text):
                for found in NODE_LABELS.findall(text):
                    labels |= set(re.findall(r"\w+", found))
                for found in RELATIONSHIP.findall(text):
                    types |= set(re.findall(r"\w+", found))
    return labels, types


@pytest.fixture
def neomodel_graph(graph: Graph) -> Iterator[Graph]:
    bind_neomodel(graph)
    yield graph
    unbind_neomodel()


# --- the vocabulary matches the doc ------------------------------------------------------------


def test_the_model_declares_exactly_the_labels_of_the_doc() -> None:
    assert set(LABELS) == set(_doc_table())


def test_the_model_declares_exactly_the_relationship_types_of_the_doc() -> None:
    assert set(RELATIONSHIP_TYPES) == {rel for _start, rel, _end in _doc_edges()}


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__label__)
def test_each_node_class_has_exactly_the_properties_of_the_doc(cls: type[StructuredNode]) -> None:
    properties, _unique = _doc_table()[cls.__label__]
    assert set(node_properties(cls)) == properties


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__label__)
def test_each_single_unique_property_of_the_doc_is_a_unique_index(
    cls: type[StructuredNode],
) -> None:
    _properties, unique = _doc_table()[cls.__label__]
    declared = {name for name, prop in node_properties(cls).items() if prop.unique_index}
    if unique.startswith("("):  # composite: (`typeKey`, `key`), a constraint of its own
        assert declared == set()
    else:
        assert declared == set(re.findall(r"`(\w+)`", unique))


def _declared_edges(cls: type[StructuredNode]) -> set[tuple[str, str, str]]:
    declared = set()
    for _name, definition in cls.__all_relationships__:
        definition.lookup_node_class()
        other = definition.definition["node_class"].__label__
        rel = definition.definition["relation_type"]
        if definition.definition["direction"] == 1:  # outgoing
            declared.add((cls.__label__, rel, other))
        else:
            declared.add((other, rel, cls.__label__))
    return declared


def _as_drawn(label: str) -> str:
    """The doc draws a replacing label's links as those of the label it replaces."""
    return REPLACED_LABELS.get(label, label)


def test_each_relationship_joins_the_labels_the_doc_says() -> None:
    declared = {
        (_as_drawn(start), rel, _as_drawn(end))
        for cls in NODE_CLASSES
        for start, rel, end in _declared_edges(cls)
    }
    assert declared == _doc_edges()


@pytest.mark.parametrize("replacing", sorted(REPLACED_LABELS))
def test_a_replacing_label_keeps_the_properties_and_links_of_the_one_it_replaces(
    replacing: str,
) -> None:
    classes = {cls.__label__: cls for cls in NODE_CLASSES}
    new, old = classes[replacing], classes[REPLACED_LABELS[replacing]]
    assert set(node_properties(old)) < set(node_properties(new))
    assert {(_as_drawn(a), rel, _as_drawn(b)) for a, rel, b in _declared_edges(new)} == (
        _declared_edges(old)
    )
    assert replacing in _doc_section("Nodes and their properties")


def test_the_cypher_of_the_graph_layer_names_only_the_models_labels_and_types() -> None:
    labels, types = _cypher_names()
    assert "MigrationRun" in labels  # the scan finds what is there (graph/status.py)
    assert labels - INTERNAL_LABELS <= set(LABELS)
    assert types <= set(RELATIONSHIP_TYPES)


# --- neomodel on the real server -------------------------------------------------------------


def test_a_technique_and_its_category_serving_a_goal_are_created_and_read(
    neomodel_graph: Graph,
) -> None:
    goal = Goal(name="Fairness", legacyId=1).save()
    category = Category(name=" Bias  Mitigation ").save()
    category.goals.connect(goal, {"legacy": True})
    technique = Technique(name="Reweighing", slug="reweighing", legacyId=3).save()
    technique.primaryGoal.connect(goal)
    technique.categories.connect(category, {"legacyId": 11})

    found = Technique.nodes.get(slug="reweighing")
    assert (found.name, found.key, found.version, found.legacyId) == (
        "Reweighing",
        "reweighing",
        1,
        3,
    )
    [served] = found.categories.all()
    assert (served.name, served.key) == ("Bias Mitigation", "bias mitigation")
    assert [g.name for g in served.goals.all()] == ["Fairness"]
    assert served.goals.relationship(goal).legacy is True
    assert found.primaryGoal.single().key == "fairness"


def test_a_deleted_technique_its_history_and_a_vocabulary_value_are_created_and_read(
    neomodel_graph: Graph,
) -> None:
    goal = Goal(name="Fairness").save()
    deleted = DeletedTechnique(name="Old Way", slug="old-way", deletedBy="admin").save()
    deleted.primaryGoal.connect(goal)
    change = Change(version=2, action="delete", by="admin", changes=[], state={"name": "Old"})
    deleted.history.connect(change.save())
    ModelDependency(name="Model-Free", key="model-free").save()
    rows = neomodel_graph.read(
        "MATCH (t:DeletedTechnique)-[:HAS_CHANGE]->(c:Change), (t)-[:HAS_PRIMARY_GOAL]->(g) "
        "MATCH (m:ModelDependency) "
        "RETURN t:Technique AS live, t.key AS key, c.action AS action, c.state AS state, "
        "g.key AS goal, m.key AS vocabulary"
    )
    assert rows == [
        {
            "live": False,
            "key": "old way",
            "action": "delete",
            "state": '{"name": "Old"}',
            "goal": "fairness",
            "vocabulary": "model-free",
        }
    ]
    assert DeletedTechnique.nodes.get(slug="old-way").history.single().state == {"name": "Old"}


def test_a_named_node_without_a_name_is_refused(neomodel_graph: Graph) -> None:
    with pytest.raises(RequiredProperty, match="name"):
        Goal(description="no name").save()


def test_what_neomodel_writes_is_what_cypher_reads(neomodel_graph: Graph) -> None:
    goal = Goal(name="Safety").save()
    Category(name="Robustness").save().goals.connect(goal, {"legacy": True})
    rows = neomodel_graph.read(
        "MATCH (c:Category)-[s:SERVES]->(g:Goal) "
        "RETURN c.key AS category, s.legacy AS legacy, g.key AS goal"
    )
    assert rows == [{"category": "robustness", "legacy": True, "goal": "safety"}]


def test_what_cypher_writes_neomodel_reads(neomodel_graph: Graph) -> None:
    create_technique(neomodel_graph, "SHAP", categories=["Feature Attribution"], legacy_id=9)
    technique = Technique.nodes.get(legacyId=9)
    assert technique.slug == "shap"
    assert [c.name for c in technique.categories.all()] == ["Feature Attribution"]


def test_a_migration_run_keeps_a_native_datetime_and_its_report(neomodel_graph: Graph) -> None:
    started = datetime(2025, 1, 31, 9, 30, tzinfo=UTC)
    run = MigrationRun(runId="r1", source="sqlite", state="running", startedAt=started)
    run.report = {"warnings": 2}
    run.save()
    rows = neomodel_graph.read(
        "MATCH (m:MigrationRun) RETURN toString(m.startedAt) AS started, m.report AS report"
    )
    assert rows == [{"started": "2025-01-31T09:30:00Z", "report": '{"warnings": 2}'}]
    assert MigrationRun.nodes.get(runId="r1").report == {"warnings": 2}


def test_neomodel_uses_the_configured_database_in_other_threads(neomodel_graph: Graph) -> None:
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(db._database_name))
    thread.start()
    thread.join()
    assert seen == [neomodel_graph.database]
