"""Goals, categories and subcategories (role admin) and tags (role editor)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from api.auth import ADMIN, EDITOR
from api.mutations.common import write_node
from api.types.results import ValidationError
from api.types.taxonomy import Category, Goal, SubCategory, Tag
from graph.writes import taxonomy as writes
from graph.writes.taxonomy import CATEGORY_KIND, GOAL_KIND, SUBCATEGORY_KIND

GoalResult = Annotated[Goal | ValidationError, strawberry.union("GoalResult")]
CategoryResult = Annotated[Category | ValidationError, strawberry.union("CategoryResult")]
SubCategoryResult = Annotated[SubCategory | ValidationError, strawberry.union("SubCategoryResult")]
TagResult = Annotated[Tag | ValidationError, strawberry.union("TagResult")]


async def create_goal(info: Info, name: str, description: str | None = None) -> GoalResult:
    """A new assurance goal. Needs role admin."""
    r: GoalResult = await write_node(
        info, ADMIN, "Goal", writes.create_node, GOAL_KIND, name, description, []
    )
    return r


async def rename_goal(info: Info, name: str, new_name: str) -> GoalResult:
    """Rename a goal. Needs role admin."""
    r: GoalResult = await write_node(
        info, ADMIN, "Goal", writes.rename_node, GOAL_KIND, name, new_name
    )
    return r


async def create_category(
    info: Info, name: str, description: str | None = None, goals: list[str] | None = None
) -> CategoryResult:
    """A new category serving these goals. Needs role admin."""
    r: CategoryResult = await write_node(
        info, ADMIN, "Category", writes.create_node, CATEGORY_KIND, name, description, goals or []
    )
    return r


async def rename_category(info: Info, name: str, new_name: str) -> CategoryResult:
    """Rename a category. Needs role admin."""
    r: CategoryResult = await write_node(
        info, ADMIN, "Category", writes.rename_node, CATEGORY_KIND, name, new_name
    )
    return r


async def link_category_to_goal(info: Info, category: str, goal: str) -> CategoryResult:
    """Let a category serve one more goal (its techniques gain it). Needs role admin."""
    r: CategoryResult = await write_node(
        info, ADMIN, "Category", writes.link_category, category, goal, True
    )
    return r


async def unlink_category_from_goal(info: Info, category: str, goal: str) -> CategoryResult:
    """Stop a category serving a goal; refused when techniques would hold attribute values
    that no longer apply. Needs role admin."""
    r: CategoryResult = await write_node(
        info, ADMIN, "Category", writes.link_category, category, goal, False
    )
    return r


async def create_sub_category(
    info: Info, name: str, description: str | None = None, categories: list[str] | None = None
) -> SubCategoryResult:
    """A new subcategory, part of these categories. Needs role admin."""
    r: SubCategoryResult = await write_node(
        info,
        ADMIN,
        "SubCategory",
        writes.create_node,
        SUBCATEGORY_KIND,
        name,
        description,
        categories or [],
    )
    return r


async def rename_sub_category(info: Info, name: str, new_name: str) -> SubCategoryResult:
    """Rename a subcategory. Needs role admin."""
    r: SubCategoryResult = await write_node(
        info, ADMIN, "SubCategory", writes.rename_node, SUBCATEGORY_KIND, name, new_name
    )
    return r


async def link_sub_category_to_category(
    info: Info, sub_category: str, category: str
) -> SubCategoryResult:
    """Make a subcategory part of one more category. Needs role admin."""
    r: SubCategoryResult = await write_node(
        info, ADMIN, "SubCategory", writes.link_subcategory, sub_category, category, True
    )
    return r


async def unlink_sub_category_from_category(
    info: Info, sub_category: str, category: str
) -> SubCategoryResult:
    """Take a subcategory out of a category. Needs role admin."""
    r: SubCategoryResult = await write_node(
        info, ADMIN, "SubCategory", writes.link_subcategory, sub_category, category, False
    )
    return r


async def create_tag(info: Info, name: str) -> TagResult:
    """A new tag; `a/b` also gets its ancestor tags (`a`) and CHILD_OF links. Needs role
    editor."""
    r: TagResult = await write_node(info, EDITOR, "Tag", writes.create_tag, name)
    return r
