"""Techniques: create, update (optionally at an expected version), delete (soft), undelete,
restore a past version (role editor) and purge a deleted one (role admin)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from api.auth import ADMIN, EDITOR
from api.mutations.common import run_write, write_node
from api.types.results import Deleted, ValidationError
from api.types.technique import Technique
from api.types.write_inputs import TechniqueInput
from graph.writes import techniques as writes

TechniqueResult = Annotated[Technique | ValidationError, strawberry.union("TechniqueResult")]
DeleteResult = Annotated[Deleted | ValidationError, strawberry.union("DeleteResult")]


def fields_of(given: TechniqueInput) -> writes.TechniqueFields:
    return writes.TechniqueFields(
        name=given.name,
        description=given.description,
        model_dependency=given.model_dependency,
        example_use_case=given.example_use_case,
        primary_goal=given.primary_goal,
        categories=given.categories,
        sub_categories=given.sub_categories,
        tags=given.tags,
        attributes=None
        if given.attributes is None
        else [writes.AttributeInput(type=a.type, values=a.values) for a in given.attributes],
    )


async def create_technique(info: Info, input: TechniqueInput) -> TechniqueResult:
    """A new technique (slug from its name, version 1). Needs role editor."""
    result: TechniqueResult = await write_node(
        info, EDITOR, "Technique", writes.create_technique, fields_of(input), by=True
    )
    return result


async def update_technique(
    info: Info, slug: str, input: TechniqueInput, expected_version: int | None = None
) -> TechniqueResult:
    """Change a technique: a field left out (or null) keeps its value, an empty text clears an
    optional one, a list given replaces what was there, and `attributes` replaces the values
    of the types it names only. With `expectedVersion`, refused (rule version-conflict, with
    `currentVersion` and `changes`) when the technique changed since. Needs role editor."""
    result: TechniqueResult = await write_node(
        info,
        EDITOR,
        "Technique",
        writes.update_technique,
        slug,
        fields_of(input),
        expected_version,
        by=True,
    )
    return result


async def delete_technique(
    info: Info, slug: str, expected_version: int | None = None
) -> DeleteResult:
    """Delete a technique: it leaves every read but keeps its history, and
    `restoreTechnique` brings it back until an admin purges it. Needs role editor."""
    result = await run_write(info, EDITOR, writes.delete_technique, slug, expected_version, by=True)
    return result if isinstance(result, ValidationError) else Deleted(slug=result)


async def restore_technique(info: Info, slug: str) -> TechniqueResult:
    """Bring a deleted technique back (refused when another now has its name or slug).
    Needs role editor."""
    result: TechniqueResult = await write_node(
        info, EDITOR, "Technique", writes.undelete_technique, slug, by=True
    )
    return result


async def restore_technique_version(
    info: Info, slug: str, version: int, expected_version: int | None = None
) -> TechniqueResult:
    """Make a technique what it was at `version` of its history: a new write, itself in the
    history. Needs role editor."""
    result: TechniqueResult = await write_node(
        info,
        EDITOR,
        "Technique",
        writes.restore_version,
        slug,
        version,
        expected_version,
        by=True,
    )
    return result


async def purge_technique(info: Info, slug: str) -> DeleteResult:
    """Delete a deleted technique for good, with its history. Needs role admin."""
    result = await run_write(info, ADMIN, writes.purge_technique, slug)
    return result if isinstance(result, ValidationError) else Deleted(slug=result)
