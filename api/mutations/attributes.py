"""Attribute types (role admin) and their values (role editor)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from api.auth import ADMIN, EDITOR
from api.mutations.common import run_write, write_node
from api.types.results import RemovedValue, ValidationError
from api.types.taxonomy import AttributeType, AttributeValue
from api.types.write_inputs import AttributeTypeInput
from graph.writes import attributes as writes

AttributeTypeResult = Annotated[
    AttributeType | ValidationError, strawberry.union("AttributeTypeResult")
]
AttributeValueResult = Annotated[
    AttributeValue | ValidationError, strawberry.union("AttributeValueResult")
]
RemoveValueResult = Annotated[RemovedValue | ValidationError, strawberry.union("RemoveValueResult")]


async def create_attribute_type(info: Info, input: AttributeTypeInput) -> AttributeTypeResult:
    """A new attribute type with where it applies and its first values. Needs role admin."""
    r: AttributeTypeResult = await write_node(
        info,
        ADMIN,
        "AttributeType",
        writes.create_attribute_type,
        input.name,
        input.multi_valued,
        input.applies_to_all,
        input.applicable_goals,
        input.values,
    )
    return r


async def set_attribute_type_applicability(
    info: Info, name: str, applies_to_all: bool, applicable_goals: list[str]
) -> AttributeTypeResult:
    """Change where a type applies; refused (naming them) when techniques holding its values
    would be left with values that no longer apply. Needs role admin."""
    r: AttributeTypeResult = await write_node(
        info,
        ADMIN,
        "AttributeType",
        writes.set_applicability,
        name,
        applies_to_all,
        applicable_goals,
    )
    return r


async def add_attribute_value(info: Info, type: str, name: str) -> AttributeValueResult:
    """A new value of an attribute type. Needs role editor."""
    r: AttributeValueResult = await write_node(
        info, EDITOR, "AttributeValue", writes.add_value, type, name
    )
    return r


async def rename_attribute_value(
    info: Info, type: str, name: str, new_name: str
) -> AttributeValueResult:
    """Rename a value (techniques holding it keep it). Needs role editor."""
    r: AttributeValueResult = await write_node(
        info, EDITOR, "AttributeValue", writes.rename_value, type, name, new_name
    )
    return r


async def remove_attribute_value(info: Info, type: str, name: str) -> RemoveValueResult:
    """Remove a value from its type and from every technique holding it. Needs role editor."""
    result = await run_write(info, EDITOR, writes.remove_value, type, name)
    if isinstance(result, ValidationError):
        return result
    return RemovedValue(type=type, name=result)
