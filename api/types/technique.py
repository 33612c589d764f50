"""A technique, its attributes (type, value pairs) and its outgoing RELATED_TO edges.

Declarations only, as in api/types/taxonomy.py.
"""

from __future__ import annotations

import strawberry

from api.fields import relation
from api.resolution import is_record
from api.types.node import Node
from api.types.taxonomy import AttributeType, AttributeValue, Category, Goal, SubCategory, Tag


@strawberry.type(description="An AI-assurance technique, identified by its slug.")
class Technique(Node):
    is_type_of = staticmethod(is_record("Technique"))
    slug: str = strawberry.field(description="Lowercase ASCII words joined by '-'; unique.")
    name: str
    description: str | None
    model_dependency: str | None
    example_use_case: str | None
    legacy_id: int | None = strawberry.field(description="Row id in the legacy technique table.")
    version: int | None = strawberry.field(description="Grows by one on every write.")
    primary_goal: Goal | None = relation(
        "Technique", "primaryGoal", "The goal of the legacy technique.assurance_goal_id."
    )
    goals: list[Goal] = relation(
        "Technique", "goals", "Its primary goal plus every goal its categories serve."
    )
    categories: list[Category] = relation("Technique", "categories", "The categories it is in.")
    sub_categories: list[SubCategory] = relation(
        "Technique", "subCategories", "The subcategories it is in."
    )
    tags: list[Tag] = relation("Technique", "tags", "The tags it carries (not their ancestors).")
    attributes: list[Attribute] = relation(
        "Technique",
        "attributes",
        "One entry per (type, value) pair, by type, then the type's value order.",
    )
    related: list[RelatedTechnique] = relation(
        "Technique",
        "related",
        "Its outgoing RELATED_TO edges (the legacy technique_relationship rows from it), "
        "by type, then slug.",
    )


@strawberry.type(description="One attribute of a technique: a value and the type it belongs to.")
class Attribute:
    is_type_of = staticmethod(is_record("Attribute"))
    id: strawberry.ID = strawberry.field(
        description="The (type, value) pair's: the same on every technique holding it."
    )
    type: AttributeType = relation("Attribute", "type", "")
    value: AttributeValue = relation("Attribute", "value", "")


@strawberry.type(description="A RELATED_TO edge: the legacy relationship_type and its target.")
class RelatedTechnique:
    is_type_of = staticmethod(is_record("RelatedTechnique"))
    id: strawberry.ID = strawberry.field(description="The edge's: its ends and its type.")
    type: str
    technique: Technique = relation("RelatedTechnique", "technique", "")
