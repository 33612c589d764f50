"""Goals, categories, subcategories, tags, attribute types and values: lists and lookups.

Each returns the records of its one statement; their arguments are declared in api/query.py
and read, coerced, from the selection."""

from __future__ import annotations

from typing import Any

from strawberry import Info

from api.context import read
from api.resolution import selection_of
from graph.keys import name_key
from graph.queries import attribute_schema as schema_query
from graph.queries import lists
from graph.queries.entities import (
    ATTRIBUTE_TYPE,
    ATTRIBUTE_VALUE,
    CATEGORY,
    GOAL,
    SUBCATEGORY,
    TAG,
    Entity,
)

Record = dict[str, Any]


async def _list(info: Info, entity: Entity) -> list[Record]:
    return await read(info, lists.fetch_list, entity, selection_of(info))


async def _one(info: Info, entity: Entity) -> Record | None:
    # Names are unique by key (case, width of spaces and Unicode form aside).
    selection = selection_of(info)
    key = name_key(selection.args["name"])
    return await read(info, lists.fetch_one, entity, "key", key, selection)


async def goals(info: Info, **_: Any) -> list[Record]:
    """Goals matching `where`, by name unless sorted."""
    return await _list(info, GOAL)


async def goal(info: Info, **_: Any) -> Record | None:
    """The goal of this name (case-insensitively), or null."""
    return await _one(info, GOAL)


async def categories(info: Info, **_: Any) -> list[Record]:
    """Categories matching `where`, by name unless sorted."""
    return await _list(info, CATEGORY)


async def category(info: Info, **_: Any) -> Record | None:
    """The category of this name (case-insensitively), or null."""
    return await _one(info, CATEGORY)


async def sub_categories(info: Info, **_: Any) -> list[Record]:
    """Subcategories matching `where`, by name unless sorted."""
    return await _list(info, SUBCATEGORY)


async def sub_category(info: Info, **_: Any) -> Record | None:
    """The subcategory of this name (case-insensitively), or null."""
    return await _one(info, SUBCATEGORY)


async def tags(info: Info, **_: Any) -> list[Record]:
    """Tags matching `where` (ancestors made from `a/b` names included), by name unless
    sorted."""
    return await _list(info, TAG)


async def tag(info: Info, **_: Any) -> Record | None:
    """The tag of this name (case-insensitively), or null."""
    return await _one(info, TAG)


async def attribute_types(info: Info, **_: Any) -> list[Record]:
    """Attribute types matching `where`, by name unless sorted."""
    return await _list(info, ATTRIBUTE_TYPE)


async def attribute_type(info: Info, **_: Any) -> Record | None:
    """The attribute type of this name (case-insensitively), or null."""
    return await _one(info, ATTRIBUTE_TYPE)


async def attribute_values(info: Info, **_: Any) -> list[Record]:
    """Attribute values of every type matching `where`, by position, then name, unless
    sorted."""
    return await _list(info, ATTRIBUTE_VALUE)


async def attribute_schema(info: Info, **_: Any) -> list[Record]:
    """The attribute types a technique serving any of these goals may carry (appliesToAll, or
    one of its applicableGoals is among them), by name: what the edit form offers."""
    return await read(info, schema_query.attribute_schema, selection_of(info))
