"""The inputs of mutations, as the frontend's contract names them."""

from __future__ import annotations

import strawberry


@strawberry.input(description="Values of one attribute type to set on a technique.")
class AttributeInput:
    type: str
    values: list[str]


@strawberry.input(
    description="A technique's fields. On create, `name` and `primaryGoal` are required; on "
    "update, a field left out keeps its value and a list given replaces what was there."
)
class TechniqueInput:
    name: str | None = None
    description: str | None = None
    model_dependency: str | None = None
    example_use_case: str | None = None
    primary_goal: str | None = strawberry.field(default=None, description="A goal's name.")
    categories: list[str] | None = None
    sub_categories: list[str] | None = None
    tags: list[str] | None = None
    attributes: list[AttributeInput] | None = None


@strawberry.input(description="A new attribute type, where it applies, and its first values.")
class AttributeTypeInput:
    name: str
    multi_valued: bool = False
    applies_to_all: bool = False
    applicable_goals: list[str] = strawberry.field(default_factory=list)
    values: list[str] = strawberry.field(default_factory=list)
