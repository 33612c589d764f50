"""A refused write answers every problem at once, each under its field path; texts have
limits; a write changes only what it names (nothing dropped, an empty text clears)."""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from graph.fingerprint import fingerprint
from graph.rules import NAME_MAX, SLUG_MAX
from support.write_client import (
    CREATE_TAG,
    CREATE_TECHNIQUE,
    UPDATE_TECHNIQUE,
    WriteClient,
    technique_input,
)

PROBLEMS = """mutation($input: TechniqueInput!) { createTechnique(input: $input) {
  __typename ... on Technique { slug name }
  ... on ValidationError { field rule message problems { field rule message } } } }"""
UPDATE = """mutation($slug: String!, $input: TechniqueInput!) {
  updateTechnique(slug: $slug, input: $input) {
    __typename ... on Technique { version description modelDependency exampleUseCase
      attributes { type { name } value { name } } }
    ... on ValidationError { field rule message problems { field rule message } } } }"""


def create(world: WriteClient, **changes: Any) -> dict[str, Any]:
    return world.result(CREATE_TECHNIQUE, {"input": technique_input(**changes)}, role="editor")


def test_a_write_breaking_several_rules_gets_every_problem_with_its_field_path(
    world: WriteClient, empty: Graph
) -> None:
    before = fingerprint(empty)
    result = world.result(
        PROBLEMS,
        {
            "input": technique_input(
                description="  ",
                tags=["data-type/tabular", "nope"],
                categories=["Bias Mitigation", "Missing"],
                attributes=[
                    {"type": "Approach", "values": ["Pre"]},
                    {"type": "Approach", "values": ["Post"]},
                    {"type": "Scope", "values": ["Global", "Galactic"]},
                ],
            )
        },
        role="editor",
    )
    assert result["__typename"] == "ValidationError"
    found = {(p["field"], p["rule"]) for p in result["problems"]}
    assert found == {
        ("description", "required"),
        ("tags[1]", "known-reference"),
        ("categories[1]", "known-reference"),
        ("attributes[1].type", "unique-name"),
        ("attributes[2].values", "attribute-applies-to-goals"),
        ("attributes[2].values[1]", "known-reference"),
    }
    # The contract's single field/rule are the first problem's.
    first = result["problems"][0]
    assert (result["field"], result["rule"]) == (first["field"], first["rule"])
    assert fingerprint(empty) == before


def test_over_long_texts_are_refused_by_field_and_the_slug_is_bounded(
    world: WriteClient, empty: Graph
) -> None:
    before = fingerprint(empty)
    result = world.result(
        PROBLEMS,
        {"input": technique_input(name="n" * 100_000, modelDependency="m" * 201)},
        role="editor",
    )
    assert {(p["field"], p["rule"]) for p in result["problems"]} == {
        ("name", "max-length"),
        ("modelDependency", "max-length"),
    }
    assert "100,000 characters; the limit is 200" in result["message"]
    assert fingerprint(empty) == before
    made = create(world, name="word " * (NAME_MAX // 5 - 1))
    assert made["__typename"] == "Technique"
    assert len(made["slug"]) <= SLUG_MAX
    assert not made["slug"].endswith("-")


def test_tag_names_with_an_empty_part_are_refused(world: WriteClient, empty: Graph) -> None:
    before = fingerprint(empty)
    for name in ("/", "rt/", "a//b", "/a"):
        result = world.result(CREATE_TAG, {"name": name}, role="editor")
        assert (result["__typename"], result["rule"]) == ("ValidationError", "tag-name"), name
    assert fingerprint(empty) == before
    assert world.result(CREATE_TAG, {"name": "a/b"}, role="editor")["__typename"] == "Tag"


def test_an_emptied_optional_text_is_cleared_and_null_keeps_it(world: WriteClient) -> None:
    slug = create(world)["slug"]
    kept = world.result(UPDATE, {"slug": slug, "input": {"modelDependency": None}}, "editor")
    assert kept["modelDependency"] == "Model-Specific"
    cleared = world.result(
        UPDATE, {"slug": slug, "input": {"modelDependency": "", "exampleUseCase": ""}}, "editor"
    )
    assert (cleared["modelDependency"], cleared["exampleUseCase"]) == (None, None)
    refused = world.result(UPDATE, {"slug": slug, "input": {"description": ""}}, "editor")
    assert refused["rule"] == "required"


def _hold_out_of_scope_value(graph: Graph, slug: str) -> None:
    """What the migration keeps with a warning: a Scope value (Explainability) on a
    technique whose only goal is Fairness."""
    graph.write(
        "MATCH (t:Technique {slug: $slug}), (v:AttributeValue {typeKey: 'scope', key: 'global'}) "
        "MERGE (t)-[:HAS_ATTRIBUTE]->(v)",
        {"slug": slug},
    )


def _attributes(result: dict[str, Any]) -> set[tuple[str, str]]:
    return {(a["type"]["name"], a["value"]["name"]) for a in result["attributes"]}


def test_an_out_of_scope_value_stays_through_unrelated_edits_until_removed(
    world: WriteClient, empty: Graph
) -> None:
    slug = create(world)["slug"]
    _hold_out_of_scope_value(empty, slug)
    edited = world.result(UPDATE, {"slug": slug, "input": {"description": "Only this."}}, "editor")
    assert _attributes(edited) == {("Approach", "Pre"), ("Scope", "Global")}
    approach = world.result(
        UPDATE,
        {"slug": slug, "input": {"attributes": [{"type": "Approach", "values": ["Post"]}]}},
        "editor",
    )
    assert _attributes(approach) == {("Approach", "Post"), ("Scope", "Global")}
    # Sent back unchanged (as a form does), the value it already holds is no new violation.
    resent = world.result(
        UPDATE,
        {"slug": slug, "input": {"attributes": [{"type": "Scope", "values": ["Global"]}]}},
        "editor",
    )
    assert _attributes(resent) == {("Approach", "Post"), ("Scope", "Global")}
    removed = world.result(
        UPDATE, {"slug": slug, "input": {"attributes": [{"type": "Scope", "values": []}]}}, "editor"
    )
    assert _attributes(removed) == {("Approach", "Post")}


def test_adding_a_value_that_does_not_apply_is_still_refused(world: WriteClient) -> None:
    slug = create(world)["slug"]
    result = world.result(
        UPDATE_TECHNIQUE,
        {"slug": slug, "input": {"attributes": [{"type": "Scope", "values": ["Local"]}]}},
        role="editor",
    )
    assert (result["field"], result["rule"]) == (
        "attributes[0].values",
        "attribute-applies-to-goals",
    )


VOCABULARY = "{ modelDependencies }"
CREATE_DEPENDENCY = """mutation($name: String!) { createModelDependency(name: $name) {
  __typename ... on ValidationError { rule } } }"""


def test_model_dependency_comes_from_its_vocabulary(world: WriteClient, empty: Graph) -> None:
    slug = create(world)["slug"]
    banana = world.result(UPDATE, {"slug": slug, "input": {"modelDependency": "banana"}}, "editor")
    assert (banana["field"], banana["rule"]) == ("modelDependency", "known-reference")
    # A value outside the vocabulary that a technique holds (written before the vocabulary
    # had nodes) stays through its edits, but is no choice for others.
    empty.write("MATCH (t:Technique {slug: $s}) SET t.modelDependency = 'Legacy'", {"s": slug})
    assert world.post(VOCABULARY)["data"]["modelDependencies"] == [
        "Model-Agnostic",
        "Model-Specific",
    ]
    kept = world.result(UPDATE, {"slug": slug, "input": {"description": "Other."}}, "editor")
    assert kept["modelDependency"] == "Legacy"
    other = create(world, name="Prejudice Remover")["slug"]
    refused = world.result(
        UPDATE, {"slug": other, "input": {"modelDependency": "Legacy"}}, "editor"
    )
    assert (refused["field"], refused["rule"]) == ("modelDependency", "known-reference")
    editor = world.post(CREATE_DEPENDENCY, {"name": "Banana"}, role="editor")
    assert editor["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    made = world.result(CREATE_DEPENDENCY, {"name": "Banana"}, role="admin")
    assert made == {"__typename": "ModelDependency"}
    again = world.result(CREATE_DEPENDENCY, {"name": "banana "}, role="admin")
    assert again["rule"] == "unique-name"
    chosen = world.result(UPDATE, {"slug": slug, "input": {"modelDependency": "Banana"}}, "editor")
    assert chosen["modelDependency"] == "Banana"
