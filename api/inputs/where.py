"""Filters (`where`), nesting as @neo4j/graphql 7's do.

Scalars take operators (`{ name: { eq: "SHAP" } }`), list relationships take quantifiers
over the related type's filter (`{ goals: { some: { name: { eq: "Fairness" } } } }`), single
relationships take that filter directly (`{ primaryGoal: { name: { eq: "Fairness" } } }`),
and `AND`, `OR`, `NOT` combine filters. graph/queries/where.py gives them their meaning.
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.inputs.scalars import BooleanScalarFilters, IntScalarFilters, StringScalarFilters

_QUANTIFIERS = {
    "some": "some of the related {0}s match this filter",
    "all": "all of the related {0}s match this filter",
    "none": "none of the related {0}s match this filter",
    "single": "exactly one of the related {0}s matches this filter",
}


def _and() -> Any:
    return strawberry.field(default=None, name="AND", description="Every filter holds.")


def _or() -> Any:
    return strawberry.field(default=None, name="OR", description="At least one filter holds.")


def _not() -> Any:
    return strawberry.field(default=None, name="NOT", description="The filter does not hold.")


def _q(quantifier: str, kind: str) -> Any:
    return strawberry.field(default=None, description=_QUANTIFIERS[quantifier].format(kind))


@strawberry.input
class TechniqueWhere:
    and_: list[TechniqueWhere] | None = _and()
    or_: list[TechniqueWhere] | None = _or()
    not_: TechniqueWhere | None = _not()
    slug: StringScalarFilters | None = None
    name: StringScalarFilters | None = None
    description: StringScalarFilters | None = None
    model_dependency: StringScalarFilters | None = None
    example_use_case: StringScalarFilters | None = None
    legacy_id: IntScalarFilters | None = None
    version: IntScalarFilters | None = None
    primary_goal: GoalWhere | None = None
    goals: GoalRelationshipFilters | None = strawberry.field(
        default=None, description="The technique's goals: its primary goal and its categories'."
    )
    categories: CategoryRelationshipFilters | None = None
    sub_categories: SubCategoryRelationshipFilters | None = None
    tags: TagRelationshipFilters | None = None
    attributes: AttributeRelationshipFilters | None = None
    related: TechniqueRelationshipFilters | None = strawberry.field(
        default=None, description="Techniques this one points to with RELATED_TO."
    )
    facets: FacetSelection | None = strawberry.field(
        default=None,
        description="Ticked facet options: any of them within a group, every group given. "
        "techniqueFacets counts each group as if its own selection were not made.",
    )


@strawberry.input(
    description="Facet options by name: a technique matches when it has at least one option "
    "of every group given (an empty list selects nothing)."
)
class FacetSelection:
    goals: list[str] | None = None
    categories: list[str] | None = None
    tags: list[str] | None = None
    model_dependencies: list[str] | None = None
    attributes: list[AttributeSelection] | None = strawberry.field(
        default=None, description="Values per attribute type; each type is a group of its own."
    )


@strawberry.input(description="Values of one attribute type, any of which will do.")
class AttributeSelection:
    type: str
    values: list[str]


@strawberry.input
class GoalWhere:
    and_: list[GoalWhere] | None = _and()
    or_: list[GoalWhere] | None = _or()
    not_: GoalWhere | None = _not()
    name: StringScalarFilters | None = None
    description: StringScalarFilters | None = None
    legacy_id: IntScalarFilters | None = None
    categories: CategoryRelationshipFilters | None = None
    techniques: TechniqueRelationshipFilters | None = None
    attribute_types: AttributeTypeRelationshipFilters | None = None


@strawberry.input
class CategoryWhere:
    and_: list[CategoryWhere] | None = _and()
    or_: list[CategoryWhere] | None = _or()
    not_: CategoryWhere | None = _not()
    name: StringScalarFilters | None = None
    description: StringScalarFilters | None = None
    legacy_id: IntScalarFilters | None = None
    goals: GoalRelationshipFilters | None = None
    sub_categories: SubCategoryRelationshipFilters | None = None
    techniques: TechniqueRelationshipFilters | None = None


@strawberry.input
class SubCategoryWhere:
    and_: list[SubCategoryWhere] | None = _and()
    or_: list[SubCategoryWhere] | None = _or()
    not_: SubCategoryWhere | None = _not()
    name: StringScalarFilters | None = None
    description: StringScalarFilters | None = None
    legacy_id: IntScalarFilters | None = None
    categories: CategoryRelationshipFilters | None = None
    techniques: TechniqueRelationshipFilters | None = None


@strawberry.input
class TagWhere:
    and_: list[TagWhere] | None = _and()
    or_: list[TagWhere] | None = _or()
    not_: TagWhere | None = _not()
    name: StringScalarFilters | None = None
    legacy_id: IntScalarFilters | None = None
    parent: TagWhere | None = None
    children: TagRelationshipFilters | None = None
    techniques: TechniqueRelationshipFilters | None = None


@strawberry.input
class AttributeTypeWhere:
    and_: list[AttributeTypeWhere] | None = _and()
    or_: list[AttributeTypeWhere] | None = _or()
    not_: AttributeTypeWhere | None = _not()
    name: StringScalarFilters | None = None
    description: StringScalarFilters | None = None
    multi_valued: BooleanScalarFilters | None = None
    applies_to_all: BooleanScalarFilters | None = None
    applicable_goals: GoalRelationshipFilters | None = None
    values: AttributeValueRelationshipFilters | None = None


@strawberry.input
class AttributeValueWhere:
    and_: list[AttributeValueWhere] | None = _and()
    or_: list[AttributeValueWhere] | None = _or()
    not_: AttributeValueWhere | None = _not()
    name: StringScalarFilters | None = None
    position: IntScalarFilters | None = None
    legacy_id: IntScalarFilters | None = None
    type: AttributeTypeWhere | None = None
    techniques: TechniqueRelationshipFilters | None = None


@strawberry.input(description="One (type, value) pair of a technique.")
class AttributeWhere:
    and_: list[AttributeWhere] | None = _and()
    or_: list[AttributeWhere] | None = _or()
    not_: AttributeWhere | None = _not()
    type: AttributeTypeWhere | None = None
    value: AttributeValueWhere | None = None


@strawberry.input(description="One RELATED_TO edge: its type and the technique it points to.")
class RelatedTechniqueWhere:
    and_: list[RelatedTechniqueWhere] | None = _and()
    or_: list[RelatedTechniqueWhere] | None = _or()
    not_: RelatedTechniqueWhere | None = _not()
    type: StringScalarFilters | None = None
    technique: TechniqueWhere | None = None


@strawberry.input(description="Quantifiers over related Techniques.")
class TechniqueRelationshipFilters:
    some: TechniqueWhere | None = _q("some", "Technique")
    all: TechniqueWhere | None = _q("all", "Technique")
    none: TechniqueWhere | None = _q("none", "Technique")
    single: TechniqueWhere | None = _q("single", "Technique")


@strawberry.input(description="Quantifiers over related Goals.")
class GoalRelationshipFilters:
    some: GoalWhere | None = _q("some", "Goal")
    all: GoalWhere | None = _q("all", "Goal")
    none: GoalWhere | None = _q("none", "Goal")
    single: GoalWhere | None = _q("single", "Goal")


@strawberry.input(description="Quantifiers over related Categorys.")
class CategoryRelationshipFilters:
    some: CategoryWhere | None = _q("some", "Category")
    all: CategoryWhere | None = _q("all", "Category")
    none: CategoryWhere | None = _q("none", "Category")
    single: CategoryWhere | None = _q("single", "Category")


@strawberry.input(description="Quantifiers over related SubCategorys.")
class SubCategoryRelationshipFilters:
    some: SubCategoryWhere | None = _q("some", "SubCategory")
    all: SubCategoryWhere | None = _q("all", "SubCategory")
    none: SubCategoryWhere | None = _q("none", "SubCategory")
    single: SubCategoryWhere | None = _q("single", "SubCategory")


@strawberry.input(description="Quantifiers over related Tags.")
class TagRelationshipFilters:
    some: TagWhere | None = _q("some", "Tag")
    all: TagWhere | None = _q("all", "Tag")
    none: TagWhere | None = _q("none", "Tag")
    single: TagWhere | None = _q("single", "Tag")


@strawberry.input(description="Quantifiers over related AttributeTypes.")
class AttributeTypeRelationshipFilters:
    some: AttributeTypeWhere | None = _q("some", "AttributeType")
    all: AttributeTypeWhere | None = _q("all", "AttributeType")
    none: AttributeTypeWhere | None = _q("none", "AttributeType")
    single: AttributeTypeWhere | None = _q("single", "AttributeType")


@strawberry.input(description="Quantifiers over related AttributeValues.")
class AttributeValueRelationshipFilters:
    some: AttributeValueWhere | None = _q("some", "AttributeValue")
    all: AttributeValueWhere | None = _q("all", "AttributeValue")
    none: AttributeValueWhere | None = _q("none", "AttributeValue")
    single: AttributeValueWhere | None = _q("single", "AttributeValue")


@strawberry.input(description="Quantifiers over related Attributes.")
class AttributeRelationshipFilters:
    some: AttributeWhere | None = _q("some", "Attribute")
    all: AttributeWhere | None = _q("all", "Attribute")
    none: AttributeWhere | None = _q("none", "Attribute")
    single: AttributeWhere | None = _q("single", "Attribute")
