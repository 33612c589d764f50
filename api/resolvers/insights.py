"""Answers across the catalog: facets, coverage, the related neighbourhood, comparisons."""

from __future__ import annotations

from strawberry import Info

from api.context import read
from api.inputs.where import TechniqueWhere
from api.lookahead import root_selection
from api.types.insights import Coverage, TechniqueComparison, TechniqueFacets
from api.types.technique import Technique
from graph.queries import coverage as coverage_query
from graph.queries import facets, neighbours


async def technique_facets(
    info: Info, where: TechniqueWhere | None = None, phrase: str | None = None
) -> TechniqueFacets:
    """How many techniques match `where` (and `phrase`, searched as searchTechniques does,
    when not blank), and how many of them fall under each goal, category, tag, model
    dependency and attribute value (distinct techniques). With `where.facets`, each group's
    counts are taken as if its own selection were not made (OR within a group)."""
    return TechniqueFacets.from_record(await read(info, facets.facets, root_selection(info)))


async def coverage(info: Info) -> Coverage:
    """Techniques per (goal, category) cell, one cell per goal a category serves; and the
    techniques whose goals are more than one."""
    record = await read(info, coverage_query.coverage, root_selection(info))
    return Coverage.from_record(record)


async def related_techniques(
    info: Info, slug: str, max_hops: int | None = None, limit: int | None = None
) -> list[Technique]:
    """Techniques joined to this one by RELATED_TO edges in either direction, within
    `maxHops` (default 1, at most API_MAX_HOPS), nearest first, then by slug; never the
    technique itself. At most `limit` (default and maximum: API_MAX_PAGE_SIZE)."""
    items = await read(info, neighbours.related, root_selection(info))
    return [Technique.from_record(item) for item in items]


async def compare_techniques(info: Info, slugs: list[str]) -> TechniqueComparison:
    """2 to 5 techniques in the order given, with the goals, tags and attributes (type and
    value) they all share."""
    record = await read(info, neighbours.compare, root_selection(info))
    return TechniqueComparison.from_record(record)
