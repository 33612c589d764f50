"""The legacy tables' rows as read from a source, before any checking.

Fields are typed as the legacy schema declares them but may be None anywhere, because real
databases do not always enforce NOT NULL; the transform checks them.
"""

from __future__ import annotations

from typing import NamedTuple


class GoalRow(NamedTuple):
    id: int
    name: str | None
    description: str | None


class CategoryRow(NamedTuple):
    id: int
    name: str | None
    description: str | None
    assurance_goal_id: int | None


class SubCategoryRow(NamedTuple):
    id: int
    name: str | None
    description: str | None
    category_id: int | None


class TagRow(NamedTuple):
    id: int
    name: str | None


class TechniqueRow(NamedTuple):
    id: int
    name: str | None
    description: str | None
    assurance_goal_id: int | None
    model_dependency: str | None
    example_use_case: str | None
    scope: str | None


class NamedRow(NamedTuple):
    """fairness_approach and project_lifecycle_stage."""

    id: int
    name: str | None


class LinkRow(NamedTuple):
    """technique_category, technique_sub_category, technique_tag, technique_fairness_approach,
    technique_project_lifecycle_stage: (id, technique_id, <other>_id)."""

    id: int
    technique_id: int | None
    other_id: int | None


class RelationshipRow(NamedTuple):
    id: int
    technique_from_id: int | None
    technique_to_id: int | None
    relationship_type: str | None


# Each legacy table: its row type and its columns in the order of the row type's fields
# (a link table's second foreign key is read as `other_id`).
TABLES: dict[str, tuple[type[NamedTuple], tuple[str, ...]]] = {
    "assurance_goal": (GoalRow, ("id", "name", "description")),
    "category": (CategoryRow, ("id", "name", "description", "assurance_goal_id")),
    "sub_category": (SubCategoryRow, ("id", "name", "description", "category_id")),
    "tag": (TagRow, ("id", "name")),
    "technique": (
        TechniqueRow,
        (
            "id",
            "name",
            "description",
            "assurance_goal_id",
            "model_dependency",
            "example_use_case",
            "scope",
        ),
    ),
    "fairness_approach": (NamedRow, ("id", "name")),
    "project_lifecycle_stage": (NamedRow, ("id", "name")),
    "technique_category": (LinkRow, ("id", "technique_id", "category_id")),
    "technique_sub_category": (LinkRow, ("id", "technique_id", "sub_category_id")),
    "technique_tag": (LinkRow, ("id", "technique_id", "tag_id")),
    "technique_fairness_approach": (LinkRow, ("id", "technique_id", "fairness_approach_id")),
    "technique_project_lifecycle_stage": (
        LinkRow,
        ("id", "technique_id", "project_lifecycle_stage_id"),
    ),
    "technique_relationship": (
        RelationshipRow,
        ("id", "technique_from_id", "technique_to_id", "relationship_type"),
    ),
}
