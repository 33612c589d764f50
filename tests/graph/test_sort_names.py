"""Names sort case-insensitively and accent-aware: by `sortName`, which every write of a name
sets (the API's writes with the name; bulk writers through `refresh_sort_names`)."""

from __future__ import annotations

import pytest

from graph.connection import Graph
from graph.keys import sort_name
from graph.queries import lists
from graph.queries.entities import GOAL, TAG
from graph.queries.selection import Selection
from graph.queries.statement import Limits
from graph.sort_names import refresh_sort_names
from graph.writes import taxonomy

NAMES = ["Zeta", "ANCHOR", "élan", "Adaptive Sampling", "Elan 2", "adversarial"]
ORDER = ["Adaptive Sampling", "adversarial", "ANCHOR", "élan", "Elan 2", "Zeta"]
LISTED = Selection("goals", {}, (Selection("name", {}),))


@pytest.mark.parametrize(
    ("name", "key"),
    [("ANCHOR", "anchor"), ("Élan", "elan"), ("  Straße  Ü ", "strasse u"), ("ﬁne", "fine")],
)
def test_a_sort_name_is_folded_case_and_accents(name: str, key: str) -> None:
    assert sort_name(name) == key


def test_names_written_through_the_api_sort_by_their_sort_names(graph: Graph) -> None:
    for name in NAMES:
        taxonomy.create_node(graph, taxonomy.GOAL_KIND, name, None, [], LISTED, Limits())
    listed = lists.fetch_list(graph, GOAL, LISTED, Limits())
    assert [g["name"] for g in listed] == ORDER
    descending = Selection("goals", {"sort": [{"name": "DESC"}]}, LISTED.children)
    assert [g["name"] for g in lists.fetch_list(graph, GOAL, descending, Limits())] == ORDER[::-1]


def test_a_bulk_write_gets_its_sort_names_from_one_refresh(graph: Graph) -> None:
    graph.write(
        "UNWIND $names AS name CREATE (:Tag {name: name, key: toLower(name)})", {"names": NAMES}
    )
    graph.write("MATCH (t:Tag {name: 'Zeta'}) SET t.sortName = 'stale'")
    assert refresh_sort_names(graph) == len(NAMES)
    assert refresh_sort_names(graph) == 0
    tags = Selection("tags", {}, (Selection("name", {}),))
    assert [t["name"] for t in lists.fetch_list(graph, TAG, tags, Limits())] == ORDER
