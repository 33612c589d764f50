"""The technique lists, the lookup by slug, and full-text search: records of one statement."""

from __future__ import annotations

from typing import Any

from strawberry import Info

from api.context import read
from api.highlights import snippet_length, with_highlights
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
    A word matches as written, by its stem, as a prefix, or with a typo (one for
    words of 5+ letters, two from 9); name matches outrank description matches, hits with
    every word rank first. Any text is safe: Lucene syntax in it is searched for, not obeyed.
    At most `limit` (default and maximum: API_MAX_PAGE_SIZE) after `offset`."""
    selection = selection_of(info)
    length = snippet_length(selection)
    hits = await read(info, search.search, selection)
    return with_highlights(hits, selection.args["phrase"], selection, length)


async def technique_search(info: Info, **_: Any) -> Record:
    """searchTechniques as a page: its hits (`limit` after `offset`, as there) and how many
    hits there are in all (`totalCount`). A blank phrase finds nothing."""
    selection = selection_of(info)
    hit_selections = selection.child("hits")
    hit_selection = hit_selections[0] if hit_selections else None
    length = snippet_length(hit_selection) if hit_selection else None
    page = await read(info, search.search_page, selection)
    hits = page["items"]
    if hit_selection is not None:
        hits = with_highlights(hits, selection.args["phrase"], hit_selection, length)
    return {"totalCount": page["total"], "hits": hits}
