"""Every mutation needs a bearer token of the right role; reads need none; tokens never
reach the log."""

from __future__ import annotations

import logging

import pytest

from graph.connection import Graph
from graph.fingerprint import fingerprint
from support.write_client import CREATE_GOAL, WriteClient

# Each mutation with arguments that would succeed in the small world, and the role it needs.
MUTATIONS = {
    "createTechnique": ("editor", '(input: {name: "T", primaryGoal: "Fairness"}) { __typename }'),
    "updateTechnique": ("editor", '(slug: "t", input: {description: "d"}) { __typename }'),
    "deleteTechnique": ("editor", '(slug: "t") { __typename }'),
    "restoreTechnique": ("editor", '(slug: "t") { __typename }'),
    "restoreTechniqueVersion": ("editor", '(slug: "t", version: 1) { __typename }'),
    "purgeTechnique": ("admin", '(slug: "t") { __typename }'),
    "createModelDependency": ("admin", '(name: "Model-Free") { __typename }'),
    "createTag": ("editor", '(name: "x/y") { __typename }'),
    "addAttributeValue": ("editor", '(type: "Scope", name: "Cohort") { __typename }'),
    "renameAttributeValue": (
        "editor",
        '(type: "Scope", name: "Local", newName: "L") { __typename }',
    ),
    "removeAttributeValue": ("editor", '(type: "Scope", name: "Local") { __typename }'),
    "createGoal": ("admin", '(name: "Privacy", description: "p") { __typename }'),
    "renameGoal": ("admin", '(name: "Fairness", newName: "Equity") { __typename }'),
    "createCategory": ("admin", '(name: "C", goals: ["Fairness"]) { __typename }'),
    "renameCategory": ("admin", '(name: "Bias Mitigation", newName: "B") { __typename }'),
    "linkCategoryToGoal": (
        "admin",
        '(category: "Bias Mitigation", goal: "Explainability") { __typename }',
    ),
    "unlinkCategoryFromGoal": (
        "admin",
        '(category: "Bias Mitigation", goal: "Fairness") { __typename }',
    ),
    "createSubCategory": ("admin", '(name: "S", categories: ["Bias Mitigation"]) { __typename }'),
    "renameSubCategory": ("admin", '(name: "S", newName: "S2") { __typename }'),
    "linkSubCategoryToCategory": (
        "admin",
        '(subCategory: "S", category: "Bias Mitigation") { __typename }',
    ),
    "unlinkSubCategoryFromCategory": (
        "admin",
        '(subCategory: "S", category: "Bias Mitigation") { __typename }',
    ),
    "createAttributeType": (
        "admin",
        '(input: {name: "Colour", appliesToAll: true}) { __typename }',
    ),
    "setAttributeTypeApplicability": (
        "admin",
        '(name: "Scope", appliesToAll: true, applicableGoals: []) { __typename }',
    ),
}


def test_every_mutation_of_the_schema_is_covered_here(client: WriteClient) -> None:
    answer = client.post("{ __schema { mutationType { fields { name } } } }", role=None)
    names = {f["name"] for f in answer["data"]["__schema"]["mutationType"]["fields"]}
    assert names == set(MUTATIONS)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_mutation_without_a_valid_token_is_unauthenticated_and_changes_nothing(
    world: WriteClient, empty: Graph, name: str
) -> None:
    arguments = MUTATIONS[name][1]
    before = fingerprint(empty)
    for header in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": "Basic abc"}):
        response = world.http.post(
            "/graphql", json={"query": f"mutation {{ {name}{arguments} }}"}, headers=header
        )
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "UNAUTHENTICATED", error
    assert fingerprint(empty) == before


@pytest.mark.parametrize("name", sorted(n for n, (role, _) in MUTATIONS.items() if role == "admin"))
def test_an_editor_may_not_run_an_admin_mutation(
    world: WriteClient, empty: Graph, name: str
) -> None:
    before = fingerprint(empty)
    answer = world.post(f"mutation {{ {name}{MUTATIONS[name][1]} }}", role="editor")
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert fingerprint(empty) == before


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_an_admin_may_run_every_mutation(world: WriteClient, name: str) -> None:
    answer = world.post(f"mutation {{ {name}{MUTATIONS[name][1]} }}", role="admin")
    assert not answer.get("errors"), answer


def test_reads_need_no_token(world: WriteClient) -> None:
    assert world.post("{ goals { name } }", role=None)["data"]["goals"]


def test_tokens_never_reach_the_log(client: WriteClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        client.result(CREATE_GOAL, {"name": "Fairness", "description": "d"}, role="admin")
        client.post('mutation { createTag(name: "a") { __typename } }', role="editor")
        client.http.post(
            "/graphql",
            json={"query": 'mutation { createTag(name: "b") { __typename } }'},
            headers={"Authorization": "Bearer not-a-real-secret-token-123"},
        )
    text = caplog.text
    assert '"role": "admin"' in text and '"outcome": "ok"' in text
    for token in [*client.tokens.values(), "not-a-real-secret-token-123"]:
        assert token not in text
