"""Full-text search over techniques (index `techniqueText` on name and description).

`searchTechniques` answers a list of hits, best first; `techniqueSearch` a page of them with
the number of all hits (`totalCount`); both take the same `where` as the lists, facet
selections included. graph/queries/search_text.py turns the phrase into the Lucene query, so
any text is searched for and none is obeyed as syntax. A hit carries the technique's name
and description when the request asks for highlights, which the API cuts from them.
"""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from graph.queries.entities import TECHNIQUE
from graph.queries.lists import where_clause
from graph.queries.paging import offset, page_size
from graph.queries.projection import project
from graph.queries.search_text import lucene_query
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement
from graph.queries.where import where_predicate

INDEX = "techniqueText"
# Hit fields the API computes from the technique's text rather than reading a property.
TEXT_FIELDS = ("highlightedName", "snippet")


def is_blank(phrase: Any) -> bool:
    """A phrase of nothing but whitespace (or none) asks for no search at all."""
    return phrase is None or not str(phrase).strip()


def search_source(statement: Statement, node: str, phrase: str, where: str | None) -> str:
    """Clauses binding `node` (and `score`) to each technique the phrase finds and `where`
    admits. A phrase with no words to search for finds nothing."""
    query = lucene_query(phrase)
    if not query:
        return f"MATCH ({node}:Technique) WHERE false WITH {node}, 0.0 AS score"
    return (
        f"CALL db.index.fulltext.queryNodes({statement.param(INDEX)}, {statement.param(query)}) "
        f"YIELD node, score WITH node AS {node}, score"
        f"{where_clause([f'{node}:Technique', where])}"
    )


def _hits(selection: Selection) -> Selection | None:
    return next(iter(selection.child("hits")), None)


def _hit_map(hit: Selection, node: str, statement: Statement, path: str, scale: int) -> str:
    binding = {"node": node}
    children = tuple(c for t in hit.child("technique") for c in t.children)
    item = project(TECHNIQUE, binding, children, statement, f"{path}.technique", scale)
    text = ""
    if any(hit.selects(field) for field in TEXT_FIELDS):
        text = f", name: {node}.name, description: {node}.description"
    return f"{{score: score, technique: {item}{text}}}"


def search_statement(selection: Selection, limits: Limits) -> Statement | None:
    """`searchTechniques`: one row of `items`; None when the phrase is blank."""
    args = selection.args
    if is_blank(args.get("phrase")):
        return None
    statement = Statement(limits)
    node = statement.variable()
    where = where_predicate(TECHNIQUE, {"node": node}, args.get("where"), statement)
    limit = page_size(args.get("limit"), limits, "limit")
    skip = offset(args.get("offset"))
    hit = _hit_map(selection, node, statement, "searchTechniques", limit)
    statement.text = (
        f"{search_source(statement, node, str(args['phrase']), where)} "
        f"WITH {node}, score ORDER BY score DESC, {node}.slug ASC "
        f"SKIP {statement.param(skip)} LIMIT {statement.param(limit)} "
        f"RETURN collect({hit}) AS items"
    )
    return statement


def search_page_statement(selection: Selection, limits: Limits) -> Statement | None:
    """`techniqueSearch`: one row of `total` and the page's `items`; None when blank."""
    args = selection.args
    if is_blank(args.get("phrase")):
        return None
    statement = Statement(limits)
    node = statement.variable()
    where = where_predicate(TECHNIQUE, {"node": node}, args.get("where"), statement)
    limit = page_size(args.get("limit"), limits, "limit")
    skip = offset(args.get("offset"))
    hits = _hits(selection)
    hit = "{score: score}" if hits is None else _hit_map(hits, node, statement, "hits", limit)
    start, end = statement.param(skip), statement.param(skip + limit)
    # Every hit is ranked to count them all; only the page's are projected.
    statement.text = (
        f"{search_source(statement, node, str(args['phrase']), where)} "
        f"WITH {node}, score ORDER BY score DESC, {node}.slug ASC "
        f"WITH collect({{t: {node}, score: score}}) AS ranked "
        f"CALL (ranked) {{ UNWIND ranked[{start}..{end}] AS r "
        f"WITH r.t AS {node}, r.score AS score RETURN collect({hit}) AS items }} "
        "RETURN size(ranked) AS total, items"
    )
    return statement


def search(graph: Graph, selection: Selection, limits: Limits) -> list[dict[str, Any]]:
    statement = search_statement(selection, limits)
    if statement is None:
        return []
    return statement.run(graph)[0]["items"]


def search_page(graph: Graph, selection: Selection, limits: Limits) -> dict[str, Any]:
    statement = search_page_statement(selection, limits)
    if statement is None:
        return {"total": 0, "items": []}
    return statement.run(graph)[0]
