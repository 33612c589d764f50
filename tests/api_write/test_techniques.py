"""Creating, updating and deleting techniques, and each rule that refuses a write."""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from graph.fingerprint import fingerprint
from support.write_client import (
    CREATE_TECHNIQUE,
    UPDATE_TECHNIQUE,
    WriteClient,
    technique_input,
)

DELETE = """mutation($slug: String!) { deleteTechnique(slug: $slug) {
  __typename ... on Deleted { slug } ... on ValidationError { field rule message } } }"""


def create(world: WriteClient, **changes: Any) -> dict[str, Any]:
    return world.result(CREATE_TECHNIQUE, {"input": technique_input(**changes)}, role="editor")


def refused(
    world: WriteClient,
    empty: Graph,
    query: str,
    variables: dict[str, Any],
    rule: str,
    role: str = "editor",
) -> dict[str, Any]:
    before = fingerprint(empty)
    result = world.result(query, variables, role=role)
    assert result["__typename"] == "ValidationError", result
    assert result["rule"] == rule, result
    assert fingerprint(empty) == before
    return result


def test_a_new_technique_gets_a_slug_version_one_and_its_links(world: WriteClient) -> None:
    made = create(world)
    assert made["__typename"] == "Technique"
    assert made["slug"] == "adversarial-debiasing"
    assert made["version"] == 1
    assert [g["name"] for g in made["goals"]] == ["Fairness"]
    assert made["attributes"] == [{"type": {"name": "Approach"}, "value": {"name": "Pre"}}]
    assert made["tags"] == [{"name": "data-type/tabular"}]


def test_a_second_technique_whose_name_slugs_the_same_gets_a_numbered_slug(
    world: WriteClient,
) -> None:
    create(world)
    assert create(world, name="adversarial   DEBIASING")["__typename"] == "ValidationError"
    assert create(world, name="Adversarial-Debiasing")["slug"] == "adversarial-debiasing-2"


def test_creating_a_technique_that_exists_is_a_unique_name_error(
    world: WriteClient, empty: Graph
) -> None:
    create(world)
    refused(
        world,
        empty,
        CREATE_TECHNIQUE,
        {"input": technique_input(name="ADVERSARIAL debiasing ")},
        "unique-name",
    )


def test_a_technique_without_a_primary_goal_is_refused(world: WriteClient, empty: Graph) -> None:
    refused(
        world,
        empty,
        CREATE_TECHNIQUE,
        {"input": technique_input(primaryGoal=None)},
        "primary-goal-required",
    )


def test_an_unknown_goal_category_tag_type_or_value_is_a_known_reference_error(
    world: WriteClient, empty: Graph
) -> None:
    for changes in (
        {"primaryGoal": "Privacy"},
        {"categories": ["Nope"]},
        {"subCategories": ["Nope"]},
        {"tags": ["nope/tag"]},
        {"attributes": [{"type": "Colour", "values": ["Red"]}]},
        {"attributes": [{"type": "Approach", "values": ["Sideways"]}]},
    ):
        refused(
            world, empty, CREATE_TECHNIQUE, {"input": technique_input(**changes)}, "known-reference"
        )


def test_an_attribute_whose_type_does_not_apply_to_the_goals_is_refused(
    world: WriteClient, empty: Graph
) -> None:
    result = refused(
        world,
        empty,
        CREATE_TECHNIQUE,
        {"input": technique_input(attributes=[{"type": "Scope", "values": ["Global"]}])},
        "attribute-applies-to-goals",
    )
    assert "Explainability" in result["message"]


def test_two_values_for_a_single_valued_type_are_refused(world: WriteClient, empty: Graph) -> None:
    refused(
        world,
        empty,
        CREATE_TECHNIQUE,
        {"input": technique_input(attributes=[{"type": "Approach", "values": ["Pre", "Post"]}])},
        "single-valued",
    )


def test_an_attribute_applies_through_a_category_of_another_goal(world: WriteClient) -> None:
    made = create(
        world,
        categories=["Bias Mitigation", "Feature Analysis"],
        attributes=[{"type": "Scope", "values": ["Global", "Local"]}],
    )
    assert made["__typename"] == "Technique"
    assert {g["name"] for g in made["goals"]} == {"Fairness", "Explainability"}


def test_an_update_replaces_the_lists_and_bumps_the_version(world: WriteClient) -> None:
    slug = create(world)["slug"]
    # `attributes` replaces the values of the types it names: Approach emptied.
    changed = world.result(
        UPDATE_TECHNIQUE,
        {
            "slug": slug,
            "input": {
                "description": "New.",
                "categories": [],
                "attributes": [{"type": "Approach", "values": []}],
            },
        },
        role="editor",
    )
    assert changed["version"] == 2
    assert changed["description"] == "New."
    assert changed["categories"] == []
    assert changed["attributes"] == []


def test_an_update_that_takes_away_the_goal_an_attribute_needs_is_refused(
    world: WriteClient, empty: Graph
) -> None:
    slug = create(
        world,
        categories=["Bias Mitigation", "Feature Analysis"],
        attributes=[{"type": "Scope", "values": ["Global"]}],
    )["slug"]
    refused(
        world,
        empty,
        UPDATE_TECHNIQUE,
        {"slug": slug, "input": {"categories": ["Bias Mitigation"]}},
        "attribute-applies-to-goals",
    )


def test_an_update_at_a_stale_version_is_a_version_conflict(
    world: WriteClient, empty: Graph
) -> None:
    slug = create(world)["slug"]
    world.result(
        UPDATE_TECHNIQUE,
        {"slug": slug, "input": {"description": "one"}, "expectedVersion": 1},
        role="editor",
    )
    refused(
        world,
        empty,
        UPDATE_TECHNIQUE,
        {"slug": slug, "input": {"description": "two"}, "expectedVersion": 1},
        "version-conflict",
    )


def test_updating_an_unknown_slug_is_a_known_reference_error(
    world: WriteClient, empty: Graph
) -> None:
    refused(
        world,
        empty,
        UPDATE_TECHNIQUE,
        {"slug": "nope", "input": {"description": "x"}},
        "known-reference",
    )


def test_a_deleted_technique_is_gone_and_deleting_it_again_is_refused(
    world: WriteClient, empty: Graph
) -> None:
    slug = create(world)["slug"]
    assert world.result(DELETE, {"slug": slug}, role="editor") == {
        "__typename": "Deleted",
        "slug": slug,
    }
    assert empty.read("MATCH (t:Technique) RETURN count(t) AS n")[0]["n"] == 0
    refused(world, empty, DELETE, {"slug": slug}, "known-reference")
