"""Answers across the catalog: facets, coverage, the related neighbourhood, comparisons."""

from __future__ import annotations

from typing import Any

from strawberry import Info

from api.context import read
from api.resolution import selection_of
from graph.queries import coverage as coverage_query
from graph.queries import facets, neighbours, nodes

Record = dict[str, Any]


async def technique_facets(info: Info, **_: Any) -> Record:
    """How many techniques match `where` (and `phrase`, searched as searchTechniques does,
    when not blank), and how many of them fall under each goal, category, tag, model
    dependency and attribute value (distinct techniques). With `where.facets`, each group's
    counts are taken as if its own selection were not made (OR within a group)."""
    return await read(info, facets.facets, selection_of(info))


async def coverage(info: Info) -> Record:
    """Techniques per (goal, category) cell, one cell per goal a category serves; and the
    techniques whose goals are more than one."""
    return await read(info, coverage_query.coverage, selection_of(info))


async def related_techniques(info: Info, **_: Any) -> list[Record]:
    """Techniques joined to this one by RELATED_TO edges in either direction, within
    `maxHops` (default 1, at most API_MAX_HOPS), nearest first, then by slug; never the
    technique itself. At most `limit` (default and maximum: API_MAX_PAGE_SIZE)."""
    return await read(info, neighbours.related, selection_of(info))


async def compare_techniques(info: Info, **_: Any) -> Record:
    """2 to 5 techniques in the order given, with the goals, tags and attributes (type and
    value) they all share."""
    return await read(info, neighbours.compare, selection_of(info))


async def node(info: Info, **_: Any) -> Record | None:
    """The object with this global `id` (any type implementing Node), or null when none has
    it any more."""
    found = nodes.parse_id(str(selection_of(info).args["id"]))
    selection = selection_of(info, as_type=found.type_name)
    return await read(info, nodes.fetch_node, found, selection)
