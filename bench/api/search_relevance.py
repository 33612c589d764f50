"""Search relevance on a judged query set: precision at 5, before and after.

The queries (bench/api/search_judgements.json) are what a user of the bundled catalog
(data/catalog-2025-07.sql) would type, typos, plurals and half-typed words included; each lists
the techniques (slugs) a reader would want to see for it, judged by hand from names and
descriptions. Precision at 5 is the share of the top five that are judged relevant, out of
min(5, relevant ones), so a query with two relevant techniques scores 1.0 when both are in its
top five.

"Before" is the search as it was: the phrase's words escaped and sent as-is, any word matching
(Lucene's default OR), exact words only. "After" is graph/queries/search_text.py.

    python -m bench.api.search_relevance        # against NEO4J_URI, holding the bundled catalog
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.connection import Graph, open_graph
from graph.queries.search import INDEX
from graph.queries.search_text import lucene_query
from graph.settings import load_settings

TOP = 5


@dataclass(frozen=True)
class Judged:
    phrase: str
    relevant: frozenset[str]


JUDGEMENTS = Path(__file__).with_name("search_judgements.json")


def load_queries(path: Path = JUDGEMENTS) -> list[Judged]:
    data = json.loads(path.read_text("utf-8"))
    return [Judged(q["phrase"], frozenset(q["relevant"])) for q in data["queries"]]


QUERIES = load_queries()

_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')


def before_query(phrase: str) -> str:
    """The search as it was: each word escaped, operator words lower-cased, any word matching."""
    found = []
    for word in phrase.split():
        escaped = "".join("\\" + c if c in _SPECIAL else c for c in word)
        found.append(escaped.lower() if escaped in ("AND", "OR", "NOT") else escaped)
    return " ".join(found)


TOP_HITS = """
CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
WHERE node:Technique
RETURN node.slug AS slug ORDER BY score DESC, slug ASC LIMIT $top
"""


def top_hits(graph: Graph, query: str) -> list[str]:
    if not query:
        return []
    rows = graph.read(TOP_HITS, {"index": INDEX, "query": query, "top": TOP})
    return [row["slug"] for row in rows]


def precision(found: list[str], judged: Judged) -> float:
    hits = sum(1 for slug in found[:TOP] if slug in judged.relevant)
    return hits / min(TOP, len(judged.relevant))


def mean_precision(search: Callable[[str], list[str]]) -> tuple[float, list[float]]:
    each = [precision(search(judged.phrase), judged) for judged in QUERIES]
    return sum(each) / len(each), each


def main() -> int:
    graph = open_graph(load_settings())
    try:
        before, before_each = mean_precision(lambda p: top_hits(graph, before_query(p)))
        after, after_each = mean_precision(lambda p: top_hits(graph, lucene_query(p)))
    finally:
        graph.close()
    print(f"{'query':32} {'before':>7} {'after':>7}")
    for judged, b, a in zip(QUERIES, before_each, after_each, strict=True):
        print(f"{judged.phrase:32} {b:7.2f} {a:7.2f}")
    print(f"{'precision@5 (mean of ' + str(len(QUERIES)) + ')':32} {before:7.3f} {after:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
