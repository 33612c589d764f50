"""A technique's edit history as the API shows it (graph/writes/history.py keeps it)."""

from __future__ import annotations

import strawberry

from api.types.results import FieldChange


@strawberry.type(description="One accepted write of a technique, or its migration.")
class HistoryEntry:
    version: int = strawberry.field(description="The technique's version after this write.")
    at: str | None = strawberry.field(
        description="When (ISO 8601, UTC); unknown for some migrated data."
    )
    by: str = strawberry.field(description="Who: the token's name, or `migration`.")
    action: str = strawberry.field(
        description="create, update, delete, undelete, restore, or migrated (the legacy load)."
    )
    changes: list[FieldChange] = strawberry.field(
        description="Each field this write changed, with its value before and after."
    )
    restored_from: int | None = strawberry.field(
        default=None, description="On restore: the version brought back."
    )
    source: str | None = strawberry.field(
        default=None, description="On migrated: the legacy row (`technique:42`)."
    )


@strawberry.type(description="A page of a technique's history, newest first.")
class TechniqueHistory:
    slug: str
    version: int = strawberry.field(description="The technique's current version.")
    deleted: bool = strawberry.field(description="Whether the technique is deleted (restorable).")
    total: int = strawberry.field(description="Entries in the whole history.")
    entries: list[HistoryEntry]


@strawberry.type(description="Values of one attribute type at a past version.")
class AttributeValues:
    type: str
    values: list[str]


@strawberry.type(description="A technique's editable fields as they were at one version.")
class TechniqueVersion:
    slug: str
    version: int
    name: str | None
    description: str | None
    model_dependency: str | None
    example_use_case: str | None
    primary_goal: str | None
    categories: list[str]
    sub_categories: list[str]
    tags: list[str]
    attributes: list[AttributeValues]


@strawberry.type(description="A deleted technique, restorable until an admin purges it.")
class DeletedTechnique:
    slug: str
    name: str
    version: int
    deleted_at: str | None
    deleted_by: str | None
