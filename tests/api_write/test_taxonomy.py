"""Goals, categories, subcategories, tags, attribute types and values, through the contract's
mutations as written and the others."""

from __future__ import annotations

from graphql import OperationType

from graph.connection import Graph
from graph.fingerprint import fingerprint
from support.api_client import contract_operations
from support.write_client import CREATE_TAG, CREATE_TECHNIQUE, WriteClient, technique_input

CONTRACT = contract_operations(OperationType.MUTATION)
SET_APPLICABILITY = """mutation($name: String!, $all: Boolean!, $goals: [String!]!) {
  setAttributeTypeApplicability(name: $name, appliesToAll: $all, applicableGoals: $goals) {
    __typename ... on AttributeType { name appliesToAll applicableGoals { name } }
    ... on ValidationError { field rule message } } }"""


def test_the_contract_mutations_work_as_written(world: WriteClient) -> None:
    goal = world.result(CONTRACT["CreateGoal"], {"name": "Privacy", "description": "p"})
    assert goal == {"__typename": "Goal", "name": "Privacy"}
    linked = world.result(
        CONTRACT["LinkCategory"], {"category": "Bias Mitigation", "goal": "Privacy"}
    )
    assert {g["name"] for g in linked["goals"]} == {"Fairness", "Privacy"}
    made = world.result(
        CONTRACT["CreateAttributeType"],
        {
            "input": {
                "name": "Data Kind",
                "multiValued": False,
                "appliesToAll": False,
                "applicableGoals": ["Privacy"],
                "values": ["Tabular", "Text"],
            }
        },
    )
    assert made["applicableGoals"] == [{"name": "Privacy"}]
    assert [v["name"] for v in made["values"]] == ["Tabular", "Text"]
    value = world.result(
        CONTRACT["AddAttributeValue"], {"type": "Data Kind", "name": "Image"}, role="editor"
    )
    assert value == {"__typename": "AttributeValue", "name": "Image", "type": {"name": "Data Kind"}}
    technique = world.result(
        CONTRACT["CreateTechnique"],
        {"input": technique_input(attributes=[{"type": "Data Kind", "values": ["Image"]}])},
        role="editor",
    )
    assert {g["name"] for g in technique["goals"]} == {"Fairness", "Privacy"}
    updated = world.result(
        CONTRACT["UpdateTechnique"],
        {"slug": technique["slug"], "input": {"name": "Renamed"}},
        role="editor",
    )
    assert updated == {"__typename": "Technique", "slug": technique["slug"], "name": "Renamed"}
    deleted = world.result(CONTRACT["DeleteTechnique"], {"slug": technique["slug"]}, role="editor")
    assert deleted == {"__typename": "Deleted", "slug": technique["slug"]}


def test_creating_a_goal_that_exists_is_a_unique_name_error(
    world: WriteClient, empty: Graph
) -> None:
    before = fingerprint(empty)
    result = world.result(CONTRACT["CreateGoal"], {"name": " FAIRNESS", "description": "x"})
    assert (result["rule"], result["field"]) == ("unique-name", "name")
    assert fingerprint(empty) == before


def test_a_nested_tag_gets_its_ancestors_and_child_of_links(
    world: WriteClient, empty: Graph
) -> None:
    made = world.result(CREATE_TAG, {"name": "a/b/c"}, role="editor")
    assert made["parent"] == {"name": "a/b"}
    links = empty.read(
        "MATCH (c:Tag)-[:CHILD_OF]->(p:Tag) RETURN c.name + '>' + p.name AS l ORDER BY l"
    )
    assert [r["l"] for r in links] == ["a/b/c>a/b", "a/b>a", "data-type/tabular>data-type"]


def test_a_tag_made_through_the_api_and_its_ancestors_get_their_captions(
    world: WriteClient, empty: Graph
) -> None:
    world.result(CREATE_TAG, {"name": "evidence-type/fairness-metric"}, role="editor")
    captions = empty.read(
        "MATCH (t:Tag) WHERE t.name STARTS WITH 'evidence' RETURN t.caption AS c ORDER BY c"
    )
    assert [r["c"] for r in captions] == ["evidence type", "fairness metric (evidence type)"]


def test_narrowing_where_a_type_applies_is_refused_naming_the_techniques_it_would_break(
    world: WriteClient, empty: Graph
) -> None:
    for n in range(7):
        world.result(CREATE_TECHNIQUE, {"input": technique_input(name=f"T{n}")}, role="editor")
    before = fingerprint(empty)
    result = world.result(
        SET_APPLICABILITY, {"name": "Approach", "all": False, "goals": ["Explainability"]}
    )
    assert result["rule"] == "applicability-keeps-techniques-valid"
    assert (
        "7 technique(s)" in result["message"]
        and "t0, t1, t2, t3, t4 and 2 more" in result["message"]
    )
    assert fingerprint(empty) == before
    widened = world.result(SET_APPLICABILITY, {"name": "Approach", "all": True, "goals": []})
    assert widened["appliesToAll"] is True


def test_unlinking_the_goal_an_attribute_needs_is_refused(world: WriteClient, empty: Graph) -> None:
    world.result(
        CREATE_TECHNIQUE,
        {
            "input": technique_input(
                categories=["Feature Analysis"],
                attributes=[{"type": "Scope", "values": ["Local"]}],
                primaryGoal="Fairness",
            )
        },
        role="editor",
    )
    before = fingerprint(empty)
    result = world.result(
        'mutation { unlinkCategoryFromGoal(category: "Feature Analysis", goal: "Explainability") { __typename ... on ValidationError { rule message } } }'  # noqa: E501
    )
    assert result["rule"] == "applicability-keeps-techniques-valid", result
    assert fingerprint(empty) == before


def test_renaming_and_removing_a_value_changes_the_techniques_holding_it(
    world: WriteClient, empty: Graph
) -> None:
    slug = world.result(CREATE_TECHNIQUE, {"input": technique_input()}, role="editor")["slug"]
    world.result(
        'mutation { renameAttributeValue(type: "Approach", name: "pre", newName: "Pre-processing") { __typename } }',  # noqa: E501
        role="editor",
    )
    rows = empty.read(
        "MATCH (t:Technique)-[:HAS_ATTRIBUTE]->(v) RETURN v.name AS v, t.version AS version"
    )
    assert rows == [{"v": "Pre-processing", "version": 2}]
    removed = world.result(
        'mutation { removeAttributeValue(type: "Approach", name: "PRE-processing") { __typename ... on RemovedValue { name } } }',  # noqa: E501
        role="editor",
    )
    assert removed["__typename"] == "RemovedValue"
    assert empty.read(
        "MATCH (t:Technique {slug: $s}) RETURN COUNT { (t)-[:HAS_ATTRIBUTE]->() } AS n", {"s": slug}
    ) == [{"n": 0}]


def test_renaming_a_category_onto_another_name_is_refused(world: WriteClient) -> None:
    result = world.result(
        'mutation { renameCategory(name: "Bias Mitigation", newName: "feature analysis") { __typename ... on ValidationError { rule } } }'  # noqa: E501
    )
    assert result == {"__typename": "ValidationError", "rule": "unique-name"}


def test_a_bad_argument_in_the_read_back_selection_undoes_the_write(
    world: WriteClient, empty: Graph
) -> None:
    before = fingerprint(empty)
    answer = world.post(
        'mutation { createTag(name: "fresh") { ... on Tag { techniques(offset: -1) { slug } } } }'
    )
    assert answer["data"] is None
    message = answer["errors"][0]["message"]
    assert message == "createTag.techniques(offset) must be 0 or more, not -1"
    assert fingerprint(empty) == before


def test_the_fields_of_one_mutation_document_are_separate_writes_in_order(
    world: WriteClient, empty: Graph
) -> None:
    # As GraphQL executes mutations: the first field's write stands though the second's
    # error (its result type being non-null) nulls the whole answer.
    answer = world.post(
        'mutation { createGoal(name: "First") { __typename } '
        'createTag(name: "second") { ... on Tag { techniques(offset: -1) { slug } } } }'
    )
    assert answer["data"] is None
    assert [e["path"] for e in answer["errors"]] == [["createTag"]]
    written = empty.read("MATCH (n) WHERE n.name IN ['First', 'second'] RETURN n.name AS name")
    assert [r["name"] for r in written] == ["First"]
