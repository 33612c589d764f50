"""Every query of the frontend's contract, read from the contract file and sent as written to
the real app over a migrated catalog, answers what the legacy rows say (computed independently
from the SQLite source). Every test runs twice: on the bundled catalog and on one ten times
its size (`catalog generate --scale 10`), where lists outgrow a page and names repeat."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from graph.keys import name_key, sort_name
from graph.queries.search_text import terms, words
from graph.rules import MIGRATED_ATTRIBUTE_TYPES
from loaders.generated_file import write_generated_catalog
from support.api_client import ApiClient, contract_operations
from support.api_legacy import LegacyCatalog, LegacyTechnique

OPERATIONS = contract_operations()


@pytest.fixture(scope="module", params=["bundled", "generated-x10"])
def bundled_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Overrides the suite's bundled source: the `catalog` fixture migrates whichever is asked."""
    bundled: Path = request.getfixturevalue("bundled_source")
    if request.param == "bundled":
        return bundled
    path = tmp_path_factory.mktemp("legacy-x10") / "catalog-x10.db"
    write_generated_catalog(path, scale=10)
    return path


@pytest.fixture(scope="module")
def legacy(bundled_db: Path) -> LegacyCatalog:
    return LegacyCatalog(bundled_db)


def by_name(names: Iterable[str]) -> list[str]:
    """Names in the API's order: case- and accent-insensitively (`sortName`), then by key."""
    return sorted(names, key=lambda n: (sort_name(n), name_key(n)))


def names(items: Any) -> list[str]:
    return [item["name"] for item in items]


def attribute_pairs(attributes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((a["type"]["name"], a["value"]["name"]) for a in attributes)


def card(t: LegacyTechnique, legacy: LegacyCatalog) -> dict[str, Any]:
    """A technique as the list page's TechniqueList shows it, from the legacy rows."""
    category_goals = legacy.category_goals()
    return {
        "slug": t.slug,
        "name": t.name,
        "modelDependency": t.model_dependency,
        "primaryGoal": {"name": t.primary_goal},
        "goals": [{"name": g} for g in by_name(t.goals)],
        "categories": [
            {"name": c, "goals": [{"name": g} for g in by_name(category_goals[c])]}
            for c in by_name(t.categories)
        ],
        "subCategories": [{"name": s} for s in by_name(t.sub_categories)],
        "tags": [{"name": tag} for tag in by_name(t.tags)],
        "attributes": sorted(t.attributes),
    }


def as_card(node: dict[str, Any]) -> dict[str, Any]:
    return {**node, "attributes": attribute_pairs(node["attributes"])}


def test_every_query_of_the_contract_is_checked_here() -> None:
    checked = {name.split("_")[1] for name in globals() if name.startswith("test_")}
    missing = set(OPERATIONS) - checked
    assert OPERATIONS and not missing, f"queries of the contract with no test here: {missing}"


def test_TechniqueList_pages_through_every_technique_as_the_legacy_rows_describe_it(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = api.data(OPERATIONS["TechniqueList"], {"first": 25, "after": after})
        connection = page["techniquesConnection"]
        assert connection["totalCount"] == len(legacy.techniques)
        seen += [edge["node"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
        assert after == connection["edges"][-1]["cursor"]
    assert [node["slug"] for node in seen] == sorted(legacy.techniques)
    for node in seen:
        assert as_card(node) == card(legacy.techniques[node["slug"]], legacy)


def test_TechniqueList_filters_and_sorts_as_asked(api: ApiClient, legacy: LegacyCatalog) -> None:
    where = {"goals": {"some": {"name": {"eq": "Fairness"}}}}
    sort = [{"modelDependency": "DESC"}, {"name": "ASC"}]
    page = api.data(OPERATIONS["TechniqueList"], {"where": where, "sort": sort, "first": 100})
    expected = sorted(
        (t for t in legacy.techniques.values() if "Fairness" in t.goals),
        key=lambda t: (sort_name(t.name), t.slug),
    )
    expected.sort(key=lambda t: t.model_dependency, reverse=True)
    connection = page["techniquesConnection"]
    assert [e["node"]["slug"] for e in connection["edges"]] == [t.slug for t in expected[:100]]
    assert connection["totalCount"] == len(expected)
    assert connection["pageInfo"]["hasNextPage"] is (len(expected) > 100)


def test_TechniqueNames_sorts_then_offsets_then_limits(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    variables = {"sort": [{"name": "DESC"}], "limit": 10, "offset": 5}
    data = api.data(OPERATIONS["TechniqueNames"], variables)
    expected = sorted(legacy.techniques.values(), key=lambda t: t.slug)
    expected.sort(key=lambda t: sort_name(t.name), reverse=True)
    expected = expected[5:15]
    assert data["techniques"] == [{"slug": t.slug, "name": t.name} for t in expected]


def test_TechniqueDetail_shows_every_technique_as_the_legacy_rows_describe_it(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    goal_descriptions = dict(legacy.rows("SELECT name, description FROM assurance_goal"))
    category_goals = legacy.category_goals()
    subcategory_categories = legacy.subcategory_categories()
    for slug, t in legacy.techniques.items():
        detail = api.data(OPERATIONS["TechniqueDetail"], {"slug": slug})["technique"]
        assert detail["slug"] == slug
        assert (detail["name"], detail["description"]) == (t.name, t.description)
        assert (detail["modelDependency"], detail["exampleUseCase"]) == (
            t.model_dependency,
            t.example_use_case,
        )
        assert detail["primaryGoal"] == {"name": t.primary_goal}
        assert detail["goals"] == [
            {"name": g, "description": goal_descriptions[g]} for g in by_name(t.goals)
        ]
        assert detail["categories"] == [
            {"name": c, "goals": [{"name": g} for g in by_name(category_goals[c])]}
            for c in by_name(t.categories)
        ]
        assert detail["subCategories"] == [
            {"name": s, "categories": [{"name": c} for c in by_name(subcategory_categories[s])]}
            for s in by_name(t.sub_categories)
        ]
        assert detail["tags"] == [
            {"name": tag, "parent": {"name": tag.rsplit("/", 1)[0]} if "/" in tag else None}
            for tag in by_name(t.tags)
        ]
        assert attribute_pairs(detail["attributes"]) == sorted(t.attributes)
        assert all(a["type"]["multiValued"] is True for a in detail["attributes"])
        assert [(r["type"], r["technique"]["slug"]) for r in detail["related"]] == list(t.related)
        assert all(
            r["technique"]["name"] == legacy.techniques[r["technique"]["slug"]].name
            for r in detail["related"]
        )


def test_TechniqueDetail_of_an_unknown_slug_is_null(api: ApiClient) -> None:
    assert api.data(OPERATIONS["TechniqueDetail"], {"slug": "no-such-technique"}) == {
        "technique": None
    }


@pytest.mark.parametrize("phrase", ["SHAP", "counterfactual explanations", "fairness"])
def test_Search_finds_techniques_by_name_and_description_best_first(
    api: ApiClient, legacy: LegacyCatalog, phrase: str
) -> None:
    hits = api.data(OPERATIONS["Search"], {"phrase": phrase, "limit": 100})["searchTechniques"]
    assert hits
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    found = terms(phrase)
    for hit in hits:
        t = legacy.techniques[hit["technique"]["slug"]]
        assert hit["technique"]["name"] == t.name
        # Some word of the text is a word of the phrase, its stem, or one typo away.
        text = words(f"{t.name} {t.description}")
        assert any(term.matches(word) for term in found for word in text), (phrase, t.name)
    # Every technique whose name holds the whole phrase is found.
    named = {t.slug for t in legacy.techniques.values() if phrase.lower() in t.name.lower()}
    assert named <= {hit["technique"]["slug"] for hit in hits}


def test_Search_with_a_filter_keeps_only_matching_hits_in_the_same_order(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    unfiltered = api.data(OPERATIONS["Search"], {"phrase": "model", "limit": 100})
    where = {"modelDependency": {"eq": "Model-Specific"}}
    filtered = api.data(OPERATIONS["Search"], {"phrase": "model", "where": where, "limit": 100})
    hits = unfiltered["searchTechniques"]
    # A full page of unfiltered hits says nothing of those below its last score.
    floor = hits[-1]["score"] if len(hits) == 100 else -1.0
    expected = [
        hit
        for hit in hits
        if legacy.techniques[hit["technique"]["slug"]].model_dependency == "Model-Specific"
        and hit["score"] > floor
    ]
    found = filtered["searchTechniques"]
    assert expected and found[: len(expected)] == expected
    assert all(
        legacy.techniques[hit["technique"]["slug"]].model_dependency == "Model-Specific"
        for hit in found
    )
    scores = [hit["score"] for hit in found]
    assert scores == sorted(scores, reverse=True)
    if floor < 0:
        assert found == expected


def facets_expected(legacy: LegacyCatalog, chosen: list[LegacyTechnique]) -> dict[str, Any]:
    ids = [t.id for t in chosen]
    counts = legacy.facet_counts(ids)
    return {
        "total": len(chosen),
        **{key: dict(value) for key, value in counts.items()},
        "attributes": {k: dict(v) for k, v in legacy.attribute_facets(ids).items()},
    }


def facets_answered(facets: dict[str, Any]) -> dict[str, Any]:
    def counted(rows: list[dict[str, Any]]) -> dict[str, int]:
        assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)
        return {r["name"]: r["count"] for r in rows}

    return {
        "total": facets["total"],
        **{k: counted(facets[k]) for k in ("goals", "categories", "tags", "modelDependencies")},
        "attributes": {a["type"]: counted(a["values"]) for a in facets["attributes"]},
    }


def test_Facets_count_every_technique_per_group_as_sql_group_bys_do(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    facets = api.data(OPERATIONS["Facets"])["techniqueFacets"]
    assert facets_answered(facets) == facets_expected(legacy, list(legacy.techniques.values()))


def test_Facets_under_a_filter_count_only_the_matching_techniques(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    where = {
        "OR": [
            {"goals": {"some": {"name": {"eq": "Fairness"}}}},
            {"tags": {"some": {"name": {"startsWith": "data-type/tabular"}}}},
        ]
    }
    facets = api.data(OPERATIONS["Facets"], {"where": where})["techniqueFacets"]
    chosen = [
        t
        for t in legacy.techniques.values()
        if "Fairness" in t.goals or any(tag.startswith("data-type/tabular") for tag in t.tags)
    ]
    assert 0 < len(chosen) < len(legacy.techniques)
    assert facets_answered(facets) == facets_expected(legacy, chosen)


def legacy_values(legacy: LegacyCatalog) -> dict[str, list[str]]:
    """Each migrated attribute type's values in legacy id order; Scope's are the two values
    its free text allows, Global then Local (docs/model.md), whichever the rows use first."""
    return {
        "Fairness Approach": [
            n for (n,) in legacy.rows("SELECT name FROM fairness_approach ORDER BY id")
        ],
        "Project Lifecycle Stage": [
            n for (n,) in legacy.rows("SELECT name FROM project_lifecycle_stage ORDER BY id")
        ],
        "Scope": ["Global", "Local"],
    }


# The plan's step 4: each migrated type applies to one goal (docs/model.md).
APPLIES = {t.name: t.applicable_goal_names[0] for t in MIGRATED_ATTRIBUTE_TYPES}


@pytest.mark.parametrize(
    "goals", [["Fairness"], ["Explainability"], ["fairness", "Explainability"], ["Privacy"]]
)
def test_AttributeSchema_offers_the_types_applying_to_any_chosen_goal(
    api: ApiClient, legacy: LegacyCatalog, goals: list[str]
) -> None:
    schema = api.data(OPERATIONS["AttributeSchema"], {"goals": goals})["attributeSchema"]
    chosen = {g.casefold() for g in goals}
    values = legacy_values(legacy)
    assert schema == [
        {
            "name": name,
            "multiValued": True,
            "appliesToAll": False,
            "applicableGoals": [{"name": APPLIES[name]}],
            "values": [{"name": v} for v in values[name]],
        }
        for name in by_name(APPLIES)
        if APPLIES[name].casefold() in chosen
    ]


def test_AttributeSchema_names_goals_that_do_not_exist(api: ApiClient) -> None:
    errors = api.errors(OPERATIONS["AttributeSchema"], {"goals": ["Fairness", "Whimsy"]})
    assert "'Whimsy'" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


def test_Taxonomy_lists_goals_categories_subcategories_and_attribute_types_by_name(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    data = api.data(OPERATIONS["Taxonomy"])
    category_goals = legacy.category_goals()
    subcategory_categories = legacy.subcategory_categories()
    goals = by_name(n for (n,) in legacy.rows("SELECT name FROM assurance_goal"))
    assert data["goals"] == [
        {
            "name": goal,
            "categories": [
                {
                    "name": c,
                    "subCategories": [
                        {"name": s}
                        for s in by_name(subcategory_categories)
                        if c in subcategory_categories[s]
                    ],
                }
                for c in by_name(category_goals)
                if goal in category_goals[c]
            ],
        }
        for goal in goals
    ]
    values = legacy_values(legacy)
    assert data["attributeTypes"] == [
        {
            "name": name,
            "appliesToAll": False,
            "applicableGoals": [{"name": APPLIES[name]}],
            "values": [{"name": v} for v in values[name]],
        }
        for name in by_name(APPLIES)
    ]


def test_Coverage_counts_techniques_per_goal_and_category_and_lists_those_spanning_goals(
    api: ApiClient, legacy: LegacyCatalog
) -> None:
    coverage = api.data(OPERATIONS["Coverage"])["coverage"]
    cells = {(c["goal"], c["category"], c["techniqueCount"]) for c in coverage["cells"]}
    assert cells == legacy.coverage_cells()
    assert len(coverage["cells"]) == len(cells)
    spanning = sorted(t.slug for t in legacy.techniques.values() if len(t.goals) > 1)
    assert spanning
    assert coverage["crossGoalTechniques"] == [
        {"slug": s, "goals": [{"name": g} for g in by_name(legacy.techniques[s].goals)]}
        for s in spanning
    ]


@pytest.mark.parametrize("max_hops", [1, 2, 3])
def test_Related_follows_relationships_either_way_up_to_max_hops_nearest_first(
    api: ApiClient, legacy: LegacyCatalog, max_hops: int
) -> None:
    for slug in sorted(legacy.techniques):
        found = api.data(OPERATIONS["Related"], {"slug": slug, "maxHops": max_hops})
        hops = legacy.neighbours(slug, max_hops)
        expected = sorted(hops, key=lambda s: (hops[s], s))[:100]
        assert [t["slug"] for t in found["relatedTechniques"]] == expected, slug
        assert slug not in {t["slug"] for t in found["relatedTechniques"]}


def test_Related_of_an_unknown_slug_says_so(api: ApiClient) -> None:
    errors = api.errors(OPERATIONS["Related"], {"slug": "no-such-technique", "maxHops": 1})
    assert "no-such-technique" in errors[0]["message"]


@pytest.mark.parametrize("count", [2, 3, 5])
def test_Compare_shows_the_techniques_in_order_and_what_they_all_share(
    api: ApiClient, legacy: LegacyCatalog, count: int
) -> None:
    # Fairness techniques under the tag most of them carry share a goal and a tag at least;
    # take them in reverse slug order, so the answer's order is not the default one.
    fairness = [t for t in legacy.techniques.values() if "Fairness" in t.goals]
    tag = max(
        sorted({tag for t in fairness for tag in t.tags}),
        key=lambda tag: sum(tag in t.tags for t in fairness),
    )
    slugs = sorted((t.slug for t in fairness if tag in t.tags), reverse=True)[:count]
    data = api.data(OPERATIONS["Compare"], {"slugs": slugs})["compareTechniques"]
    chosen = [legacy.techniques[s] for s in slugs]
    assert data["techniques"] == [{"slug": t.slug, "name": t.name} for t in chosen]
    assert names(data["sharedGoals"]) == by_name(frozenset.intersection(*(t.goals for t in chosen)))
    assert names(data["sharedTags"]) == by_name(frozenset.intersection(*(t.tags for t in chosen)))
    shared = frozenset.intersection(*(t.attributes for t in chosen))
    assert attribute_pairs(data["sharedAttributes"]) == sorted(shared)
    assert data["sharedGoals"] and data["sharedTags"]


@pytest.mark.parametrize("slugs", [["only-one"], ["a", "b", "c", "d", "e", "f"], ["same", "same"]])
def test_Compare_takes_two_to_five_distinct_slugs(api: ApiClient, slugs: list[str]) -> None:
    errors = api.errors(OPERATIONS["Compare"], {"slugs": slugs})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "slug" in errors[0]["message"]


def test_Compare_names_slugs_that_do_not_exist(api: ApiClient, legacy: LegacyCatalog) -> None:
    known = sorted(legacy.techniques)[0]
    errors = api.errors(OPERATIONS["Compare"], {"slugs": [known, "ghost-technique"]})
    assert "'ghost-technique'" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
