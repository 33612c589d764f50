"""Operators on one scalar field, and the sort direction (as @neo4j/graphql 7 spells them)."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="An enum for sorting in either ascending or descending order.")
class SortDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="String filters")
class StringScalarFilters:
    eq: str | None = None
    in_: list[str] | None = strawberry.field(default=None, name="in")
    contains: str | None = None
    starts_with: str | None = None
    ends_with: str | None = None


@strawberry.input(description="Int filters")
class IntScalarFilters:
    eq: int | None = None
    in_: list[int] | None = strawberry.field(default=None, name="in")
    lt: int | None = None
    lte: int | None = None
    gt: int | None = None
    gte: int | None = None


@strawberry.input(description="Boolean filters")
class BooleanScalarFilters:
    eq: bool | None = None
