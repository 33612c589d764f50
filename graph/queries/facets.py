"""`techniqueFacets`: how many matching techniques fall under each goal, category, tag, model
dependency and attribute value, in one statement.

The filter runs once; the matches are collected and every facet the request selects counts
distinct techniques over them (a technique reaching a goal twice counts once). Only groups
holding at least one match are listed, most techniques first, then by name.

Each facet is a `CALL (matched) { ... }` subquery, not a `COLLECT { }` expression: Neo4j 5.26
charges a COLLECT expression's grouping for the imported `matched` list once per group, so
with 9,200 techniques the 7,200 tag groups went past the transaction memory limit (1.4 GiB
of a 2 GiB heap); the CALL form groups the same rows in a few MiB.
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
        f"UNWIND matched AS t MATCH {pattern} WITH x, count(DISTINCT t) AS n "
        "ORDER BY n DESC, x.name RETURN collect({name: x.name, count: n})"
    )


# Each facet's subquery body; `RETURN collect(...)` is completed with the column's name.
_FACET_BODIES = {
    "goals": _related_facet("goals"),
    "categories": _related_facet("categories"),
    "tags": _related_facet("tags"),
    "modelDependencies": (
        "UNWIND matched AS t WITH t.modelDependency AS m, count(*) AS n "
        "WHERE m IS NOT NULL WITH m, n ORDER BY n DESC, m RETURN collect({name: m, count: n})"
    ),
    "attributes": (
        "UNWIND matched AS t "
        "MATCH (t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(at:AttributeType) "
        "WITH at, v, count(DISTINCT t) AS n ORDER BY n DESC, v.name "
        "WITH at, collect({name: v.name, count: n}) AS values ORDER BY at.name "
        "RETURN collect({type: at.name, values: values})"
    ),
}


def facets_statement(selection: Selection, limits: Limits) -> Statement:
    statement = Statement(limits)
    node = statement.variable()
    where = where_predicate(TECHNIQUE, {"node": node}, selection.args.get("where"), statement)
    wanted = [name for name in FACETS if selection.selects(name)]
    # Aggregating subqueries: each yields exactly one row, even over no matches.
    calls = "".join(f"CALL (matched) {{ {_FACET_BODIES[n]} AS {n} }} " for n in wanted)
    statement.text = (
        f"MATCH ({node}:Technique){where_clause([where])} "
        f"WITH collect({node}) AS matched {calls}"
        "RETURN " + ", ".join(["size(matched) AS total", *wanted])
    )
    return statement


def facets(graph: Graph, selection: Selection, limits: Limits) -> dict[str, Any]:
    return facets_statement(selection, limits).run(graph)[0]
