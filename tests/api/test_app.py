"""The process around the API: /health, /ready (and when it is not ready), GraphiQL, and the
`serve` command running the real app under uvicorn."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from api import health as health_module
from api.app import create_app
from api.settings import load_api_settings
from graph.connection import Graph, open_graph
from graph.settings import Settings
from support.api_client import ApiClient
from support.commands import CATALOG, REPO_ROOT


def test_health_answers_while_the_process_is_up(api: ApiClient) -> None:
    response = api.http.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_ready_when_neo4j_answers_the_schema_is_installed_and_no_load_is_unfinished(
    api: ApiClient,
) -> None:
    response = api.http.get("/ready")
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "checks": {"neo4j": "ok", "schema": "ok", "loads": "ok"},
    }


@pytest.fixture
def incomplete_run(catalog: Graph) -> Iterator[str]:
    """A migration that marked itself running and never finished, removed afterwards."""
    catalog.write(
        "CREATE (:MigrationRun {runId: 'run-in-flight', source: 'legacy.db', state: 'running', "
        "startedAt: '2025-07-01T10:00:00Z'})"
    )
    try:
        yield "run-in-flight"
    finally:
        catalog.write("MATCH (m:MigrationRun {runId: 'run-in-flight'}) DELETE m")


def test_not_ready_while_a_migration_is_running(api: ApiClient, incomplete_run: str) -> None:
    response = api.http.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    assert incomplete_run in body["checks"]["loads"]
    assert body["checks"]["schema"] == "ok"


def test_not_ready_while_an_index_is_missing(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health_module, "missing_schema", lambda graph: ["techniqueText"])
    response = api.http.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["schema"] == "missing: techniqueText"


def test_not_ready_when_neo4j_cannot_be_reached(settings: Settings) -> None:
    unreachable = load_api_settings(NEO4J_URI="bolt://127.0.0.1:1")
    graph = open_graph(unreachable)
    try:
        with TestClient(create_app(unreachable, graph)) as client:
            response = client.get("/ready")
            assert response.status_code == 503
            assert response.json() == {"ready": False, "checks": {"neo4j": "unreachable"}}
            assert client.get("/health").status_code == 200
    finally:
        graph.close()


def test_graphiql_is_served_to_a_browser(api: ApiClient) -> None:
    response = api.http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_runs_the_api_under_uvicorn_until_stopped(api: ApiClient) -> None:
    port = free_port()
    server = subprocess.Popen(
        [str(CATALOG), "serve", "--port", str(port)],
        cwd=REPO_ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        answer = httpx.post(
            f"{base}/graphql", json={"query": '{ goal(name: "Fairness") { name } }'}
        ).json()
        assert answer == {"data": {"goal": {"name": "Fairness"}}}
        assert httpx.get(f"{base}/ready").json()["ready"] is True
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    # uvicorn shuts down cleanly (lifespan closes the driver), then re-raises the signal.
    assert server.returncode in (0, -signal.SIGTERM), stderr
    assert "Application shutdown complete" in stderr
    assert f"GraphQL: http://127.0.0.1:{port}/graphql" in stdout


def test_the_frontends_origin_may_call_the_api_from_a_browser(session_graph: Graph) -> None:
    settings = load_api_settings(API_CORS_ORIGINS="http://localhost:3000, https://catalog.example")
    with TestClient(create_app(settings, session_graph)) as client:
        allowed = client.options(
            "/graphql",
            headers={
                "Origin": "https://catalog.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        other = client.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://catalog.example"
    assert "access-control-allow-origin" not in other.headers
