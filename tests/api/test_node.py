"""Global object identification: every catalog object has a stable `id`, and `node(id:)`
fetches it again, so a client cache (Apollo, Relay) can key objects with no configuration."""

from __future__ import annotations

from typing import Any

import pytest

from graph.queries.errors import QueryInputError
from graph.queries.nodes import parse_id
from support.api_client import ApiClient

DETAIL = """
query($slug: String!) {
  technique(slug: $slug) {
    id slug
    primaryGoal { id name }
    goals { id name }
    categories { id name goals { id } }
    subCategories { id name }
    tags { id name parent { id } }
    attributes { id type { id name } value { id name } }
    related { id type technique { id slug } }
  }
}
"""
SHAP = "shapley-additive-explanations"
NODE = """
query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Technique { slug }
    ... on Goal { name }
    ... on Category { name }
    ... on SubCategory { name }
    ... on Tag { name }
    ... on AttributeType { name }
    ... on AttributeValue { name type { name } }
  }
}
"""


def objects(value: Any) -> list[dict[str, Any]]:
    """Every object in an answer that has an id, at any depth."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if "id" in value:
            found.append(value)
        for item in value.values():
            found += objects(item)
    elif isinstance(value, list):
        for item in value:
            found += objects(item)
    return found


def test_every_object_of_a_technique_detail_has_an_id_and_ids_name_one_object_each(
    api: ApiClient,
) -> None:
    technique = api.data(DETAIL, {"slug": SHAP})["technique"]
    assert technique["id"] == f"Technique:{SHAP}"
    found = objects(technique)
    assert len(found) > 10
    names: dict[str, set[str]] = {}
    for obj in found:
        assert isinstance(obj["id"], str) and obj["id"]
        if "name" in obj:
            names.setdefault(obj["id"], set()).add(obj["name"])
    # The same id seen twice (a goal as primary goal and among goals) is the same object, and
    # objects of different names never share an id.
    assert all(len(seen) == 1 for seen in names.values()), names
    assert len({name for seen in names.values() for name in seen}) <= len(names)
    attribute = technique["attributes"][0]
    assert attribute["value"]["id"].startswith("AttributeValue:")
    assert attribute["id"].startswith("Attribute:") and attribute["id"] != attribute["value"]["id"]


def test_ids_are_stable_across_requests_and_root_fields(api: ApiClient) -> None:
    first = api.data(DETAIL, {"slug": SHAP})["technique"]
    again = api.data(DETAIL, {"slug": SHAP})["technique"]
    assert first == again
    goal = first["primaryGoal"]
    listed = api.data("{ goals { id name } }")["goals"]
    assert goal in listed


@pytest.mark.parametrize(
    "path",
    [
        ("technique",),
        ("technique", "primaryGoal"),
        ("technique", "categories", 0),
        ("technique", "subCategories", 0),
        ("technique", "tags", 0),
        ("technique", "attributes", 0, "type"),
        ("technique", "attributes", 0, "value"),
    ],
)
def test_node_fetches_each_kind_of_object_again_by_its_id(
    api: ApiClient, path: tuple[Any, ...]
) -> None:
    value: Any = api.data(DETAIL, {"slug": SHAP})
    for step in path:
        value = value[step]
    node = api.data(NODE, {"id": value["id"]})["node"]
    assert node["id"] == value["id"]
    assert node["__typename"] == value["id"].split(":")[0]
    if "name" in value:
        assert node["name"] == value["name"]
    if node["__typename"] == "AttributeValue":
        assert node["type"]["name"]


def test_node_of_an_id_no_object_has_is_null(api: ApiClient) -> None:
    assert api.data(NODE, {"id": "Technique:no-such-technique"}) == {"node": None}


@pytest.mark.parametrize("bad", ["", "Technique", "Nothing:x", "AttributeValue:only-one", "Goal:"])
def test_a_malformed_id_is_refused_with_what_to_use_instead(api: ApiClient, bad: str) -> None:
    (error,) = api.errors(NODE, {"id": bad})
    assert "is not an object id" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_id_parts_are_escaped_so_names_holding_colons_round_trip() -> None:
    found = parse_id("AttributeValue:data%3Atype:50%25%3Ax")
    assert found.values == {"typeKey": "data:type", "key": "50%:x"}
    with pytest.raises(QueryInputError):
        parse_id("AttributeValue:data:type:x")
