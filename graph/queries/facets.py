"""`techniqueFacets`: how many matching techniques fall under each goal, category, tag, model
dependency and attribute value, in one statement.

The filter runs once; the matches are collected and every facet the request selects counts
distinct techniques over them (a technique reaching a goal twice counts once). Only groups
holding at least one match are listed, most techniques first, then by name.
"""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from graph.queries.entities import TECHNIQUE
from graph.queries.lists import where_clause
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement, fill
from graph.queries.where import where_predicate

FACETS = ("goals", "categories", "tags", "modelDependencies", "attributes")


def _related_facet(relation: str) -> str:
    pattern = fill(TECHNIQUE.relations[relation].pattern, src="t", dst="x", rel="r")
    return (
        f"COLLECT {{ UNWIND matched AS t MATCH {pattern} WITH x, count(DISTINCT t) AS n "
        "RETURN {name: x.name, count: n} AS facet ORDER BY n DESC, x.name }"
    )


_FACET_EXPRESSIONS = {
    "goals": _related_facet("goals"),
    "categories": _related_facet("categories"),
    "tags": _related_facet("tags"),
    "modelDependencies": (
        "COLLECT { UNWIND matched AS t WITH t.modelDependency AS m, count(*) AS n "
        "WHERE m IS NOT NULL RETURN {name: m, count: n} AS facet ORDER BY n DESC, m }"
    ),
    "attributes": (
        "COLLECT { UNWIND matched AS t "
        "MATCH (t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(at:AttributeType) "
        "WITH at, v, count(DISTINCT t) AS n ORDER BY n DESC, v.name "
        "WITH at, collect({name: v.name, count: n}) AS values "
        "RETURN {type: at.name, values: values} AS facet ORDER BY at.name }"
    ),
}


def facets_statement(selection: Selection, limits: Limits) -> Statement:
    statement = Statement(limits)
    node = statement.variable()
    where = where_predicate(TECHNIQUE, {"node": node}, selection.args.get("where"), statement)
    wanted = [name for name in FACETS if selection.selects(name)]
    columns = ["size(matched) AS total", *(f"{_FACET_EXPRESSIONS[n]} AS {n}" for n in wanted)]
    statement.text = (
        f"MATCH ({node}:Technique){where_clause([where])} "
        f"WITH collect({node}) AS matched RETURN " + ", ".join(columns)
    )
    return statement


def facets(graph: Graph, selection: Selection, limits: Limits) -> dict[str, Any]:
    return facets_statement(selection, limits).run(graph)[0]
