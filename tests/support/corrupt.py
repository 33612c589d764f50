"""A small legacy catalog that breaks every rule a real database breaks, one row per kind.

`EXPECTED_PROBLEMS` says which (severity, code, table, row id, column) each bad row must
produce; everything else in it is valid and must load.
"""

from __future__ import annotations

from typing import Any

LegacyRows = dict[str, list[tuple[Any, ...]]]


def corrupt_catalog_rows() -> LegacyRows:
    return {
        "assurance_goal": [
            (1, "Explainability", "Understanding."),
            (2, "Fairness", "Equity."),
            (3, "FAIRNESS", "The same goal, shouted."),  # equal but for case
            (4, None, "A goal with no name."),  # NULL in a NOT NULL column
        ],
        "category": [
            (1, "Feature Analysis", "d", 1),
            (2, "Group", "d", 2),
            (3, "Ghost", "d", 4242),  # dangling foreign key
        ],
        "sub_category": [(1, "Importance", "d", 1), (2, "Haunted", "d", 3)],
        "tag": [(1, "data-type/tabular"), (2, "Data-Type/Tabular"), (3, "Équité/公平 ✓")],
        "technique": [
            (1, "SHAP", "Shapley values.", 1, "Model-Agnostic", "Explain a loan.", "Global, Local"),
            (
                2,
                "Reweighing",
                "Reweight.",
                2,
                "Model-Agnostic",
                "Hiring.",
                "Local",
            ),  # scope, no XAI
            (3, "Odd Scope", "d", 1, "Model-Agnostic", "u", "Global, Regional"),  # unknown part
            (4, "shap", "A duplicate.", 1, "Model-Agnostic", "u", None),  # equal but for case
            (5, "Orphan", "d", 99, "Model-Agnostic", "u", None),  # dangling goal
            (6, "No Dependency", "d", 1, None, "u", None),  # NULL required text
        ],
        "fairness_approach": [(1, "Pre-processing")],
        "project_lifecycle_stage": [(1, "Model Development")],
        "technique_category": [(1, 1, 1), (2, 2, 2), (3, 1, 77)],  # 3: dangling category
        "technique_sub_category": [(1, 1, 1)],
        "technique_tag": [(1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 5, 1)],  # 2: merged tag; 4: skipped
        "technique_fairness_approach": [(1, 2, 1), (2, 1, 1)],  # 2: SHAP is not Fairness
        "technique_project_lifecycle_stage": [(1, 1, 1), (2, 2, 1)],
        "technique_relationship": [
            (1, 1, 2, "related"),
            (2, 2, 1, "related"),
            (3, 1, 1, "related"),  # self-relationship
            (4, 1, 42, "related"),  # dangling technique
        ],
    }


EXPECTED_PROBLEMS = {
    ("error", "duplicate-name", "assurance_goal", 3, "name"),
    ("error", "missing-value", "assurance_goal", 4, "name"),
    ("error", "dangling-reference", "category", 3, "assurance_goal_id"),
    ("error", "skipped-reference", "sub_category", 2, "category_id"),
    ("error", "duplicate-name", "tag", 2, "name"),
    ("error", "unknown-scope", "technique", 3, "scope"),
    ("error", "duplicate-name", "technique", 4, "name"),
    ("error", "dangling-reference", "technique", 5, "assurance_goal_id"),
    ("error", "missing-value", "technique", 6, "model_dependency"),
    ("error", "dangling-reference", "technique_category", 3, "category_id"),
    ("warning", "duplicate-link", "technique_tag", 2, "tag_id"),
    ("error", "skipped-reference", "technique_tag", 4, "technique_id"),
    (
        "warning",
        "attribute-not-applicable",
        "technique_fairness_approach",
        2,
        "fairness_approach_id",
    ),
    (
        "warning",
        "attribute-not-applicable",
        "technique_project_lifecycle_stage",
        1,
        "project_lifecycle_stage_id",
    ),
    ("warning", "attribute-not-applicable", "technique", 2, "scope"),
    ("error", "self-relationship", "technique_relationship", 3, "technique_to_id"),
    ("error", "dangling-reference", "technique_relationship", 4, "technique_to_id"),
}
