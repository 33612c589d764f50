"""Cypher, Lucene and quoting in every string argument: refused without change, or stored
literally. Nothing a client sends becomes Cypher."""

from __future__ import annotations

import pytest

from graph.connection import Graph
from graph.fingerprint import fingerprint
from support.write_client import WriteClient

NASTY = [
    '"}) DETACH DELETE n //',
    "' OR 1=1 --",
    "x` }) MATCH (n) DETACH DELETE n //",
    "back\\slash \\\\ \\u0000",
    "Ünïcødé 名前 🚀 \u200b",
    "$param {slug: 'x'}",
]
# Every string argument of every mutation, as (mutation, arguments with {v} for the text).
TEMPLATES = [
    "createGoal(name: {v}, description: {v})",
    "renameGoal(name: {v}, newName: {v})",
    'renameGoal(name: "Fairness", newName: {v})',
    "createCategory(name: {v}, description: {v}, goals: [{v}])",
    'createCategory(name: {v}, description: {v}, goals: ["Fairness"])',
    "renameCategory(name: {v}, newName: {v})",
    "linkCategoryToGoal(category: {v}, goal: {v})",
    "unlinkCategoryFromGoal(category: {v}, goal: {v})",
    "createSubCategory(name: {v}, description: {v}, categories: [{v}])",
    "renameSubCategory(name: {v}, newName: {v})",
    "linkSubCategoryToCategory(subCategory: {v}, category: {v})",
    "unlinkSubCategoryFromCategory(subCategory: {v}, category: {v})",
    "createTag(name: {v})",
    "createAttributeType(input: {{name: {v}, applicableGoals: [{v}], values: [{v}]}})",
    'createAttributeType(input: {{name: {v}, applicableGoals: ["Fairness"], values: [{v}]}})',
    "setAttributeTypeApplicability(name: {v}, appliesToAll: false, applicableGoals: [{v}])",
    "addAttributeValue(type: {v}, name: {v})",
    'addAttributeValue(type: "Scope", name: {v})',
    "renameAttributeValue(type: {v}, name: {v}, newName: {v})",
    "removeAttributeValue(type: {v}, name: {v})",
    "deleteTechnique(slug: {v})",
    "updateTechnique(slug: {v}, input: {{name: {v}, description: {v}}})",
    "createTechnique(input: {{name: {v}, primaryGoal: {v}, categories: [{v}], subCategories: [{v}], tags: [{v}], attributes: [{{type: {v}, values: [{v}]}}]}})",  # noqa: E501
    'createTechnique(input: {{name: {v}, description: {v}, modelDependency: {v}, exampleUseCase: {v}, primaryGoal: "Fairness"}})',  # noqa: E501
]
QUERIES = [
    "technique(slug: {v}) {{ slug }}",
    "goal(name: {v}) {{ name }}",
    "searchTechniques(phrase: {v}) {{ score }}",
    "techniques(where: {{name: {{contains: {v}}}}}) {{ slug }}",
    "attributeSchema(goals: [{v}]) {{ name }}",
]


def literal(text: str) -> str:
    import json

    return json.dumps(text)


@pytest.mark.parametrize("text", NASTY)
def test_hostile_text_in_every_argument_is_refused_unchanged_or_stored_literally(
    world: WriteClient, empty: Graph, text: str
) -> None:
    for template in TEMPLATES:
        before = fingerprint(empty)
        field = template.split("(")[0]
        answer = world.post(
            f"mutation {{ {field}: {template.format(v=literal(text))} {{ __typename }} }}"
        )
        assert not answer.get("errors"), (template, answer)
        if answer["data"][field]["__typename"] == "ValidationError":
            assert fingerprint(empty) == before, template
    stored = {
        r["v"] for r in empty.read("MATCH (n) UNWIND [k IN keys(n) | n[k]] AS v RETURN DISTINCT v")
    }
    from graph.keys import clean_name

    assert clean_name(text) in {str(v) for v in stored}
    assert empty.read("MATCH (g:Goal {name: 'Fairness'}) RETURN count(g) AS n") == [{"n": 1}]
    for template in QUERIES:
        before = fingerprint(empty)
        answer = world.post("{ " + template.format(v=literal(text)) + " }", role=None)
        assert "Cypher" not in str(answer) and "Traceback" not in str(answer)
        assert fingerprint(empty) == before
