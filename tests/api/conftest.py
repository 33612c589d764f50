"""The API's tests share one migrated bundled catalog and one app, read-only.

`catalog` migrates the bundled catalog into the test graph the first time a test needs it,
and again only when the graph no longer holds exactly that migration (a test elsewhere wiped
it, or a scale test loaded another catalog): checking costs one small query per test,
migrating costs seconds. Tests that change the graph either restore it (`incomplete_run`) or
use the wiping `graph` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph.connection import Graph
from support.api_catalog import load_catalog
from support.api_client import ApiClient
from support.api_legacy import LegacyCatalog
from support.legacy import BUNDLED_SQL, sqlite_from_sql

SHAPE = """
OPTIONAL MATCH (m:MigrationRun {runId: $runId, state: 'complete'})
RETURN count(m) AS runs, COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[r]->() } AS links
"""


@pytest.fixture(scope="session")
def bundled_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("legacy") / "catalog-2025-07.db"
    return sqlite_from_sql(path, BUNDLED_SQL.read_text("utf-8"))


@pytest.fixture(scope="session")
def bundled_db(bundled_source: Path) -> Path:
    """The source the `catalog` fixture migrates (a module may override it)."""
    return bundled_source


@pytest.fixture(scope="session")
def legacy(bundled_db: Path) -> LegacyCatalog:
    return LegacyCatalog(bundled_db)


_loaded: dict[str, Any] = {}


@pytest.fixture
def catalog(session_graph: Graph, bundled_db: Path) -> Graph:
    """The test graph holding the migrated bundled catalog (migrated when it does not)."""
    shape = session_graph.read(SHAPE, {"runId": _loaded.get("runId", "")})[0]
    stale = (shape["nodes"], shape["links"]) != _loaded.get("size")
    if not shape["runs"] or stale or _loaded.get("source") != bundled_db:
        _loaded["runId"] = load_catalog(session_graph, bundled_db)
        _loaded["source"] = bundled_db
        shape = session_graph.read(SHAPE, {"runId": _loaded["runId"]})[0]
        _loaded["size"] = (shape["nodes"], shape["links"])
    return session_graph


@pytest.fixture(scope="session")
def http(session_graph: Graph, api_settings: ApiSettings) -> Iterator[TestClient]:
    """The real ASGI app (lifespan included) over the test graph."""
    with TestClient(create_app(api_settings, session_graph)) as client:
        yield client


@pytest.fixture
def api(http: TestClient, catalog: Graph) -> ApiClient:
    """A client of the app serving the migrated bundled catalog."""
    return ApiClient(http, catalog)
