"""Sort inputs: a list of them is applied in order, each naming one field.

`sort: [{ name: ASC }, { legacyId: DESC }]`; a unique tiebreak (a technique's slug, else the
name's key) always ends the order, so pages never overlap.
"""

from __future__ import annotations

import strawberry

from api.inputs.scalars import SortDirection

_ONE = "Fields to sort {0}s by. Give one field per object; a list of objects is applied in order."


@strawberry.input(description=_ONE.format("Technique"))
class TechniqueSort:
    slug: SortDirection | None = None
    name: SortDirection | None = None
    description: SortDirection | None = None
    model_dependency: SortDirection | None = None
    example_use_case: SortDirection | None = None
    legacy_id: SortDirection | None = None
    version: SortDirection | None = None


@strawberry.input(description=_ONE.format("Goal"))
class GoalSort:
    name: SortDirection | None = None
    legacy_id: SortDirection | None = None


@strawberry.input(description=_ONE.format("Category"))
class CategorySort:
    name: SortDirection | None = None
    legacy_id: SortDirection | None = None


@strawberry.input(description=_ONE.format("SubCategory"))
class SubCategorySort:
    name: SortDirection | None = None
    legacy_id: SortDirection | None = None


@strawberry.input(description=_ONE.format("Tag"))
class TagSort:
    name: SortDirection | None = None
    legacy_id: SortDirection | None = None


@strawberry.input(description=_ONE.format("AttributeType"))
class AttributeTypeSort:
    name: SortDirection | None = None


@strawberry.input(description=_ONE.format("AttributeValue"))
class AttributeValueSort:
    name: SortDirection | None = None
    position: SortDirection | None = None
