"""Relay pages of techniques: `techniquesConnection { totalCount edges { cursor node }
pageInfo { hasNextPage endCursor } }`, as @neo4j/graphql 7 shapes them. Fixed-shape records
(api/resolvers/techniques.py builds them from the graph layer's page)."""

from __future__ import annotations

import strawberry

from api.types.technique import Technique


@strawberry.type(description="Pagination information (Relay)")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(
        description="Whether this page was asked for after a cursor."
    )
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class TechniqueEdge:
    cursor: str = strawberry.field(description="Opaque; pass it as `after` to continue.")
    node: Technique


@strawberry.type
class TechniquesConnection:
    total_count: int | None = strawberry.field(
        description="How many techniques match `where`, on every page."
    )
    edges: list[TechniqueEdge]
    page_info: PageInfo
