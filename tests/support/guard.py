"""Tests refuse to touch a database holding data they did not create.

The first test session on an empty database leaves a sentinel node there; later sessions
find it and know the data is theirs to wipe. Any other non-empty database is refused.
"""

from __future__ import annotations

from graph.connection import Graph

SENTINEL_LABEL = "CatalogTestSentinel"


class ForeignDatabase(Exception):
    """The database holds data the tests did not create."""


def claim_database(graph: Graph) -> None:
    owned = graph.read("MATCH (s:CatalogTestSentinel) RETURN count(s) AS n")[0]["n"]
    if owned:
        return
    nodes = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    if nodes:
        raise ForeignDatabase(
            f"refusing to run tests against {graph.settings.safe_uri} (database "
            f"{graph.database}): it holds {nodes} nodes the tests did not create. "
            "Point CATALOG_TEST_NEO4J_URI at an empty database, or use the test instance "
            "(`scripts/neo4j start test`)."
        )
    graph.write("CREATE (:CatalogTestSentinel {createdBy: 'pytest'})")


def wipe_test_data(graph: Graph) -> None:
    """Empty the graph but for the sentinel: each test starts from a clean graph."""
    graph.run_autocommit(
        "MATCH (n) WHERE NOT n:CatalogTestSentinel "
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
    )
