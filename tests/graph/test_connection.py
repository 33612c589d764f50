"""The driver talks to the real server: nodes round-trip, errors name the setting to fix."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from graph.connection import Graph, connected
from graph.errors import ConfigError, GraphAuthError, GraphError, GraphUnavailable
from graph.settings import Settings


def test_a_node_round_trips_with_its_properties(graph: Graph) -> None:
    graph.write(
        "CREATE (:RoundTrip {name: $name, count: $count, tags: $tags})",
        {"name": "Équité / 公平性 ✓", "count": 42, "tags": ["a", "b"]},
    )
    rows = graph.read("MATCH (n:RoundTrip) RETURN n.name AS name, n.count AS count, n.tags AS tags")
    assert rows == [{"name": "Équité / 公平性 ✓", "count": 42, "tags": ["a", "b"]}]


def test_a_write_transaction_that_fails_leaves_nothing_behind(graph: Graph) -> None:
    def create_then_fail(tx):  # type: ignore[no-untyped-def]
        tx.run("CREATE (:Partial {n: 1})")
        tx.run("RETURN 1 / 0")

    with pytest.raises(GraphError, match=r"/ by zero|division"):
        graph.write_tx(create_then_fail)
    assert graph.read("MATCH (n:Partial) RETURN count(n) AS n") == [{"n": 0}]


def test_a_wrong_password_is_refused_with_the_settings_to_fix(settings: Settings) -> None:
    wrong = settings.model_copy(update={"neo4j_password": SecretStr("not-the-password")})
    with pytest.raises(GraphAuthError, match="NEO4J_PASSWORD") as error, connected(wrong):
        pass
    assert "not-the-password" not in str(error.value)


def test_an_unreachable_server_names_neo4j_uri(settings: Settings) -> None:
    nowhere = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:1"})
    with pytest.raises(GraphUnavailable, match="NEO4J_URI"), connected(nowhere):
        pass


def test_a_missing_database_names_neo4j_database(settings: Settings) -> None:
    missing = settings.model_copy(update={"neo4j_database": "nosuchdb"})
    with pytest.raises(ConfigError, match="NEO4J_DATABASE"), connected(missing):
        pass


def test_the_routing_scheme_works_unchanged_on_a_single_server(settings: Settings) -> None:
    routed = settings.model_copy(update={"neo4j_uri": settings.neo4j_uri.replace("bolt", "neo4j")})
    with connected(routed) as graph:
        assert graph.read("RETURN 1 AS one") == [{"one": 1}]
