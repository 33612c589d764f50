"""The transform is pure: legacy rows in, records and problems out. No server needed."""

from __future__ import annotations

import pytest

from loaders.problems import ProblemLog
from loaders.rows import (
    CategoryRow,
    GoalRow,
    LinkRow,
    NamedRow,
    RelationshipRow,
    SubCategoryRow,
    TagRow,
    TechniqueRow,
)
from loaders.transform import entities, links
from loaders.transform.index import Index
from loaders.transform.scope import parse_scope


def goal(id: int, name: str | None = None, description: str | None = "d") -> GoalRow:
    return GoalRow(id, name if name is not None else f"Goal {id}", description)


def technique(
    id: int,
    name: str | None = None,
    goal_id: int | None = 1,
    scope: str | None = None,
    model_dependency: str | None = "Model-Agnostic",
) -> TechniqueRow:
    return TechniqueRow(
        id,
        name if name is not None else f"Technique {id}",
        "desc",
        goal_id,
        model_dependency,
        "use",
        scope,
    )


def transform_techniques(
    rows: list[TechniqueRow], index: Index, log: ProblemLog
) -> list[dict[str, object]]:
    """Both passes of the technique step over rows in memory."""
    entities.index_techniques(rows, index, log)
    return entities.technique_records(rows, index, log)


def codes(log: ProblemLog) -> list[tuple[str, str, int | None]]:
    return [(p.severity, p.code, p.row_id) for p in log.problems]


def indexed(*goal_names: str) -> tuple[Index, ProblemLog]:
    index, log = Index(), ProblemLog()
    entities.transform_goals([goal(i + 1, n) for i, n in enumerate(goal_names)], index, log)
    return index, log


class TestGoals:
    def test_names_are_cleaned_and_keyed_case_insensitively(self) -> None:
        index, log = Index(), ProblemLog()
        records = entities.transform_goals([goal(1, "  Fair\u00a0ness  ")], index, log)
        assert records == [
            {"key": "fair ness", "name": "Fair ness", "description": "d", "legacyId": 1}
        ]
        assert log.problems == []

    def test_a_null_name_is_an_error_and_the_row_is_skipped(self) -> None:
        index, log = Index(), ProblemLog()
        records = entities.transform_goals([GoalRow(1, None, "d"), goal(2)], index, log)
        assert [r["legacyId"] for r in records] == [2]
        assert codes(log) == [("error", "missing-value", 1)]
        assert log.problems[0].outcome == "row skipped"
        assert 1 in index.skipped["assurance_goal"]

    def test_a_blank_name_counts_as_missing(self) -> None:
        index, log = Index(), ProblemLog()
        assert entities.transform_goals([goal(1, "   ")], index, log) == []
        assert "is blank" in log.problems[0].what

    def test_names_equal_but_for_case_merge_into_the_lowest_id(self) -> None:
        index, log = Index(), ProblemLog()
        records = entities.transform_goals([goal(5, "SAFETY"), goal(3, "Safety")], index, log)
        assert [r["legacyId"] for r in records] == [3]
        assert codes(log) == [("error", "duplicate-name", 5)]
        assert log.problems[0].merged_into == 3
        assert index.goals == {3: "safety", 5: "safety"}

    def test_a_null_description_loads_empty_but_is_reported(self) -> None:
        index, log = Index(), ProblemLog()
        records = entities.transform_goals([goal(1, "Safety", None)], index, log)
        assert records[0]["description"] == ""
        assert log.problems[0].outcome == "loaded with an empty description"


class TestCategories:
    def test_a_dangling_goal_skips_the_category_and_says_how_to_fix(self) -> None:
        index, log = indexed("Fairness")
        records = entities.transform_categories([CategoryRow(17, "Group", "d", 4242)], index, log)
        assert records == []
        problem = log.problems[0]
        assert (problem.code, problem.table, problem.row_id, problem.column) == (
            "dangling-reference",
            "category",
            17,
            "assurance_goal_id",
        )
        assert "names assurance_goal 4242, which does not exist" in problem.what
        assert "--skip-invalid" in problem.fix

    def test_a_subcategory_of_a_skipped_category_says_why(self) -> None:
        index, log = indexed("Fairness")
        entities.transform_categories([CategoryRow(1, None, "d", 1)], index, log)
        entities.transform_subcategories([SubCategoryRow(9, "Parity", "d", 1)], index, log)
        assert codes(log)[-1] == ("error", "skipped-reference", 9)

    def test_merged_duplicate_categories_serve_both_goals(self) -> None:
        index, log = indexed("Fairness", "Safety")
        records = entities.transform_categories(
            [CategoryRow(1, "Monitoring", "d", 1), CategoryRow(2, "monitoring", "d", 2)], index, log
        )
        assert [(r["key"], r["goalKey"]) for r in records] == [("monitoring", "fairness")]
        assert entities.category_goal_links(index, records) == [
            {"categoryKey": "monitoring", "goalKey": "safety"}
        ]


class TestTechniques:
    def test_slugs_are_ascii_and_stable_with_suffixes_for_collisions(self) -> None:
        index, log = indexed("Explainability")
        records = transform_techniques(
            [technique(2, "Équité (v2)"), technique(1, "Equite v2"), technique(3, "公平")],
            index,
            log,
        )
        assert {r["legacyId"]: r["slug"] for r in records} == {
            1: "equite-v2",
            2: "equite-v2-2",
            3: "technique-3",
        }

    def test_duplicate_technique_names_skip_the_later_row(self) -> None:
        index, log = indexed("Explainability")
        records = transform_techniques([technique(1, "SHAP"), technique(2, "shap")], index, log)
        assert [r["legacyId"] for r in records] == [1]
        assert log.problems[0].outcome == "row skipped"
        assert 2 in index.skipped["technique"]

    def test_a_technique_without_goal_is_skipped(self) -> None:
        index, log = indexed("Explainability")
        assert transform_techniques([technique(1, goal_id=None)], index, log) == []
        assert codes(log) == [("error", "missing-value", 1)]

    def test_a_null_model_dependency_loads_empty_with_an_error(self) -> None:
        index, log = indexed("Explainability")
        records = transform_techniques([technique(1, model_dependency=None)], index, log)
        assert records[0]["modelDependency"] == ""
        assert codes(log) == [("error", "missing-value", 1)]

    def test_the_vocabulary_holds_each_kept_techniques_value_once(self) -> None:
        index, log = indexed("Explainability")
        transform_techniques(
            [
                technique(1, model_dependency=" Model-Agnostic "),
                technique(2, model_dependency="Model  Specific"),
                technique(3, model_dependency="model-agnostic"),
                technique(4, model_dependency="   "),
                technique(5, model_dependency=None),
                technique(6, goal_id=None, model_dependency="Skipped With Its Row"),
            ],
            index,
            log,
        )
        # Named as the first technique (by id: the step reads them in id order) writes it,
        # whitespace tidied; blank values and skipped rows give none.
        assert entities.model_dependency_records(index) == [
            {"key": "model specific", "name": "Model Specific"},
            {"key": "model-agnostic", "name": "Model-Agnostic"},
        ]


@pytest.mark.parametrize(
    ("scope", "values", "problem"),
    [
        (None, [], None),
        ("Global", ["global"], None),
        ("Global, Local", ["global", "local"], None),
        ("local ,GLOBAL", ["local", "global"], None),
        ("Global, Global", ["global"], None),
        ("Global, Regional", ["global"], "unknown-scope"),
        ("  ", [], "blank-scope"),
    ],
)
def test_scope_is_split_into_known_values(
    scope: str | None, values: list[str], problem: str | None
) -> None:
    log = ProblemLog()
    assert parse_scope(scope, 7, log) == values
    assert [p.code for p in log.problems] == ([problem] if problem else [])


class TestTags:
    def test_ancestors_of_slash_names_become_tags_with_child_of_links(self) -> None:
        index, log = Index(), ProblemLog()
        tags, ancestors, parents = entities.transform_tags(
            [TagRow(1, "data-type/tabular/wide"), TagRow(2, "data-type")], index, log
        )
        assert [t["key"] for t in tags] == ["data-type/tabular/wide", "data-type"]
        assert ancestors == [{"key": "data-type/tabular", "name": "data-type/tabular"}]
        assert parents == [
            {"childKey": "data-type/tabular", "parentKey": "data-type"},
            {"childKey": "data-type/tabular/wide", "parentKey": "data-type/tabular"},
        ]

    def test_a_leading_or_trailing_slash_makes_no_empty_ancestor(self) -> None:
        tags, ancestors, parents = entities.transform_tags(
            [TagRow(1, "/odd"), TagRow(2, "trailing/")], Index(), ProblemLog()
        )
        assert [t["name"] for t in tags] == ["/odd", "trailing/"]
        assert ancestors == []
        assert parents == []


def catalog_index() -> tuple[Index, ProblemLog]:
    """Explainability and Fairness goals, one category each, techniques 1 (E) and 2 (F)."""
    index, log = indexed("Explainability", "Fairness")
    entities.transform_categories(
        [CategoryRow(1, "Feature Analysis", "d", 1), CategoryRow(2, "Group", "d", 2)], index, log
    )
    entities.transform_attribute_values(
        "fairness_approach", entities.FAIRNESS_APPROACH, [NamedRow(1, "Group")], index, log
    )
    entities.transform_tags([TagRow(1, "a/b"), TagRow(2, "A/B ")], index, log)
    transform_techniques(
        [technique(1, goal_id=1, scope="Local"), technique(2, goal_id=2, scope="Global")],
        index,
        log,
    )
    log.problems.clear()
    return index, log


class TestLinks:
    def test_a_category_of_another_goal_adds_that_goal_to_the_technique(self) -> None:
        index, log = catalog_index()
        records = links.transform_links(
            links.LINK_KINDS["technique_category"],
            [LinkRow(10, 1, 2)],
            index,
            log,
            links.SeenLinks(),
        )
        assert records == [{"techniqueId": 1, "categoryKey": "group", "legacyId": 10}]
        assert index.technique_goals[1] == {"explainability", "fairness"}

    def test_a_link_to_a_merged_tag_points_at_the_survivor_and_repeats_merge(self) -> None:
        index, log = catalog_index()
        seen = links.SeenLinks()
        records = links.transform_links(
            links.LINK_KINDS["technique_tag"],
            [LinkRow(1, 1, 1), LinkRow(2, 1, 2)],
            index,
            log,
            seen,
        )
        assert records == [{"techniqueId": 1, "tagKey": "a/b", "legacyId": 1}]
        assert codes(log) == [("warning", "duplicate-link", 2)]
        assert log.problems[0].merged_into == 1

    def test_dangling_and_null_references_are_errors(self) -> None:
        index, log = catalog_index()
        records = links.transform_links(
            links.LINK_KINDS["technique_tag"],
            [LinkRow(1, 99, 1), LinkRow(2, 1, None), LinkRow(3, 1, 77)],
            index,
            log,
            links.SeenLinks(),
        )
        assert records == []
        assert [(p.code, p.column) for p in log.problems] == [
            ("dangling-reference", "technique_id"),
            ("missing-value", "tag_id"),
            ("dangling-reference", "tag_id"),
        ]

    def test_an_attribute_outside_its_goals_loads_with_a_warning(self) -> None:
        index, log = catalog_index()
        records = links.transform_links(
            links.LINK_KINDS["technique_fairness_approach"],
            [LinkRow(5, 1, 1)],
            index,
            log,
            links.SeenLinks(),
        )
        assert records == [
            {
                "techniqueId": 1,
                "valueKey": "group",
                "legacyId": 5,
                "typeKey": "fairness approach",
                "legacyTable": "technique_fairness_approach",
            }
        ]
        assert codes(log) == [("warning", "attribute-not-applicable", 5)]
        assert "do not include Fairness" in log.problems[0].what

    def test_scope_outside_explainability_is_a_warning_not_a_loss(self) -> None:
        index, log = catalog_index()
        records = links.scope_links([1, 2], index, log)
        assert [(r["techniqueId"], r["valueKey"]) for r in records] == [(1, "local"), (2, "global")]
        assert codes(log) == [("warning", "attribute-not-applicable", 2)]

    def test_scope_is_fine_once_a_category_brings_explainability(self) -> None:
        index, log = catalog_index()
        links.transform_links(
            links.LINK_KINDS["technique_category"],
            [LinkRow(1, 2, 1)],
            index,
            log,
            links.SeenLinks(),
        )
        links.scope_links([2], index, log)
        assert log.problems == []


class TestRelationships:
    def test_self_relationships_are_errors_and_both_directions_load(self) -> None:
        index, log = catalog_index()
        records = links.transform_relationships(
            [
                RelationshipRow(1, 1, 2, "related"),
                RelationshipRow(2, 2, 1, "related"),
                RelationshipRow(3, 1, 1, "related"),
            ],
            index,
            log,
            links.SeenLinks(),
        )
        assert [(r["fromId"], r["toId"]) for r in records] == [(1, 2), (2, 1)]
        assert codes(log) == [("error", "self-relationship", 3)]

    def test_a_repeated_typed_pair_merges_and_a_null_type_loads_empty(self) -> None:
        index, log = catalog_index()
        records = links.transform_relationships(
            [
                RelationshipRow(1, 1, 2, "related"),
                RelationshipRow(2, 1, 2, "related"),
                RelationshipRow(3, 1, 2, None),
            ],
            index,
            log,
            links.SeenLinks(),
        )
        assert [(r["legacyId"], r["type"]) for r in records] == [(1, "related"), (3, "")]
        assert codes(log) == [("warning", "duplicate-link", 2), ("error", "missing-value", 3)]


def test_not_loaded_lists_skipped_and_merged_rows_only() -> None:
    index, log = Index(), ProblemLog()
    entities.transform_goals(
        [goal(1, "A"), goal(2, "a"), GoalRow(3, None, "d"), goal(4, "B", None)], index, log
    )
    assert log.not_loaded() == {"assurance_goal": {2: 1, 3: None}}


def test_a_problem_line_says_where_what_and_how_to_fix() -> None:
    index, log = indexed("Fairness")
    entities.transform_categories([CategoryRow(17, "Group", "d", 4242)], index, log)
    assert log.problems[0].line() == (
        "error: category row 17 (assurance_goal_id): assurance_goal_id names assurance_goal "
        "4242, which does not exist; add assurance_goal 4242 or point the row at an existing "
        "one; fix the source, or pass --skip-invalid to load everything else [row skipped]"
    )


def problems_of(log: ProblemLog, table: str, row_id: int) -> set[tuple[str, str | None]]:
    return {(p.code, p.column) for p in log.problems if p.table == table and p.row_id == row_id}


def test_a_row_with_several_faults_reports_every_one() -> None:
    index, log = indexed("Fairness")
    rows = [TechniqueRow(7, "Ghost", None, 99, None, "use", None)]
    assert transform_techniques(rows, index, log) == []
    assert problems_of(log, "technique", 7) == {
        ("dangling-reference", "assurance_goal_id"),
        ("missing-value", "description"),
        ("missing-value", "model_dependency"),
    }
    entities.transform_categories([CategoryRow(3, None, None, 42)], index, log)
    assert problems_of(log, "category", 3) == {
        ("dangling-reference", "assurance_goal_id"),
        ("missing-value", "name"),
        ("missing-value", "description"),
    }
    entities.transform_goals([GoalRow(5, " ", None)], index, log)
    assert problems_of(log, "assurance_goal", 5) == {
        ("missing-value", "name"),
        ("missing-value", "description"),
    }
    links.transform_relationships(
        [RelationshipRow(4, 404, None, None)], index, log, links.SeenLinks()
    )
    assert problems_of(log, "technique_relationship", 4) == {
        ("dangling-reference", "technique_from_id"),
        ("missing-value", "technique_to_id"),
        ("missing-value", "relationship_type"),
    }


def test_texts_over_the_index_limit_are_named_in_the_check_pass() -> None:
    index, log = indexed("Fairness")
    rows = [
        TechniqueRow(1, "n" * 40_000, "d", 1, "Any", "use", None),
        TechniqueRow(2, "Fine", "d", 1, "m" * 10_000, "use", None),
        TechniqueRow(3, "Long Text", "x" * 30_000, 1, "Any", "use", None),
    ]
    records = transform_techniques(rows, index, log)
    assert [r["legacyId"] for r in records] == [3]
    assert problems_of(log, "technique", 1) == {("too-long", "name")}
    assert problems_of(log, "technique", 2) == {("too-long", "model_dependency")}
    assert problems_of(log, "technique", 3) == {("long-text", "description")}
    assert [p.severity for p in log.problems if p.row_id == 3] == ["warning"]
    entities.transform_tags([TagRow(9, "t/" + "a" * 300)], index, log)
    assert problems_of(log, "tag", 9) == {("too-long", "name")}
