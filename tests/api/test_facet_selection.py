"""Facet selections (`where.facets`): OR within a group, AND across groups, and counts for
each group taken as if its own selection were not made, checked against the legacy rows."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from support.api_client import ApiClient
from support.api_legacy import LegacyCatalog, LegacyTechnique

LIST = "query($where: TechniqueWhere) { techniques(where: $where, limit: 100) { slug } }"
FACETS = """query($where: TechniqueWhere) {
  techniqueFacets(where: $where) {
    total
    goals { name count }
    categories { name count }
    tags { name count }
    modelDependencies { name count }
    attributes { type values { name count } }
  }
}"""

SELECTIONS: list[dict[str, Any]] = [
    {"goals": ["Fairness", "Privacy"]},
    {"goals": ["Explainability"], "modelDependencies": ["Model-Agnostic"]},
    {"goals": ["Fairness"], "attributes": [{"type": "Fairness Approach", "values": ["Group"]}]},
    {
        "goals": ["Explainability", "Fairness"],
        "attributes": [
            {"type": "Scope", "values": ["Local", "Global"]},
            {"type": "Fairness Approach", "values": ["Causal"]},
        ],
    },
    {"tags": [], "goals": None},
]


def groups_of(t: LegacyTechnique) -> dict[str, set[str]]:
    by_type: dict[str, set[str]] = {}
    for kind, value in t.attributes:
        by_type.setdefault(kind, set()).add(value)
    return {
        "goals": set(t.goals),
        "categories": set(t.categories),
        "tags": set(t.tags),
        "modelDependencies": {t.model_dependency},
        **{f"attribute:{kind}": values for kind, values in by_type.items()},
    }


def selected(selection: dict[str, Any]) -> dict[str, set[str]]:
    groups = {k: set(v) for k, v in selection.items() if k != "attributes" and v}
    for item in selection.get("attributes") or []:
        groups.setdefault(f"attribute:{item['type']}", set()).update(item["values"])
    return groups


def admitted(t: LegacyTechnique, groups: dict[str, set[str]], leave_out: str = "") -> bool:
    own = groups_of(t)
    return all(own.get(g, set()) & names for g, names in groups.items() if g != leave_out)


@pytest.mark.parametrize("selection", SELECTIONS)
def test_a_selection_is_or_within_a_group_and_across_groups(
    api: ApiClient, legacy: LegacyCatalog, selection: dict[str, Any]
) -> None:
    found = api.data(LIST, {"where": {"facets": selection}})["techniques"]
    groups = selected(selection)
    expected = {t.slug for t in legacy.techniques.values() if admitted(t, groups)}
    assert expected and {t["slug"] for t in found} == expected


@pytest.mark.parametrize("selection", SELECTIONS)
def test_each_groups_counts_leave_out_its_own_selection(
    api: ApiClient, legacy: LegacyCatalog, selection: dict[str, Any]
) -> None:
    facets = api.data(FACETS, {"where": {"facets": selection}})["techniqueFacets"]
    groups = selected(selection)
    everything = list(legacy.techniques.values())
    assert facets["total"] == sum(admitted(t, groups) for t in everything)

    def expected(group: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for t in everything:
            if admitted(t, groups, leave_out=group):
                counts.update(groups_of(t).get(group, set()))
        return counts

    for facet in ("goals", "categories", "tags", "modelDependencies"):
        assert {r["name"]: r["count"] for r in facets[facet]} == dict(expected(facet)), facet
    for attribute in facets["attributes"]:
        counts = {r["name"]: r["count"] for r in attribute["values"]}
        assert counts == dict(expected(f"attribute:{attribute['type']}")), attribute["type"]


def test_selected_options_stay_listed_beside_the_others_of_their_group(api: ApiClient) -> None:
    before = api.data(FACETS, {})["techniqueFacets"]
    after = api.data(FACETS, {"where": {"facets": {"goals": ["Fairness"]}}})["techniqueFacets"]
    assert after["goals"] == before["goals"]
    assert after["total"] < before["total"]


def test_selections_combine_with_other_filters(api: ApiClient, legacy: LegacyCatalog) -> None:
    where = {"facets": {"goals": ["Fairness", "Privacy"]}, "name": {"contains": "a"}}
    found = {t["slug"] for t in api.data(LIST, {"where": where})["techniques"]}
    expected = {
        t.slug
        for t in legacy.techniques.values()
        if t.goals & {"Fairness", "Privacy"} and "a" in t.name
    }
    assert found == expected
    facets = api.data(FACETS, {"where": where})["techniqueFacets"]
    assert facets["total"] == len(expected)


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ({"colours": ["red"]}, "has no group 'colours'"),
        ({"attributes": [{"type": "Scope"}]}, None),
    ],
)
def test_a_bad_selection_is_a_clear_error(
    api: ApiClient, selection: dict[str, Any], message: str | None
) -> None:
    answer = api.post(LIST, {"where": {"facets": selection}})
    assert answer.get("errors"), answer
    text = answer["errors"][0]["message"]
    assert message is None or message in text or "colours" in text


def test_a_selection_counts_towards_the_filter_term_limit(api: ApiClient) -> None:
    names = [f"tag {i}" for i in range(600)]
    error = api.errors(LIST, {"where": {"facets": {"tags": names}}})[0]
    assert "API_MAX_FILTER_TERMS" in error["message"]
