"""The taxonomy around techniques: goals, categories, subcategories, tags, attribute types and
their values. Each is identified by its name (unique case-insensitively within its kind)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import Info

from api.inputs.sort import (
    AttributeTypeSort,
    AttributeValueSort,
    CategorySort,
    GoalSort,
    SubCategorySort,
    TagSort,
    TechniqueSort,
)
from api.inputs.where import (
    AttributeTypeWhere,
    AttributeValueWhere,
    CategoryWhere,
    GoalWhere,
    SubCategoryWhere,
    TagWhere,
    TechniqueWhere,
)
from api.types.records import Record, builds, got, many, one

if TYPE_CHECKING:
    from api.types.technique import Technique

TechniqueType = Annotated["Technique", strawberry.lazy("api.types.technique")]
_PAGE = " At most `limit` (default and maximum: API_MAX_PAGE_SIZE) after `offset`."
_WHOLE = " All of them, unless `limit` (at most API_MAX_PAGE_SIZE) is given, after `offset`."


@builds("Goal")
@strawberry.type(description="An assurance goal (Explainability, Fairness, ...).")
class Goal:
    name: str
    description: str | None
    legacy_id: int | None
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> Goal:
        return cls(
            name=got(record, "name"),
            description=got(record, "description"),
            legacy_id=got(record, "legacyId"),
            record=record,
        )

    @strawberry.field(description="The categories that serve this goal." + _WHOLE)
    def categories(
        self,
        info: Info,
        where: CategoryWhere | None = None,
        sort: list[CategorySort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Category]:
        return many("Category", self.record, info)

    @strawberry.field(
        description="Techniques whose goals include this one (as primary goal or through a "
        "category)." + _PAGE
    )
    def techniques(
        self,
        info: Info,
        where: TechniqueWhere | None = None,
        sort: list[TechniqueSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[TechniqueType]:
        return many("Technique", self.record, info)

    @strawberry.field(description="Attribute types that name this goal as applicable." + _WHOLE)
    def attribute_types(
        self,
        info: Info,
        where: AttributeTypeWhere | None = None,
        sort: list[AttributeTypeSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[AttributeType]:
        return many("AttributeType", self.record, info)


@builds("Category")
@strawberry.type(description="A category of techniques, serving one goal or several.")
class Category:
    name: str
    description: str | None
    legacy_id: int | None
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> Category:
        return cls(
            name=got(record, "name"),
            description=got(record, "description"),
            legacy_id=got(record, "legacyId"),
            record=record,
        )

    @strawberry.field(description="The goals it serves: its legacy goal, and any added.")
    def goals(
        self,
        info: Info,
        where: GoalWhere | None = None,
        sort: list[GoalSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Goal]:
        return many("Goal", self.record, info)

    @strawberry.field(description="Its subcategories." + _WHOLE)
    def sub_categories(
        self,
        info: Info,
        where: SubCategoryWhere | None = None,
        sort: list[SubCategorySort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[SubCategory]:
        return many("SubCategory", self.record, info)

    @strawberry.field(description="The techniques in it." + _PAGE)
    def techniques(
        self,
        info: Info,
        where: TechniqueWhere | None = None,
        sort: list[TechniqueSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[TechniqueType]:
        return many("Technique", self.record, info)


@builds("SubCategory")
@strawberry.type(description="A subcategory, part of one category or several.")
class SubCategory:
    name: str
    description: str | None
    legacy_id: int | None
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> SubCategory:
        return cls(
            name=got(record, "name"),
            description=got(record, "description"),
            legacy_id=got(record, "legacyId"),
            record=record,
        )

    @strawberry.field(description="The categories it is part of." + _WHOLE)
    def categories(
        self,
        info: Info,
        where: CategoryWhere | None = None,
        sort: list[CategorySort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Category]:
        return many("Category", self.record, info)

    @strawberry.field(description="The techniques in it." + _PAGE)
    def techniques(
        self,
        info: Info,
        where: TechniqueWhere | None = None,
        sort: list[TechniqueSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[TechniqueType]:
        return many("Technique", self.record, info)


@builds("Tag")
@strawberry.type(description="A tag; `a/b` names a child of `a`.")
class Tag:
    name: str
    legacy_id: int | None = strawberry.field(description="Absent on ancestors made from names.")
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> Tag:
        return cls(name=got(record, "name"), legacy_id=got(record, "legacyId"), record=record)

    @strawberry.field(description="The tag this name is under (`data-type` of `data-type/x`).")
    def parent(self, info: Info) -> Tag | None:
        return one("Tag", self.record, info)

    @strawberry.field(description="The tags directly under this one." + _WHOLE)
    def children(
        self,
        info: Info,
        where: TagWhere | None = None,
        sort: list[TagSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Tag]:
        return many("Tag", self.record, info)

    @strawberry.field(description="The techniques carrying this very tag." + _PAGE)
    def techniques(
        self,
        info: Info,
        where: TechniqueWhere | None = None,
        sort: list[TechniqueSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[TechniqueType]:
        return many("Technique", self.record, info)


@builds("AttributeType")
@strawberry.type(description="A kind of attribute techniques carry (Scope, Fairness Approach...).")
class AttributeType:
    name: str
    description: str | None
    multi_valued: bool | None = strawberry.field(description="May a technique hold several?")
    applies_to_all: bool | None = strawberry.field(description="Does it apply to every goal?")
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> AttributeType:
        return cls(
            name=got(record, "name"),
            description=got(record, "description"),
            multi_valued=got(record, "multiValued"),
            applies_to_all=got(record, "appliesToAll"),
            record=record,
        )

    @strawberry.field(description="The goals it applies to (unless appliesToAll)." + _WHOLE)
    def applicable_goals(
        self,
        info: Info,
        where: GoalWhere | None = None,
        sort: list[GoalSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Goal]:
        return many("Goal", self.record, info)

    @strawberry.field(description="Its allowed values, in their order (position)." + _WHOLE)
    def values(
        self,
        info: Info,
        where: AttributeValueWhere | None = None,
        sort: list[AttributeValueSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[AttributeValue]:
        return many("AttributeValue", self.record, info)


@builds("AttributeValue")
@strawberry.type(description="One allowed value of an attribute type.")
class AttributeValue:
    name: str
    position: int | None = strawberry.field(description="Its place among its type's values.")
    legacy_id: int | None
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> AttributeValue:
        return cls(
            name=got(record, "name"),
            position=got(record, "position"),
            legacy_id=got(record, "legacyId"),
            record=record,
        )

    @strawberry.field
    def type(self, info: Info) -> AttributeType | None:
        return one("AttributeType", self.record, info)

    @strawberry.field(description="The techniques carrying this value." + _PAGE)
    def techniques(
        self,
        info: Info,
        where: TechniqueWhere | None = None,
        sort: list[TechniqueSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[TechniqueType]:
        return many("Technique", self.record, info)
