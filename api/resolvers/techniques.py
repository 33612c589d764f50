"""The technique lists, the lookup by slug, and full-text search: records of one statement."""

from __future__ import annotations

from typing import Any

from strawberry import Info

from api.context import read
from api.resolution import selection_of
from graph.queries import lists, search
from graph.queries.entities import TECHNIQUE

Record = dict[str, Any]


async def techniques(info: Info, **_: Any) -> list[Record]:
    """Techniques matching `where`, in `sort` order (then by slug). At most `limit` (default
    and maximum: API_MAX_PAGE_SIZE) after `offset`."""
    return await read(info, lists.fetch_list, TECHNIQUE, selection_of(info))


async def techniques_connection(info: Info, **_: Any) -> Record:
    """A Relay page of the techniques matching `where`: `first` (default and maximum:
    API_MAX_PAGE_SIZE) after the cursor `after`, in `sort` order (then by slug)."""
    page = await read(info, lists.fetch_connection, TECHNIQUE, selection_of(info))
    edges = [{"cursor": e.cursor, "node": e.node} for e in page.edges]
    return {
        "totalCount": page.total,
        "edges": edges,
        "pageInfo": {
            "hasNextPage": page.has_next,
            "hasPreviousPage": page.has_previous,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


async def technique(info: Info, **_: Any) -> Record | None:
    """The technique with this slug, or null."""
    selection = selection_of(info)
    slug = selection.args["slug"]
    return await read(info, lists.fetch_one, TECHNIQUE, "slug", slug, selection)


async def search_techniques(info: Info, **_: Any) -> list[Record]:
    """Full text over name and description, best first (then by slug), optionally filtered.
    Any text is safe: Lucene syntax in it is searched for, not obeyed."""
    return await read(info, search.search, selection_of(info))
