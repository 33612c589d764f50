"""The standing adversarial suite: families of hostile requests, each probe sent to the real
app on the test Neo4j (loopback only, in process), each expected to get a clear 4xx or a
GraphQL error, never a 5xx or an internal error.

Every family is a generator of probes (`probes.py`), parametrised so the count of each is
visible (`pytest tests/adversarial --collect-only -q`). CI runs the fixed probes; set
CATALOG_ADVERSARIAL_EXTRA=N to add N seeded random probes to each family (the longer mode;
CATALOG_ADVERSARIAL_SEED picks the seed). Other families (concurrency, kill -9) join here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph.connection import Graph


@pytest.fixture(scope="session")
def hostile(session_graph: Graph, api_settings: ApiSettings) -> Iterator[TestClient]:
    """The app over the test graph; server exceptions come back as responses, as a real
    server would send them, so a 500 fails the probe rather than the test run."""
    with TestClient(
        create_app(api_settings, session_graph), raise_server_exceptions=False
    ) as client:
        yield client
