"""A technique, its attributes (type, value pairs) and its outgoing RELATED_TO edges."""

from __future__ import annotations

import strawberry
from strawberry import Info

from api.inputs.sort import CategorySort, GoalSort, SubCategorySort, TagSort
from api.inputs.where import (
    AttributeWhere,
    CategoryWhere,
    GoalWhere,
    RelatedTechniqueWhere,
    SubCategoryWhere,
    TagWhere,
)
from api.types.records import Record, builds, got, many, one
from api.types.taxonomy import AttributeType, AttributeValue, Category, Goal, SubCategory, Tag

_PAGE = "At most `limit` (default and maximum: API_MAX_PAGE_SIZE) after `offset`."
_WHOLE = "All of them, unless `limit` (at most API_MAX_PAGE_SIZE) is given, after `offset`."


@builds("Technique")
@strawberry.type(description="An AI-assurance technique, identified by its slug.")
class Technique:
    slug: str = strawberry.field(description="Lowercase ASCII words joined by '-'; unique.")
    name: str
    description: str | None
    model_dependency: str | None
    example_use_case: str | None
    legacy_id: int | None = strawberry.field(description="Row id in the legacy technique table.")
    version: int | None = strawberry.field(description="Grows by one on every write.")
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> Technique:
        return cls(
            slug=got(record, "slug"),
            name=got(record, "name"),
            description=got(record, "description"),
            model_dependency=got(record, "modelDependency"),
            example_use_case=got(record, "exampleUseCase"),
            legacy_id=got(record, "legacyId"),
            version=got(record, "version"),
            record=record,
        )

    @strawberry.field(description="The goal of the legacy technique.assurance_goal_id.")
    def primary_goal(self, info: Info) -> Goal | None:
        return one("Goal", self.record, info)

    @strawberry.field(
        description="Its primary goal plus every goal its categories serve. " + _WHOLE
    )
    def goals(
        self,
        info: Info,
        where: GoalWhere | None = None,
        sort: list[GoalSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Goal]:
        return many("Goal", self.record, info)

    @strawberry.field(description="The categories it is in. " + _WHOLE)
    def categories(
        self,
        info: Info,
        where: CategoryWhere | None = None,
        sort: list[CategorySort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Category]:
        return many("Category", self.record, info)

    @strawberry.field(description="The subcategories it is in. " + _WHOLE)
    def sub_categories(
        self,
        info: Info,
        where: SubCategoryWhere | None = None,
        sort: list[SubCategorySort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[SubCategory]:
        return many("SubCategory", self.record, info)

    @strawberry.field(description="The tags it carries (not their ancestors). " + _WHOLE)
    def tags(
        self,
        info: Info,
        where: TagWhere | None = None,
        sort: list[TagSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Tag]:
        return many("Tag", self.record, info)

    @strawberry.field(
        description="One entry per (type, value) pair, by type, then the type's value order. "
        + _WHOLE
    )
    def attributes(
        self,
        info: Info,
        where: AttributeWhere | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Attribute]:
        return many("Attribute", self.record, info)

    @strawberry.field(
        description="Its outgoing RELATED_TO edges (the legacy technique_relationship rows "
        "from it), by type, then slug. " + _PAGE
    )
    def related(
        self,
        info: Info,
        where: RelatedTechniqueWhere | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[RelatedTechnique]:
        return many("RelatedTechnique", self.record, info)


@builds("Attribute")
@strawberry.type(description="One attribute of a technique: a value and the type it belongs to.")
class Attribute:
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> Attribute:
        return cls(record=record)

    @strawberry.field
    def type(self, info: Info) -> AttributeType:
        return one("AttributeType", self.record, info)

    @strawberry.field
    def value(self, info: Info) -> AttributeValue:
        return one("AttributeValue", self.record, info)


@builds("RelatedTechnique")
@strawberry.type(description="A RELATED_TO edge: the legacy relationship_type and its target.")
class RelatedTechnique:
    type: str
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> RelatedTechnique:
        return cls(type=got(record, "type"), record=record)

    @strawberry.field
    def technique(self, info: Info) -> Technique:
        return one("Technique", self.record, info)
