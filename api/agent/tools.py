"""The agent tools' answers, read from (and written to) the graph layer directly.

Each function takes the open `Graph` and the request limits, builds the graph layer's
selection for its answer (`api/agent/shapes.py`) and returns plain data keyed by the GraphQL
schema's field names. Bad input raises the graph layer's own errors (`QueryInputError`,
`NotFound`, `WriteRefused`), whose messages say what to fix; the server turns them into
tool errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.agent import shapes
from graph.connection import Graph
from graph.queries import attribute_schema as schema_query
from graph.queries import coverage as coverage_query
from graph.queries import lists, neighbours, search
from graph.queries.entities import ATTRIBUTE_TYPE, GOAL, TECHNIQUE
from graph.queries.errors import NotFound, QueryInputError
from graph.queries.statement import Limits
from graph.writes import techniques as technique_writes

Record = dict[str, Any]
BY_NAME = [{"name": "ASC"}]


def technique_filter(
    goals: Sequence[str] = (),
    categories: Sequence[str] = (),
    tags: Sequence[str] = (),
    model_dependency: str | None = None,
) -> dict[str, Any] | None:
    """A `TechniqueWhere`: any of the goals, any of the categories, any of the tags, all given
    kinds at once (the API's filter, so the same question gets the same answer there)."""
    where: dict[str, Any] = {}
    for relation, names in (("goals", goals), ("categories", categories), ("tags", tags)):
        if names:
            where[relation] = {"some": {"name": {"in": list(names)}}}
    if model_dependency:
        where["modelDependency"] = {"eq": model_dependency}
    return where or None


def find_techniques(
    graph: Graph,
    limits: Limits,
    query: str | None = None,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[Record]:
    """Techniques matching `where`: by name, or best first for a full-text `query` (each with
    its `score`)."""
    if query and query.strip():
        if offset:
            raise QueryInputError(
                "offset pages the list, not a search: a search answers its best `limit` "
                "matches; ask for a larger limit instead",
                "offset",
            )
        selection = shapes.field(
            "searchTechniques",
            shapes.field("score"),
            shapes.field("technique", *shapes.TECHNIQUE_SUMMARY),
            phrase=query,
            where=where,
            limit=limit,
        )
        return [
            {**item["technique"], "score": item["score"]}
            for item in search.search(graph, selection, limits)
        ]
    selection = shapes.field(
        "techniques",
        *shapes.TECHNIQUE_SUMMARY,
        where=where,
        sort=BY_NAME,
        limit=limit,
        offset=offset,
    )
    return lists.fetch_list(graph, TECHNIQUE, selection, limits)


def get_technique(graph: Graph, limits: Limits, slug: str) -> Record:
    selection = shapes.field("technique", *shapes.TECHNIQUE_DETAIL)
    found = lists.fetch_one(graph, TECHNIQUE, "slug", slug, selection, limits)
    if found is None:
        raise NotFound(f"no technique has the slug {slug!r}; find_techniques lists them", "slug")
    return found


def compare_techniques(graph: Graph, limits: Limits, slugs: Sequence[str]) -> Record:
    selection = shapes.field("compareTechniques", *shapes.COMPARISON, slugs=list(slugs))
    row = neighbours.compare(graph, selection, limits)
    return {field.field: row[field.field] for field in shapes.COMPARISON}


def related_techniques(
    graph: Graph, limits: Limits, slug: str, max_hops: int | None = None, limit: int | None = None
) -> list[Record]:
    selection = shapes.field(
        "relatedTechniques", *shapes.TECHNIQUE_REFERENCE, slug=slug, maxHops=max_hops, limit=limit
    )
    return neighbours.related(graph, selection, limits)


def coverage(graph: Graph, limits: Limits) -> Record:
    row = coverage_query.coverage(graph, shapes.field("coverage", *shapes.COVERAGE), limits)
    return {"cells": row["cells"], "crossGoalTechniques": row["crossGoalTechniques"]}


def taxonomy(graph: Graph, limits: Limits) -> Record:
    """Goals with their categories and subcategories, and every attribute type."""
    goals = shapes.field("goals", *shapes.GOAL_TREE, sort=BY_NAME)
    types = shapes.field("attributeTypes", *shapes.ATTRIBUTE_TYPE, sort=BY_NAME)
    return {
        "goals": lists.fetch_list(graph, GOAL, goals, limits),
        "attributeTypes": lists.fetch_list(graph, ATTRIBUTE_TYPE, types, limits),
    }


def attribute_schema(graph: Graph, limits: Limits, goals: Sequence[str]) -> list[Record]:
    selection = shapes.field("attributeSchema", *shapes.ATTRIBUTE_TYPE, goals=list(goals))
    return schema_query.attribute_schema(graph, selection, limits)


def save_technique(
    graph: Graph,
    limits: Limits,
    slug: str | None,
    fields: technique_writes.TechniqueFields,
    by: str,
) -> Record:
    """Create a technique (no slug) or update one (its slug) as token `by`; the result as
    get_technique."""
    selection = shapes.field("technique", *shapes.TECHNIQUE_DETAIL)
    if slug is None:
        return technique_writes.create_technique(graph, fields, by, selection, limits)
    return technique_writes.update_technique(graph, slug, fields, None, by, selection, limits)


def delete_technique(graph: Graph, slug: str, by: str) -> str:
    return technique_writes.delete_technique(graph, slug, None, by)
