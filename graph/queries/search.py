"""`searchTechniques`: full text over name and description (index `techniqueText`), best first.

Lucene reads `+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /` and upper-case AND, OR, NOT as
syntax; a search box must not. Each word's special characters are escaped and the operator
words lower-cased (the analyzer lower-cases text anyway), so any phrase is a plain list of
terms and a malformed query cannot be sent.
"""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from graph.queries.entities import TECHNIQUE
from graph.queries.lists import where_clause
from graph.queries.paging import page_size
from graph.queries.projection import project
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement
from graph.queries.where import where_predicate

INDEX = "techniqueText"
_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def lucene_terms(phrase: str) -> str:
    """`phrase` as Lucene terms with no query syntax left in it ('' when it has no words)."""
    words = []
    for word in phrase.split():
        escaped = "".join("\\" + c if c in _SPECIAL else c for c in word)
        words.append(escaped.lower() if escaped in _OPERATORS else escaped)
    return " ".join(words)


def search_statement(selection: Selection, limits: Limits) -> Statement | None:
    """One row of `items` ({score, technique}); None when the phrase holds no words."""
    args = selection.args
    terms = lucene_terms(str(args.get("phrase") or ""))
    if not terms:
        return None
    statement = Statement(limits)
    node = statement.variable()
    binding = {"node": node}
    where = where_predicate(TECHNIQUE, binding, args.get("where"), statement)
    limit = page_size(args.get("limit"), limits, "limit")
    children = tuple(c for t in selection.child("technique") for c in t.children)
    item = project(TECHNIQUE, binding, children, statement, "searchTechniques.technique", limit)
    statement.text = (
        f"CALL db.index.fulltext.queryNodes({statement.param(INDEX)}, {statement.param(terms)}) "
        f"YIELD node, score WITH node AS {node}, score"
        f"{where_clause([f'{node}:Technique', where])} "
        f"WITH {node}, score ORDER BY score DESC, {node}.slug ASC LIMIT {statement.param(limit)} "
        f"RETURN collect({{score: score, technique: {item}}}) AS items"
    )
    return statement


def search(graph: Graph, selection: Selection, limits: Limits) -> list[dict[str, Any]]:
    statement = search_statement(selection, limits)
    if statement is None:
        return []
    return statement.run(graph)[0]["items"]
