"""Beyond the contract: the taxonomy's own lists and lookups (goals, categories,
subcategories, tags, attribute types and values) with their filters and relationships,
checked against the legacy rows."""

from __future__ import annotations

import pytest

from graph.rules import MIGRATED_ATTRIBUTE_TYPES
from support.api_client import ApiClient
from support.api_legacy import LegacyCatalog


def test_a_goal_is_found_by_its_name_whatever_the_case(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    goal = api.data('{ goal(name: "  FAIRNESS ") { name description techniques { slug } } }')
    expected = sorted(s for s, t in legacy.techniques.items() if "Fairness" in t.goals)
    assert goal["goal"]["name"] == "Fairness"
    assert [t["slug"] for t in goal["goal"]["techniques"]] == expected


@pytest.mark.parametrize(
    "field", ["goal", "category", "subCategory", "tag", "attributeType", "technique"]
)
def test_an_unknown_name_finds_nothing(api: ApiClient, field: str) -> None:
    argument = "slug" if field == "technique" else "name"
    query = f'{{ {field}({argument}: "no such thing") {{ __typename }} }}'
    assert api.data(query) == {field: None}


def test_a_category_lists_its_goals_subcategories_and_techniques(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    data = api.data(
        """{ category(name: "Group") {
              name goals { name } subCategories { name } techniques { slug }
        } }"""
    )["category"]
    assert data["goals"] == [{"name": g} for g in sorted(legacy.category_goals()["Group"])]
    subs = legacy.subcategory_categories()
    assert data["subCategories"] == [{"name": s} for s in sorted(subs) if "Group" in subs[s]]
    in_group = sorted(s for s, t in legacy.techniques.items() if "Group" in t.categories)
    assert [t["slug"] for t in data["techniques"]] == in_group


def test_categories_filter_by_the_goals_they_serve(api: ApiClient, legacy: LegacyCatalog) -> None:
    data = api.data('{ categories(where: {goals: {some: {name: {eq: "Fairness"}}}}) { name } }')
    goals = legacy.category_goals()
    assert [c["name"] for c in data["categories"]] == sorted(
        c for c in goals if "Fairness" in goals[c]
    )


def test_subcategories_list_their_categories_and_techniques(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    data = api.data("{ subCategories { name categories { name } techniques { slug } } }")
    subs = legacy.subcategory_categories()
    assert [s["name"] for s in data["subCategories"]] == sorted(subs)
    for sub in data["subCategories"]:
        assert {c["name"] for c in sub["categories"]} == subs[sub["name"]]
        assert [t["slug"] for t in sub["techniques"]] == sorted(
            s for s, t in legacy.techniques.items() if sub["name"] in t.sub_categories
        )


def test_tags_know_their_parent_children_and_techniques(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    data = api.data(
        """{ tag(name: "data-type") {
              name legacyId parent { name }
              children { name parent { name } techniques(limit: 100) { slug } }
        } }"""
    )["tag"]
    legacy_tags = [name for (name,) in legacy.rows("SELECT name FROM tag")]
    assert data["name"] == "data-type"
    assert data["legacyId"] is None  # an ancestor made from `data-type/...` names
    assert data["parent"] is None
    children = sorted(t for t in legacy_tags if t.startswith("data-type/"))
    assert [c["name"] for c in data["children"]] == children
    for child in data["children"]:
        assert child["parent"] == {"name": "data-type"}
        assert [t["slug"] for t in child["techniques"]] == sorted(
            s for s, t in legacy.techniques.items() if child["name"] in t.tags
        )


def test_tags_filter_by_their_techniques(api: ApiClient, legacy: LegacyCatalog) -> None:
    slug = "sobol-indices"
    query = "query($s: String!) { tags(where: {techniques: {some: {slug: {eq: $s}}}}) { name } }"
    found = api.data(query, {"s": slug})["tags"]
    assert [t["name"] for t in found] == sorted(legacy.techniques[slug].tags)


def test_tags_without_a_parent_are_the_ancestors(api: ApiClient, legacy: LegacyCatalog) -> None:
    data = api.data("{ tags(where: {NOT: {parent: {}}}) { name } }")
    prefixes = {name.split("/")[0] for (name,) in legacy.rows("SELECT name FROM tag")}
    assert [t["name"] for t in data["tags"]] == sorted(prefixes)


def test_goals_filter_by_their_techniques_goals_in_the_contracts_sense(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    spanning = sorted(s for s, t in legacy.techniques.items() if len(t.goals) > 1)
    slug = spanning[0]
    query = "query($s: String!) { goals(where: {techniques: {some: {slug: {eq: $s}}}}) { name } }"
    found = api.data(query, {"s": slug})["goals"]
    assert [g["name"] for g in found] == sorted(legacy.techniques[slug].goals)


def test_attribute_values_list_by_type_with_their_techniques(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    data = api.data(
        """{ attributeType(name: "scope") {
              name description
              values { name position type { name } techniques(limit: 100) { slug } }
        } }"""
    )["attributeType"]
    assert data["name"] == "Scope"
    assert data["description"]
    for value in data["values"]:
        assert value["type"] == {"name": "Scope"}
        assert [t["slug"] for t in value["techniques"]] == sorted(
            s for s, t in legacy.techniques.items() if ("Scope", value["name"]) in t.attributes
        )
    positions = [v["position"] for v in data["values"]]
    assert positions == sorted(positions)


def test_attribute_values_filter_by_their_type(api: ApiClient, legacy: LegacyCatalog) -> None:
    data = api.data(
        """{ attributeValues(where: {type: {name: {eq: "Fairness Approach"}}}, sort: [{name: ASC}])
             { name } }"""
    )
    assert [v["name"] for v in data["attributeValues"]] == sorted(
        n for (n,) in legacy.rows("SELECT name FROM fairness_approach")
    )


def test_attribute_types_filter_by_their_flags(api: ApiClient) -> None:
    data = api.data(
        """{ yes: attributeTypes(where: {multiValued: {eq: true}, appliesToAll: {eq: false}}) {
               name
             }
             no: attributeTypes(where: {appliesToAll: {eq: true}}) { name } }"""
    )
    assert [t["name"] for t in data["yes"]] == sorted(t.name for t in MIGRATED_ATTRIBUTE_TYPES)
    assert data["no"] == []


def test_related_edges_filter_by_their_type_and_technique(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    slug = max(legacy.techniques, key=lambda s: len(legacy.techniques[s].related))
    data = api.data(
        """query($slug: String!) { technique(slug: $slug) {
              all: related { type technique { slug } }
              some: related(where: {type: {eq: "related"}, technique: {name: {startsWith: "S"}}}) {
                technique { name }
              }
              none: related(where: {type: {eq: "unrelated"}}) { type }
        } }""",
        {"slug": slug},
    )["technique"]
    targets = [legacy.techniques[target] for _, target in legacy.techniques[slug].related]
    assert [(r["type"], r["technique"]["slug"]) for r in data["all"]] == list(
        legacy.techniques[slug].related
    )
    assert [r["technique"]["name"] for r in data["some"]] == [
        t.name for t in targets if t.name.startswith("S")
    ]
    assert data["none"] == []
