"""Techniques: create, update (optionally at an expected version), delete. Role: editor."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from api.auth import EDITOR
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
        info, EDITOR, "Technique", writes.create_technique, fields_of(input)
    )
    return result


async def update_technique(
    info: Info, slug: str, input: TechniqueInput, expected_version: int | None = None
) -> TechniqueResult:
    """Change a technique; lists given replace what was there. With `expectedVersion`, refused
    (rule version-conflict) when the technique changed since that version. Needs role editor."""
    result: TechniqueResult = await write_node(
        info, EDITOR, "Technique", writes.update_technique, slug, fields_of(input), expected_version
    )
    return result


async def delete_technique(info: Info, slug: str) -> DeleteResult:
    """Delete a technique and its links. Needs role editor."""
    result = await run_write(info, EDITOR, writes.delete_technique, slug)
    return result if isinstance(result, ValidationError) else Deleted(slug=result)
