"""The taxonomy around techniques: goals, categories, subcategories, tags, attribute types and
their values. Each is identified by its name (unique case-insensitively within its kind).

Declarations only: each field's value is in the record its root field's statement returned,
under the field's response key (api/resolution.py), and each relation's arguments come from
the entity table (api/fields.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.fields import relation
from api.resolution import is_record
from api.types.node import Node

if TYPE_CHECKING:
    from api.types.technique import Technique

TechniqueType = Annotated["Technique", strawberry.lazy("api.types.technique")]


@strawberry.type(description="An assurance goal (Explainability, Fairness, ...).")
class Goal(Node):
    is_type_of = staticmethod(is_record("Goal"))
    name: str
    description: str | None
    legacy_id: int | None
    categories: list[Category] = relation(
        "Goal", "categories", "The categories that serve this goal."
    )
    techniques: list[TechniqueType] = relation(
        "Goal",
        "techniques",
        "Techniques whose goals include this one (as primary goal or through a category).",
    )
    attribute_types: list[AttributeType] = relation(
        "Goal", "attributeTypes", "Attribute types that name this goal as applicable."
    )


@strawberry.type(description="A category of techniques, serving one goal or several.")
class Category(Node):
    is_type_of = staticmethod(is_record("Category"))
    name: str
    description: str | None
    legacy_id: int | None
    goals: list[Goal] = relation(
        "Category", "goals", "The goals it serves: its legacy goal, and any added."
    )
    sub_categories: list[SubCategory] = relation("Category", "subCategories", "Its subcategories.")
    techniques: list[TechniqueType] = relation("Category", "techniques", "The techniques in it.")


@strawberry.type(description="A subcategory, part of one category or several.")
class SubCategory(Node):
    is_type_of = staticmethod(is_record("SubCategory"))
    name: str
    description: str | None
    legacy_id: int | None
    categories: list[Category] = relation(
        "SubCategory", "categories", "The categories it is part of."
    )
    techniques: list[TechniqueType] = relation("SubCategory", "techniques", "The techniques in it.")


@strawberry.type(description="A tag; `a/b` names a child of `a`.")
class Tag(Node):
    is_type_of = staticmethod(is_record("Tag"))
    name: str
    legacy_id: int | None = strawberry.field(description="Absent on ancestors made from names.")
    parent: Tag | None = relation(
        "Tag", "parent", "The tag this name is under (`data-type` of `data-type/x`)."
    )
    children: list[Tag] = relation("Tag", "children", "The tags directly under this one.")
    techniques: list[TechniqueType] = relation(
        "Tag", "techniques", "The techniques carrying this very tag."
    )


@strawberry.type(description="A kind of attribute techniques carry (Scope, Fairness Approach...).")
class AttributeType(Node):
    is_type_of = staticmethod(is_record("AttributeType"))
    name: str
    description: str | None
    multi_valued: bool | None = strawberry.field(description="May a technique hold several?")
    applies_to_all: bool | None = strawberry.field(description="Does it apply to every goal?")
    applicable_goals: list[Goal] = relation(
        "AttributeType", "applicableGoals", "The goals it applies to (unless appliesToAll)."
    )
    values: list[AttributeValue] = relation(
        "AttributeType", "values", "Its allowed values, in their order (position)."
    )


@strawberry.type(description="One allowed value of an attribute type.")
class AttributeValue(Node):
    is_type_of = staticmethod(is_record("AttributeValue"))
    name: str
    position: int | None = strawberry.field(description="Its place among its type's values.")
    legacy_id: int | None
    type: AttributeType | None = relation("AttributeValue", "type", "")
    techniques: list[TechniqueType] = relation(
        "AttributeValue", "techniques", "The techniques carrying this value."
    )
