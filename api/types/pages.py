"""Relay pages of techniques: `techniquesConnection { totalCount edges { cursor node }
pageInfo { hasNextPage endCursor } }`, as @neo4j/graphql 7 shapes them."""

from __future__ import annotations

import strawberry

from api.types.technique import Technique
from graph.queries.lists import ConnectionPage


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

    @classmethod
    def from_page(cls, page: ConnectionPage) -> TechniquesConnection:
        edges = [
            TechniqueEdge(cursor=e.cursor, node=Technique.from_record(e.node)) for e in page.edges
        ]
        return cls(
            total_count=page.total,
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )
