"""Tests never wipe a graph they did not fill themselves."""

from __future__ import annotations

import pytest

from graph.connection import Graph
from support.guard import ForeignDatabase, claim_database


def test_a_database_with_foreign_data_is_refused(graph: Graph) -> None:
    graph.write("MATCH (s:CatalogTestSentinel) DELETE s")
    graph.write("CREATE (:SomebodysData {precious: true})")
    try:
        with pytest.raises(ForeignDatabase, match="holds 1 nodes the tests did not create"):
            claim_database(graph)
    finally:
        graph.write("MATCH (n:SomebodysData) DELETE n")
        claim_database(graph)
    assert graph.read("MATCH (s:CatalogTestSentinel) RETURN count(s) AS n") == [{"n": 1}]


def test_an_empty_database_is_claimed_with_a_sentinel(graph: Graph) -> None:
    graph.write("MATCH (s:CatalogTestSentinel) DELETE s")
    claim_database(graph)
    claim_database(graph)
    assert graph.read("MATCH (s:CatalogTestSentinel) RETURN count(s) AS n") == [{"n": 1}]
