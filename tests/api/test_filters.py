"""Filters (`where`) select exactly the techniques the legacy rows say they should: scalar
operators, relationship quantifiers, single relationships, AND / OR / NOT, nesting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from support.api_client import ApiClient
from support.api_legacy import LegacyCatalog, LegacyTechnique

LIST = "query($where: TechniqueWhere) { techniques(where: $where, limit: 100) { slug } }"

Predicate = Callable[[LegacyTechnique, LegacyCatalog], bool]


def parent(tag: str) -> str | None:
    return tag.rsplit("/", 1)[0] if "/" in tag else None


CASES: list[tuple[str, dict[str, Any], Predicate]] = [
    (
        "name eq",
        {"name": {"eq": "Permutation Importance"}},
        lambda t, db: t.name == "Permutation Importance",
    ),
    (
        "name in",
        {"name": {"in": ["Permutation Importance", "Sobol Indices", "Nothing"]}},
        lambda t, db: t.name in {"Permutation Importance", "Sobol Indices"},
    ),
    ("name contains", {"name": {"contains": "Fair"}}, lambda t, db: "Fair" in t.name),
    ("name startsWith", {"name": {"startsWith": "S"}}, lambda t, db: t.name.startswith("S")),
    (
        "slug endsWith",
        {"slug": {"endsWith": "-analysis"}},
        lambda t, db: t.slug.endswith("-analysis"),
    ),
    ("legacyId lt", {"legacyId": {"lt": 10}}, lambda t, db: t.id < 10),
    ("legacyId gte and lte", {"legacyId": {"gte": 40, "lte": 45}}, lambda t, db: 40 <= t.id <= 45),
    ("legacyId in", {"legacyId": {"in": [3, 5, 99999]}}, lambda t, db: t.id in {3, 5}),
    (
        "modelDependency eq",
        {"modelDependency": {"eq": "Model-Specific"}},
        lambda t, db: t.model_dependency == "Model-Specific",
    ),
    (
        "description contains",
        {"description": {"contains": "neural"}},
        lambda t, db: "neural" in t.description,
    ),
    (
        "primaryGoal",
        {"primaryGoal": {"name": {"eq": "Explainability"}}},
        lambda t, db: t.primary_goal == "Explainability",
    ),
    (
        "goals some",
        {"goals": {"some": {"name": {"eq": "Fairness"}}}},
        lambda t, db: "Fairness" in t.goals,
    ),
    (
        "goals all",
        {"goals": {"all": {"name": {"eq": "Fairness"}}}},
        lambda t, db: t.goals <= {"Fairness"},
    ),
    (
        "goals none",
        {"goals": {"none": {"name": {"eq": "Explainability"}}}},
        lambda t, db: "Explainability" not in t.goals,
    ),
    (
        "goals single",
        {"goals": {"single": {"name": {"in": ["Reliability", "Safety"]}}}},
        lambda t, db: len(t.goals & {"Reliability", "Safety"}) == 1,
    ),
    (
        "goals some of a derived goal",
        {
            "goals": {"some": {"name": {"eq": "Explainability"}}},
            "primaryGoal": {"NOT": {"name": {"eq": "Explainability"}}},
        },
        lambda t, db: "Explainability" in t.goals and t.primary_goal != "Explainability",
    ),
    (
        "tags some startsWith",
        {"tags": {"some": {"name": {"startsWith": "data-type/t"}}}},
        lambda t, db: any(tag.startswith("data-type/t") for tag in t.tags),
    ),
    (
        "tags all",
        {"tags": {"all": {"NOT": {"name": {"startsWith": "data-type/a"}}}}},
        lambda t, db: all(not tag.startswith("data-type/a") for tag in t.tags),
    ),
    (
        "tags by parent",
        {"tags": {"some": {"parent": {"name": {"eq": "data-type"}}, "name": {"endsWith": "xt"}}}},
        lambda t, db: any(parent(tag) == "data-type" and tag.endswith("xt") for tag in t.tags),
    ),
    ("categories some (any)", {"categories": {"some": {}}}, lambda t, db: bool(t.categories)),
    ("categories none (any)", {"categories": {"none": {}}}, lambda t, db: not t.categories),
    (
        "categories by their goals",
        {"categories": {"some": {"goals": {"some": {"name": {"eq": "Fairness"}}}}}},
        lambda t, db: any("Fairness" in db.category_goals()[c] for c in t.categories),
    ),
    (
        "subCategories by their categories",
        {"subCategories": {"some": {"categories": {"some": {"name": {"eq": "Group"}}}}}},
        lambda t, db: any("Group" in db.subcategory_categories()[s] for s in t.sub_categories),
    ),
    (
        "attributes type and value",
        {
            "attributes": {
                "some": {"type": {"name": {"eq": "Scope"}}, "value": {"name": {"eq": "Local"}}}
            }
        },
        lambda t, db: ("Scope", "Local") in t.attributes,
    ),
    (
        "attributes single of a type",
        {"attributes": {"single": {"type": {"name": {"eq": "Scope"}}}}},
        lambda t, db: sum(kind == "Scope" for kind, _ in t.attributes) == 1,
    ),
    (
        "related some",
        {"related": {"some": {"slug": {"eq": "permutation-importance"}}}},
        lambda t, db: any(target == "permutation-importance" for _, target in t.related),
    ),
    (
        "AND",
        {
            "AND": [
                {"goals": {"some": {"name": {"eq": "Fairness"}}}},
                {"modelDependency": {"eq": "Model-Agnostic"}},
            ]
        },
        lambda t, db: "Fairness" in t.goals and t.model_dependency == "Model-Agnostic",
    ),
    (
        "OR",
        {"OR": [{"name": {"startsWith": "A"}}, {"name": {"startsWith": "B"}}]},
        lambda t, db: t.name[0] in "AB",
    ),
    (
        "NOT",
        {"NOT": {"tags": {"some": {"name": {"eq": "data-type/any"}}}}},
        lambda t, db: "data-type/any" not in t.tags,
    ),
    (
        "several keys all hold",
        {"name": {"contains": "a"}, "legacyId": {"gt": 50}},
        lambda t, db: "a" in t.name and t.id > 50,
    ),
    ("AND of nothing holds", {"AND": []}, lambda t, db: True),
    ("OR of nothing does not hold", {"OR": []}, lambda t, db: False),
    ("a null condition sets none", {"name": None, "legacyId": {"eq": None}}, lambda t, db: True),
]


@pytest.mark.parametrize(("where", "predicate"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_filter_selects_exactly_the_techniques_the_legacy_rows_say(
    api: ApiClient, legacy: LegacyCatalog, where: dict[str, Any], predicate: Predicate
) -> None:
    found = [t["slug"] for t in api.data(LIST, {"where": where})["techniques"]]
    assert found == sorted(slug for slug, t in legacy.techniques.items() if predicate(t, legacy))


def test_the_filters_of_this_file_are_not_trivial(legacy: LegacyCatalog) -> None:
    trivial = {"AND of nothing holds", "OR of nothing does not hold", "a null condition sets none"}
    for name, _, predicate in CASES:
        chosen = [t for t in legacy.techniques.values() if predicate(t, legacy)]
        if name not in trivial:
            assert 0 < len(chosen) < len(legacy.techniques), name


def test_nested_lists_take_their_own_filter_sort_and_page(api: ApiClient) -> None:
    data = api.data(
        """{ goal(name: "fairness") {
              name
              techniques(
                where: {modelDependency: {eq: "Model-Specific"}}, sort: [{name: DESC}], limit: 2
              ) { name modelDependency }
              all: techniques(sort: [{name: DESC}]) { name modelDependency }
        } }"""
    )["goal"]
    specific = [t for t in data["all"] if t["modelDependency"] == "Model-Specific"]
    assert data["name"] == "Fairness"
    assert data["techniques"] == specific[:2]
    assert [t["name"] for t in data["all"]] == sorted(
        (t["name"] for t in data["all"]), reverse=True
    )


@pytest.mark.parametrize(
    "value",
    [
        "x' OR 1=1 //injected",
        "}) RETURN 1 //injected",
        "`injected`",
        "$p0 OR true //injected",
        "\\u0000injected",
        "n1.slug = n1.slug //injected",
    ],
)
def test_filter_values_are_data_never_cypher(api: ApiClient, value: str) -> None:
    with api.counting() as sent:
        found = api.data(
            LIST, {"where": {"name": {"eq": value}, "OR": [{"slug": {"contains": value}}]}}
        )
    assert found == {"techniques": []}
    assert all(value not in statement for statement in sent)


def test_a_filter_nested_too_deep_is_refused_naming_the_limit(api: ApiClient) -> None:
    where: dict[str, Any] = {"name": {"eq": "x"}}
    for _ in range(7):
        where = {"related": {"some": where}}
    errors = api.errors(LIST, {"where": where})
    assert "maximum is 6" in errors[0]["message"]
    assert "API_MAX_FILTER_DEPTH" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_a_filter_with_too_many_terms_is_refused_naming_the_limit(api: ApiClient) -> None:
    errors = api.errors(LIST, {"where": {"slug": {"in": [f"s{i}" for i in range(501)]}}})
    assert "500" in errors[0]["message"]
    assert "API_MAX_FILTER_TERMS" in errors[0]["message"]
