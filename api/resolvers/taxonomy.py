"""Goals, categories, subcategories, tags, attribute types and values: lists and lookups."""

from __future__ import annotations

from typing import Any

from strawberry import Info

from api.context import read
from api.inputs.sort import (
    AttributeTypeSort,
    AttributeValueSort,
    CategorySort,
    GoalSort,
    SubCategorySort,
    TagSort,
)
from api.inputs.where import (
    AttributeTypeWhere,
    AttributeValueWhere,
    CategoryWhere,
    GoalWhere,
    SubCategoryWhere,
    TagWhere,
)
from api.lookahead import root_selection
from api.types.records import build
from api.types.taxonomy import AttributeType, AttributeValue, Category, Goal, SubCategory, Tag
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


async def _list(info: Info, entity: Entity) -> list[Any]:
    items = await read(info, lists.fetch_list, entity, root_selection(info))
    return [build(entity.name, item) for item in items]


async def _one(info: Info, entity: Entity, name: str) -> Any:
    # Names are unique by key (case, width of spaces and Unicode form aside).
    selection = root_selection(info)
    record = await read(info, lists.fetch_one, entity, "key", name_key(name), selection)
    return None if record is None else build(entity.name, record)


async def goals(
    info: Info,
    where: GoalWhere | None = None,
    sort: list[GoalSort] | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[Goal]:
    """Goals matching `where`, by name unless sorted."""
    return await _list(info, GOAL)


async def goal(info: Info, name: str) -> Goal | None:
    """The goal of this name (case-insensitively), or null."""
    return await _one(info, GOAL, name)


async def categories(
    info: Info,
    where: CategoryWhere | None = None,
    sort: list[CategorySort] | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[Category]:
    """Categories matching `where`, by name unless sorted."""
    return await _list(info, CATEGORY)


async def category(info: Info, name: str) -> Category | None:
    """The category of this name (case-insensitively), or null."""
    return await _one(info, CATEGORY, name)


async def sub_categories(
    info: Info,
    where: SubCategoryWhere | None = None,
    sort: list[SubCategorySort] | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[SubCategory]:
    """Subcategories matching `where`, by name unless sorted."""
    return await _list(info, SUBCATEGORY)


async def sub_category(info: Info, name: str) -> SubCategory | None:
    """The subcategory of this name (case-insensitively), or null."""
    return await _one(info, SUBCATEGORY, name)


async def tags(
    info: Info,
    where: TagWhere | None = None,
    sort: list[TagSort] | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[Tag]:
    """Tags matching `where` (ancestors made from `a/b` names included), by name unless
    sorted."""
    return await _list(info, TAG)


async def tag(info: Info, name: str) -> Tag | None:
    """The tag of this name (case-insensitively), or null."""
    return await _one(info, TAG, name)


async def attribute_types(
    info: Info,
    where: AttributeTypeWhere | None = None,
    sort: list[AttributeTypeSort] | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[AttributeType]:
    """Attribute types matching `where`, by name unless sorted."""
    return await _list(info, ATTRIBUTE_TYPE)


async def attribute_type(info: Info, name: str) -> AttributeType | None:
    """The attribute type of this name (case-insensitively), or null."""
    return await _one(info, ATTRIBUTE_TYPE, name)


async def attribute_values(
    info: Info,
    where: AttributeValueWhere | None = None,
    sort: list[AttributeValueSort] | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[AttributeValue]:
    """Attribute values of every type matching `where`, by position, then name, unless
    sorted."""
    return await _list(info, ATTRIBUTE_VALUE)


async def attribute_schema(info: Info, goals: list[str]) -> list[AttributeType]:
    """The attribute types a technique serving any of these goals may carry (appliesToAll, or
    one of its applicableGoals is among them), by name: what the edit form offers."""
    items = await read(info, schema_query.attribute_schema, root_selection(info))
    return [AttributeType.from_record(item) for item in items]
