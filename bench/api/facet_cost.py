"""What a facets request costs Neo4j: PROFILE db hits of techniqueFacets' one statement.

Cases: no filter; the same goals as a plain conjunctive filter (`goals: {some: {name: {in}}}`,
counts over the matches only) and as a facet selection (disjunctive counts); selections in
two and three groups; and a selection with a search phrase. Every facet is selected, as the
reference client's sidebar does.

    python -m bench.api.facet_cost          # against NEO4J_URI, holding any catalog
"""

from __future__ import annotations

import sys
from typing import Any

from bench.api.statements import db_hits
from graph.connection import open_graph
from graph.queries.facets import FACETS, facets_statement
from graph.queries.selection import Selection
from graph.queries.statement import Limits
from graph.settings import load_settings

TWO_GOALS = ["Fairness", "Privacy"]
CASES: dict[str, dict[str, Any]] = {
    "no filter": {},
    "2 goals, conjunctive filter": {"where": {"goals": {"some": {"name": {"in": TWO_GOALS}}}}},
    "2 goals, facet selection": {"where": {"facets": {"goals": TWO_GOALS}}},
    "2 goals + model dependency": {
        "where": {"facets": {"goals": TWO_GOALS, "modelDependencies": ["Model-Agnostic"]}}
    },
    "2 goals + model dependency + attribute": {
        "where": {
            "facets": {
                "goals": TWO_GOALS,
                "modelDependencies": ["Model-Agnostic"],
                "attributes": [{"type": "Fairness Approach", "values": ["Group"]}],
            }
        }
    },
    "search 'model' + 2 goals": {
        "phrase": "model",
        "where": {"facets": {"goals": TWO_GOALS}},
    },
}


def selection(args: dict[str, Any]) -> Selection:
    children = tuple(Selection(name, {}) for name in ("total", *FACETS))
    return Selection("techniqueFacets", args, children)


def main() -> int:
    graph = open_graph(load_settings())
    try:
        techniques = graph.read("MATCH (t:Technique) RETURN count(t) AS n")[0]["n"]
        print(f"techniqueFacets, one statement each, over {techniques:,} techniques")
        print(f"{'case':42} {'db hits':>12}")
        for name, args in CASES.items():
            statement = facets_statement(selection(args), Limits())
            print(f"{name:42} {db_hits(graph, statement.text, statement.params):>12,}")
    finally:
        graph.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
