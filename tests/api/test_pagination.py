"""Sorting and paging: multi-key sorts in order with a unique tiebreak, cursor pages that walk
the whole list with no duplicates or gaps (nulls included), offset pages, and clear errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph.connection import Graph
from graph.keys import sort_name
from support.api_client import ApiClient
from support.api_legacy import LegacyCatalog
from support.graph_factories import create_technique

CONNECTION = """
query($where: TechniqueWhere, $sort: [TechniqueSort!], $first: Int, $after: String) {
  techniquesConnection(where: $where, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug name modelDependency legacyId } }
  }
}"""
LIST = """
query($where: TechniqueWhere, $sort: [TechniqueSort!], $limit: Int, $offset: Int) {
  techniques(where: $where, sort: $sort, limit: $limit, offset: $offset) {
    slug name modelDependency legacyId
  }
}"""


def walk(api: ApiClient, first: int, **variables: Any) -> list[dict[str, Any]]:
    """Every node, page by page, checking each page's info on the way."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = api.data(CONNECTION, {**variables, "first": first, "after": after})
        connection = page["techniquesConnection"]
        edges = connection["edges"]
        info = connection["pageInfo"]
        assert len(edges) <= first
        assert info["hasPreviousPage"] is (after is not None)
        if edges:
            assert (info["startCursor"], info["endCursor"]) == (
                edges[0]["cursor"],
                edges[-1]["cursor"],
            )
        nodes += [edge["node"] for edge in edges]
        if not info["hasNextPage"]:
            assert len(nodes) == connection["totalCount"]
            return nodes
        assert len(edges) == first
        after = info["endCursor"]


def everything(api: ApiClient, **variables: Any) -> list[dict[str, Any]]:
    return api.data(LIST, {**variables, "limit": 100})["techniques"]


SORTS = [
    [{"name": "ASC"}],
    [{"modelDependency": "ASC"}, {"name": "DESC"}],
    [{"modelDependency": "DESC"}, {"legacyId": "ASC"}],
    [{"slug": "DESC"}],
]


@pytest.mark.parametrize("sort", SORTS, ids=str)
def test_a_multi_key_sort_applies_its_keys_in_order_then_the_slug(
    api: ApiClient, legacy: LegacyCatalog, sort: list[dict[str, str]]
) -> None:
    field = {
        "name": "name",
        "modelDependency": "model_dependency",
        "legacyId": "id",
        "slug": "slug",
    }
    expected = sorted(legacy.techniques.values(), key=lambda t: t.slug)
    for key in reversed(sort):
        ((name, direction),) = key.items()
        # Names sort by their sort name (case and accents folded), as the API documents.
        value = (
            (lambda t: sort_name(t.name))
            if name == "name"
            else (lambda t, f=field[name]: getattr(t, f))
        )
        expected.sort(key=value, reverse=direction == "DESC")
    assert [t["slug"] for t in everything(api, sort=sort)] == [t.slug for t in expected]


@pytest.mark.parametrize("first", [1, 7, 50])
@pytest.mark.parametrize("sort", SORTS[:3], ids=str)
def test_cursor_pages_walk_the_whole_list_with_no_duplicates_or_gaps(
    api: ApiClient, first: int, sort: list[dict[str, str]]
) -> None:
    assert walk(api, first, sort=sort) == everything(api, sort=sort)


def test_cursor_pages_of_a_filtered_list_walk_only_the_matches(api: ApiClient) -> None:
    where = {"goals": {"some": {"name": {"in": ["Fairness", "Privacy"]}}}}
    sort = [{"modelDependency": "DESC"}]
    nodes = walk(api, 4, where=where, sort=sort)
    assert nodes == everything(api, where=where, sort=sort)
    assert 4 < len(nodes) < 92


@pytest.fixture
def unnumbered(catalog: Graph) -> Iterator[list[str]]:
    """Five techniques made through the API's way (no legacyId), removed afterwards."""
    names = [f"Unnumbered Technique {c}" for c in "ABCDE"]
    for name in names:
        create_technique(catalog, name, primary_goal="Fairness", model_dependency="Model-Agnostic")
    try:
        yield names
    finally:
        catalog.write(
            "MATCH (t:Technique) WHERE t.name IN $names DETACH DELETE t", {"names": names}
        )


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_cursor_pages_keep_techniques_whose_sort_value_is_missing(
    api: ApiClient, unnumbered: list[str], direction: str
) -> None:
    sort = [{"legacyId": direction}]
    nodes = walk(api, 3, sort=sort)
    assert len(nodes) == 97
    assert nodes == api.data(LIST, {"sort": sort, "limit": 100})["techniques"]
    missing = [n["name"] for n in nodes if n["legacyId"] is None]
    assert missing == sorted(unnumbered)
    # Neo4j puts missing values last when ascending, first when descending.
    at = slice(-5, None) if direction == "ASC" else slice(0, 5)
    assert [n["name"] for n in nodes[at]] == sorted(unnumbered)


def test_offset_pages_walk_the_whole_list(api: ApiClient) -> None:
    sort = [{"modelDependency": "ASC"}, {"name": "ASC"}]
    pages = [
        api.data(LIST, {"sort": sort, "limit": 10, "offset": offset})["techniques"]
        for offset in range(0, 110, 10)
    ]
    assert [n for page in pages for n in page] == everything(api, sort=sort)
    assert pages[-1] == []


def test_first_zero_answers_the_count_and_whether_there_is_a_page(api: ApiClient) -> None:
    connection = api.data(CONNECTION, {"first": 0})["techniquesConnection"]
    assert connection["edges"] == []
    assert connection["totalCount"] == 92
    assert connection["pageInfo"]["hasNextPage"] is True


def test_without_first_a_page_is_the_maximum_page_size(api: ApiClient) -> None:
    connection = api.data(CONNECTION)["techniquesConnection"]
    assert len(connection["edges"]) == 92
    assert connection["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize(
    ("query", "variables", "argument"),
    [
        (CONNECTION, {"first": 101}, "first"),
        (LIST, {"limit": 1000}, "limit"),
        ("{ goals { techniques(limit: 101) { slug } } }", {}, "limit"),
    ],
)
def test_a_page_over_the_maximum_size_is_refused_naming_the_limit(
    api: ApiClient, query: str, variables: dict[str, Any], argument: str
) -> None:
    error = api.errors(query, variables)[0]
    assert "maximum page size of 100" in error["message"]
    assert "API_MAX_PAGE_SIZE" in error["message"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert argument in error["extensions"]["argument"]


@pytest.mark.parametrize(("first", "offset"), [(-1, None), (5, -3)])
def test_a_negative_page_size_or_offset_is_refused(
    api: ApiClient, first: int, offset: int | None
) -> None:
    error = api.errors(LIST, {"limit": first, "offset": offset})[0]
    assert "must be 0 or more" in error["message"]


@pytest.mark.parametrize("cursor", ["garbage", "", "eyJ2IjoxfQ", "e30"])
def test_a_cursor_not_made_by_the_api_is_refused(api: ApiClient, cursor: str) -> None:
    error = api.errors(CONNECTION, {"first": 2, "after": cursor})[0]
    assert "not a cursor of this API" in error["message"]
    assert error["extensions"]["argument"] == "after"


def test_a_cursor_is_refused_under_another_sort(api: ApiClient) -> None:
    page = api.data(CONNECTION, {"first": 2, "sort": [{"name": "ASC"}]})
    cursor = page["techniquesConnection"]["pageInfo"]["endCursor"]
    error = api.errors(CONNECTION, {"first": 2, "after": cursor, "sort": [{"name": "DESC"}]})[0]
    assert "sorted differently" in error["message"]


def test_a_sort_object_must_name_one_field(api: ApiClient) -> None:
    error = api.errors(LIST, {"sort": [{"name": "ASC", "slug": "DESC"}]})[0]
    assert "one field per sort object" in error["message"]


NESTED = """{
  goals { name techniques { slug } categories { name } }
  attributeTypes { name values { name } }
  techniques(limit: 1) { slug tags { name } }
}"""


def test_nested_lists_of_techniques_are_pages_and_taxonomy_lists_come_whole(
    catalog: Graph, api_settings: ApiSettings, legacy: LegacyCatalog
) -> None:
    # Pages of two: the lists below hold more in the bundled catalog.
    small = api_settings.model_copy(update={"api_max_page_size": 2})
    with TestClient(create_app(small, catalog)) as http:
        data = ApiClient(http, catalog).data(NESTED)
    category_goals = legacy.category_goals()
    for goal in data["goals"]:
        serving = sorted(t.slug for t in legacy.techniques.values() if goal["name"] in t.goals)
        assert [t["slug"] for t in goal["techniques"]] == serving[:2]
        assert len(serving) > 2
        serves = sorted(c for c, goals in category_goals.items() if goal["name"] in goals)
        assert [c["name"] for c in goal["categories"]] == serves
    assert len(data["goals"]) == 2  # a root list is a page too
    stages = legacy.rows("SELECT name FROM project_lifecycle_stage ORDER BY id")
    lifecycle = next(t for t in data["attributeTypes"] if t["name"] == "Project Lifecycle Stage")
    assert [v["name"] for v in lifecycle["values"]] == [n for (n,) in stages]
    assert len(stages) > 2
    (first,) = data["techniques"]
    assert [t["name"] for t in first["tags"]] == sorted(legacy.techniques[first["slug"]].tags)
    assert len(first["tags"]) > 2
