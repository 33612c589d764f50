"""The technique lists, the lookup by slug, and full-text search."""

from __future__ import annotations

from strawberry import Info

from api.context import read
from api.inputs.sort import TechniqueSort
from api.inputs.where import TechniqueWhere
from api.lookahead import root_selection
from api.types.insights import SearchResult, TechniqueSearchPage
from api.types.pages import TechniquesConnection
from api.types.technique import Technique
from graph.queries import lists, search
from graph.queries.entities import TECHNIQUE
from graph.queries.search_text import terms


async def techniques(
    info: Info,
    where: TechniqueWhere | None = None,
    sort: list[TechniqueSort] | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[Technique]:
    """Techniques matching `where`, in `sort` order (then by slug). At most `limit` (default
    and maximum: API_MAX_PAGE_SIZE) after `offset`."""
    items = await read(info, lists.fetch_list, TECHNIQUE, root_selection(info))
    return [Technique.from_record(item) for item in items]


async def techniques_connection(
    info: Info,
    where: TechniqueWhere | None = None,
    sort: list[TechniqueSort] | None = None,
    first: int | None = None,
    after: str | None = None,
) -> TechniquesConnection:
    """A Relay page of the techniques matching `where`: `first` (default and maximum:
    API_MAX_PAGE_SIZE) after the cursor `after`, in `sort` order (then by slug)."""
    page = await read(info, lists.fetch_connection, TECHNIQUE, root_selection(info))
    return TechniquesConnection.from_page(page)


async def technique(info: Info, slug: str) -> Technique | None:
    """The technique with this slug, or null."""
    record = await read(info, lists.fetch_one, TECHNIQUE, "slug", slug, root_selection(info))
    return None if record is None else Technique.from_record(record)


async def search_techniques(
    info: Info,
    phrase: str,
    where: TechniqueWhere | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[SearchResult]:
    """Full text over name and description, best first (then by slug), optionally filtered.
    Every word must match: as written, by its stem, as a prefix, or with a typo (one for
    words of 5+ letters, two from 9); name matches outrank description matches. Any text is
    safe: Lucene syntax in it is searched for, not obeyed. At most `limit` (default and
    maximum: API_MAX_PAGE_SIZE) after `offset`."""
    items = await read(info, search.search, root_selection(info))
    found = terms(phrase)
    return [SearchResult.from_record(item, found) for item in items]


async def technique_search(
    info: Info,
    phrase: str,
    where: TechniqueWhere | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> TechniqueSearchPage:
    """searchTechniques as a page: its hits (`limit` after `offset`, as there) and how many
    hits there are in all (`totalCount`). A blank phrase finds nothing."""
    page = await read(info, search.search_page, root_selection(info))
    found = terms(phrase)
    return TechniqueSearchPage(
        total_count=page["total"],
        hits=[SearchResult.from_record(item, found) for item in page["items"]],
    )
