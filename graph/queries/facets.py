"""`techniqueFacets`: how many matching techniques fall under each goal, category, tag, model
dependency and attribute value, in one statement.

The filter (and the search phrase, when there is one) runs once; the matches are collected and
every facet the request selects counts distinct techniques over them (a technique reaching a
goal twice counts once). Only groups holding at least one match are listed, most techniques
first, then by name.

Facet selections (`where.facets`, graph/queries/facet_groups.py) are disjunctive facets: a
group's counts are taken over the techniques matching everything except that group's own
selection, so ticking "Fairness" leaves "Privacy" listed with the techniques it would add,
and each count is how many techniques have that option among those the other groups admit.
Still one statement: each technique records which selected groups it misses; those missing
none are the matches, and those missing exactly one also count under that one group's
options.

Each facet is a `CALL (matched) { ... }` subquery, not a `COLLECT { }` expression: Neo4j 5.26
charges a COLLECT expression's grouping for the imported `matched` list once per group, so
with 9,200 techniques the 7,200 tag groups went past the transaction memory limit (1.4 GiB
of a 2 GiB heap); the CALL form groups the same rows in a few MiB.
"""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from graph.queries.entities import TECHNIQUE
from graph.queries.facet_groups import group_predicate, selected_groups, term_count
from graph.queries.lists import where_clause
from graph.queries.search import is_blank, search_source
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement, fill
from graph.queries.where import count_terms, where_predicate

FACETS = ("goals", "categories", "tags", "modelDependencies", "attributes")


def _related_facet(relation: str) -> str:
    pattern = fill(TECHNIQUE.relations[relation].pattern, src="t", dst="x", rel="r")
    return (
        f"UNWIND {{pool}} AS t MATCH {pattern} WITH x, count(DISTINCT t) AS n "
        "ORDER BY n DESC, x.name RETURN collect({name: x.name, count: n})"
    )


# Each facet's subquery body over the techniques `{pool}` counts; `RETURN collect(...)` is
# completed with the column's name.
_FACET_BODIES = {
    "goals": _related_facet("goals"),
    "categories": _related_facet("categories"),
    "tags": _related_facet("tags"),
    "modelDependencies": (
        "UNWIND {pool} AS t WITH t.modelDependency AS m, count(*) AS n "
        "WHERE m IS NOT NULL WITH m, n ORDER BY n DESC, m RETURN collect({name: m, count: n})"
    ),
}
_ATTRIBUTES = (
    "MATCH (t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(at:AttributeType){admit} "
    "WITH at, v, count(DISTINCT t) AS n ORDER BY n DESC, v.name "
    "WITH at, collect({name: v.name, count: n}) AS values ORDER BY at.name "
    "RETURN collect({type: at.name, values: values})"
)


def facets_statement(selection: Selection, limits: Limits) -> Statement:
    statement = Statement(limits)
    node = statement.variable()
    args = selection.args
    where_args = dict(args.get("where") or {})
    groups = selected_groups(where_args.pop("facets", None), "where.facets")
    count_terms(statement, term_count(groups), "where.facets")
    where = where_predicate(TECHNIQUE, {"node": node}, where_args, statement)
    phrase = args.get("phrase")
    if is_blank(phrase):
        source = f"MATCH ({node}:Technique){where_clause([where])}"
    else:
        source = search_source(statement, node, str(phrase), where)
    wanted = [name for name in FACETS if selection.selects(name)]
    if not groups:
        calls = "".join(_call(n, "matched", "matched", {}) for n in wanted)
        statement.text = f"{source} WITH collect({node}) AS matched {calls}RETURN " + ", ".join(
            ["size(matched) AS total", *wanted]
        )
        return statement
    # A technique missing one selected group still counts under that group's options (as
    # if the group were unselected); one missing two counts nowhere and is dropped here.
    misses = " + ".join(
        f"CASE WHEN {group_predicate(g, node, statement)} THEN [] ELSE [{i}] END"
        for i, g in enumerate(groups)
    )
    indices: dict[str, dict[str, int]] = {}
    for i, group in enumerate(groups):
        indices.setdefault(group.facet, {})[group.attribute_type or ""] = i
    calls = "".join(_call(n, "rows", "matched", indices.get(n, {}), statement) for n in wanted)
    statement.text = (
        f"{source} WITH {node}, {misses} AS misses WHERE size(misses) <= 1 "
        f"WITH collect({{t: {node}, miss: coalesce(misses[0], -1)}}) AS rows "
        "WITH rows, [r IN rows WHERE r.miss = -1 | r.t] AS matched "
        f"{calls}RETURN " + ", ".join(["size(matched) AS total", *wanted])
    )
    return statement


def _call(
    facet: str,
    rows: str,
    matched: str,
    indices: dict[str, int],
    statement: Statement | None = None,
) -> str:
    """The facet's subquery: over the matches, plus the techniques that miss only its group."""
    if facet == "attributes":
        if not indices or statement is None:
            body = f"UNWIND {matched} AS t " + _ATTRIBUTES.replace("{admit}", "")
            return f"CALL ({matched}) {{ {body} AS {facet} }} "
        by_type = statement.param(indices)
        body = f"UNWIND {rows} AS r WITH r.t AS t, r.miss AS miss " + _ATTRIBUTES.replace(
            "{admit}", f" WHERE miss = -1 OR miss = {by_type}[at.name]"
        )
        return f"CALL ({rows}) {{ {body} AS {facet} }} "
    if not indices:
        body = _FACET_BODIES[facet].replace("{pool}", matched)
        return f"CALL ({matched}) {{ {body} AS {facet} }} "
    (index,) = indices.values()
    pool = f"[r IN {rows} WHERE r.miss IN [-1, {index}] | r.t]"
    return f"CALL ({rows}) {{ {_FACET_BODIES[facet].replace('{pool}', pool)} AS {facet} }} "


def facets(graph: Graph, selection: Selection, limits: Limits) -> dict[str, Any]:
    return facets_statement(selection, limits).run(graph)[0]
