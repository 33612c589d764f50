"""The test suite runs against a real Neo4j: its own instance, started once per run.

NEO4J_URI is pointed at the `test` instance of `scripts/neo4j` (bolt port 7689) before any
settings are read, so a test can never reach the main graph by accident. Set
CATALOG_TEST_NEO4J_URI to use another (empty) server instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

TEST_INSTANCE = "test"
TEST_INSTANCE_URI = "bolt://127.0.0.1:7689"
os.environ["NEO4J_URI"] = os.environ.get("CATALOG_TEST_NEO4J_URI", TEST_INSTANCE_URI)
# The API's warm-up (api/warmup.py) polls Neo4j in the background of every served app; tests
# wipe and reload the graph under it, so it runs only where a test turns it on to test it.
os.environ.setdefault("API_WARMUP", "false")

from api.settings import ApiSettings, load_api_settings  # noqa: E402
from graph.connection import Graph, open_graph  # noqa: E402
from graph.settings import Settings, load_settings  # noqa: E402
from support.commands import neo4j_script  # noqa: E402
from support.guard import claim_database, wipe_test_data  # noqa: E402
from support.legacy import BUNDLED_SQL, sqlite_from_sql  # noqa: E402


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def api_settings() -> ApiSettings:
    """The API's settings: the test graph's and the HTTP side's defaults."""
    return load_api_settings()


@pytest.fixture(scope="session")
def neo4j_server() -> str:
    """The test server's URI, started here unless CI or the test command already did."""
    if "CATALOG_TEST_NEO4J_URI" not in os.environ:
        started = neo4j_script("start", TEST_INSTANCE)
        assert started.returncode == 0, started.stderr
    return os.environ["NEO4J_URI"]


@pytest.fixture(scope="session")
def session_graph(neo4j_server: str, settings: Settings) -> Iterator[Graph]:
    graph = open_graph(settings)
    graph.verify()
    claim_database(graph)
    yield graph
    graph.close()


@pytest.fixture
def graph(session_graph: Graph) -> Graph:
    """A clean graph for this test (the sentinel node aside)."""
    wipe_test_data(session_graph)
    return session_graph


@pytest.fixture
def bundled_sqlite(tmp_path: Path) -> Path:
    """The bundled catalog (data/catalog-2025-07.sql) as a SQLite file of its own."""
    return sqlite_from_sql(tmp_path / "catalog-2025-07.db", BUNDLED_SQL.read_text("utf-8"))
