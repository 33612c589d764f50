"""`coverage`: techniques per (goal, category) cell, and the techniques spanning goals.

A cell exists for each goal a category serves and counts the distinct techniques in that
category, so a category serving two goals shows under both. A technique spans goals when its
goals (primary goal plus its categories' goals) are more than one.
"""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from graph.queries.entities import TECHNIQUE
from graph.queries.errors import QueryInputError
from graph.queries.lists import where_clause
from graph.queries.order import index_hint, order_by, sort_keys
from graph.queries.paging import offset, page_size
from graph.queries.projection import project
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement, fill

CELLS = (
    "CALL () { MATCH (c:Category)-[:SERVES]->(g:Goal) WITH g, c ORDER BY g.name, c.name "
    "RETURN collect({goal: g.name, category: c.name, techniqueCount: "
    "COUNT { MATCH (t:Technique)-[:IN_CATEGORY]->(c) RETURN DISTINCT t }}) AS cells } "
)


def _spans_goals(node: str, statement: Statement) -> str:
    goal = statement.variable()
    pattern = fill(TECHNIQUE.relations["goals"].pattern, src=node, dst=goal)
    return f"COUNT {{ MATCH {pattern} RETURN DISTINCT {goal} }} > 1"


def coverage_statement(selection: Selection, limits: Limits) -> Statement:
    statement = Statement(limits)
    text = CELLS if selection.selects("cells") else "WITH null AS cells "
    if selection.selects("crossGoalTechniqueCount"):
        node = statement.variable()
        text += (
            f"CALL () {{ MATCH ({node}:Technique) WHERE {_spans_goals(node, statement)} "
            "RETURN count(*) AS crossGoalTechniqueCount } "
        )
    else:
        text += "WITH cells, null AS crossGoalTechniqueCount "
    crossing = selection.child("crossGoalTechniques")
    if len({repr(sorted(s.args.items())) for s in crossing}) > 1:
        raise QueryInputError(
            "coverage: ask for crossGoalTechniques with one set of arguments per coverage",
            "crossGoalTechniques",
        )
    if crossing:
        node = statement.variable()
        binding = {"node": node}
        args = crossing[0].args
        keys = sort_keys(TECHNIQUE, binding, args.get("sort"), "crossGoalTechniques(sort)")
        limit = page_size(args.get("limit"), limits, "crossGoalTechniques(limit)")
        skip = offset(args.get("offset"), "crossGoalTechniques(offset)")
        children = tuple(c for s in crossing for c in s.children)
        item = project(
            TECHNIQUE, binding, children, statement, "coverage.crossGoalTechniques", limit
        )
        # Sorted first, then filtered: Neo4j walks the order (the slug index by default)
        # and tests techniques only until the page is full, instead of testing every
        # technique's goals before sorting (100x: 48,000 db hits instead of 255,000).
        text += (
            f"CALL () {{ MATCH ({node}:Technique){where_clause([index_hint(keys)])} "
            f"WITH {node} ORDER BY {order_by(keys)} "
            f"WITH {node} WHERE {_spans_goals(node, statement)} "
            f"WITH {node} SKIP {statement.param(skip)} LIMIT {statement.param(limit)} "
            f"RETURN collect({item}) AS crossGoalTechniques }} "
        )
    else:
        text += "WITH cells, crossGoalTechniqueCount, null AS crossGoalTechniques "
    statement.text = text + "RETURN cells, crossGoalTechniqueCount, crossGoalTechniques"
    return statement


def coverage(graph: Graph, selection: Selection, limits: Limits) -> dict[str, Any]:
    return coverage_statement(selection, limits).run(graph)[0]
