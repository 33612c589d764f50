"""The schema installs idempotently, enforces the model's keys and serves full-text search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neomodel import StructuredNode

from graph.connection import Graph
from graph.errors import GraphError
from graph.model import LABELS, NODE_CLASSES, RELATIONSHIP_TYPES, node_properties
from graph.schema import CONSTRAINTS, INDEXES, SCHEMA, drop_schema, install_schema, missing_schema
from support.graph_factories import create_attribute_value, create_goal, create_technique


@pytest.fixture
def bare_graph(graph: Graph) -> Iterator[Graph]:
    """A clean graph without the catalog's schema; whatever a test installs is dropped after."""
    drop_schema(graph)
    yield graph
    drop_schema(graph)


@pytest.fixture
def schema_graph(bare_graph: Graph) -> Graph:
    install_schema(bare_graph)
    return bare_graph


# --- the schema matches the model (no server) --------------------------------------------------


def _unique_shapes() -> set[tuple[str, tuple[str, ...]]]:
    return {(item.label, item.properties) for item in CONSTRAINTS}


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__label__)
def test_every_unique_property_of_the_model_has_a_constraint(cls: type[StructuredNode]) -> None:
    unique = [name for name, prop in node_properties(cls).items() if prop.unique_index]
    for name in unique:
        assert (cls.__label__, (name,)) in _unique_shapes(), f"{cls.__label__}.{name}"


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__label__)
def test_every_indexed_property_of_the_model_has_a_range_index(cls: type[StructuredNode]) -> None:
    indexed = [name for name, prop in node_properties(cls).items() if prop.index]
    ranges = {(item.label, item.properties) for item in INDEXES if item.kind == "range"}
    for name in indexed:
        assert (cls.__label__, (name,)) in ranges, f"{cls.__label__}.{name}"


def test_every_single_property_constraint_is_declared_unique_in_the_model() -> None:
    classes = {cls.__label__: cls for cls in NODE_CLASSES}
    for item in CONSTRAINTS:
        props = node_properties(classes[item.label])
        if len(item.properties) == 1:
            assert props[item.properties[0]].unique_index, item.name
        else:
            assert all(name in props for name in item.properties), item.name


def test_every_legacy_id_is_indexed_by_an_index_or_a_constraint() -> None:
    covered = {(item.label, item.properties) for item in SCHEMA}
    for cls in NODE_CLASSES:
        if "legacyId" in node_properties(cls):
            assert (cls.__label__, ("legacyId",)) in covered, cls.__label__


def test_the_schema_names_only_labels_and_relationship_types_of_the_model() -> None:
    on_nodes = {item.label for item in SCHEMA if item.kind != "relationship-range"}
    on_relationships = {item.label for item in SCHEMA if item.kind == "relationship-range"}
    assert on_nodes <= set(LABELS)
    assert on_relationships <= set(RELATIONSHIP_TYPES)


def test_schema_item_names_are_unique() -> None:
    names = [item.name for item in SCHEMA]
    assert len(names) == len(set(names))


# --- installing --------------------------------------------------------------------------------


def test_a_bare_graph_misses_the_whole_schema(bare_graph: Graph) -> None:
    assert missing_schema(bare_graph) == [item.name for item in SCHEMA]


def test_installing_twice_creates_everything_once(bare_graph: Graph) -> None:
    assert install_schema(bare_graph) == [item.name for item in SCHEMA]
    assert install_schema(bare_graph) == []
    assert missing_schema(bare_graph) == []


def test_a_dropped_index_is_missing_until_installed_again(schema_graph: Graph) -> None:
    schema_graph.write("DROP INDEX techniqueText")
    assert missing_schema(schema_graph) == ["techniqueText"]
    assert install_schema(schema_graph) == ["techniqueText"]


def test_the_schema_installs_over_existing_data(bare_graph: Graph) -> None:
    create_technique(bare_graph, legacy_id=7)
    install_schema(bare_graph)
    assert missing_schema(bare_graph) == []


# --- what the constraints enforce ----------------------------------------------------------


def test_a_second_goal_with_the_same_key_is_refused(schema_graph: Graph) -> None:
    create_goal(schema_graph, "Fairness")
    with pytest.raises(GraphError, match="ConstraintValidationFailed"):
        schema_graph.write("CREATE (:Goal {name: 'FAIRNESS', key: 'fairness'})")


def test_two_techniques_cannot_share_a_legacy_id(schema_graph: Graph) -> None:
    create_technique(schema_graph, "Reweighing", legacy_id=1)
    with pytest.raises(GraphError, match="legacyId"):
        create_technique(schema_graph, "SHAP", legacy_id=1)


def test_an_attribute_value_is_unique_within_its_type_only(schema_graph: Graph) -> None:
    create_attribute_value(schema_graph, "Scope", "Global")
    create_attribute_value(schema_graph, "Project Lifecycle Stage", "Global")
    with pytest.raises(GraphError, match="ConstraintValidationFailed"):
        schema_graph.write("CREATE (:AttributeValue {typeKey: 'scope', key: 'global'})")


def test_the_composite_key_is_one_constraint_on_both_properties(schema_graph: Graph) -> None:
    rows = schema_graph.read(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "WHERE 'AttributeValue' IN labelsOrTypes RETURN name, type, properties"
    )
    assert rows == [
        {"name": "attributeValueTypeKeyKey", "type": "UNIQUENESS", "properties": ["typeKey", "key"]}
    ]


# --- full-text search ------------------------------------------------------------------------


def test_the_full_text_index_finds_a_technique_by_a_word_of_its_description(
    schema_graph: Graph,
) -> None:
    create_technique(schema_graph, "Counterfactual Explanations", description="What-if probes.")
    create_technique(schema_graph, "Reweighing", description="Balances training examples.")
    rows = schema_graph.read(
        "CALL db.index.fulltext.queryNodes('techniqueText', $words) YIELD node, score "
        "RETURN node.name AS name, score",
        {"words": "balances"},
    )
    assert [row["name"] for row in rows] == ["Reweighing"]
    assert rows[0]["score"] > 0


def test_the_full_text_index_matches_names_case_insensitively(schema_graph: Graph) -> None:
    create_technique(schema_graph, "Counterfactual Explanations")
    rows = schema_graph.read(
        "CALL db.index.fulltext.queryNodes('techniqueText', 'COUNTERFACTUAL') YIELD node "
        "RETURN node.name AS name"
    )
    assert rows == [{"name": "Counterfactual Explanations"}]
