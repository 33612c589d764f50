"""The warm-up: the contract's reads run once before `/ready` says ready, and again after
Neo4j comes back (the restart itself is in tests/api_write/test_restart.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.graphiql import CONTRACT
from api.settings import load_api_settings
from api.warmup import warmup_operations, with_slugs
from graph.connection import Graph, open_graph
from graph.settings import Settings

CONTRACT_TEXT = CONTRACT.read_text(encoding="utf-8")


def test_every_contract_query_is_warmed_with_placeholders_for_its_required_variables() -> None:
    operations = {op.name: op.variables for op in warmup_operations(CONTRACT_TEXT)}
    assert operations["TechniqueList"] == {}
    assert operations["TechniqueDetail"] == {"slug": "warmup"}
    assert operations["AttributeSchema"] == {"goals": []}
    assert not {"CreateTechnique", "UpdateTechnique", "DeleteTechnique"} & set(operations)
    assert len(operations) == CONTRACT_TEXT.count("\nquery ") + CONTRACT_TEXT.startswith("query ")


def test_a_query_whose_input_cannot_be_made_up_is_left_out() -> None:
    text = (
        "query A($w: TechniqueWhere!) { techniques(where: $w) { slug } } query B { goals { name } }"
    )
    assert [op.name for op in warmup_operations(text)] == ["B"]


def test_the_contract_s_slug_variables_get_real_slugs() -> None:
    variables = {"slug": "warmup", "slugs": [], "goals": []}
    assert with_slugs(variables, ["a", "b"]) == {"slug": "a", "slugs": ["a", "b"], "goals": []}
    assert with_slugs(variables, []) == variables


def ready_within(client: TestClient, seconds: float) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        body: dict[str, Any] = client.get("/ready").json()
        if body["ready"] or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


@pytest.fixture
def statements(catalog: Graph) -> Iterator[list[str]]:
    seen: list[str] = []
    catalog.add_listener(seen.append)
    yield seen
    catalog.remove_listener(seen.append)


def test_ready_only_once_the_contract_reads_ran(catalog: Graph, statements: list[str]) -> None:
    settings = load_api_settings(API_WARMUP="true", API_WARMUP_POLL_SECONDS="0.2")
    with TestClient(create_app(settings, catalog)) as client:
        body = ready_within(client, 60)
    assert body["ready"] is True, body
    assert body["checks"]["warm-up"] == "ok"
    assert body["warmUp"]["runs"] == 1
    # With the catalog's own slugs for `slug` and `slugs`, no read stops before its Cypher.
    assert body["warmUp"]["problems"] == []
    # Each contract read ran its Cypher: far more statements than readiness's own checks.
    # Each read the warm-up made ran Cypher of its own, besides readiness's checks; a read
    # that a rule refuses for its placeholder (an empty slug) is reported, not fatal.
    readiness = ("RETURN 1", "SHOW ", "MATCH (m:MigrationRun)")
    warmed = {s for s in statements if not s.lstrip().startswith(readiness)}
    operations = warmup_operations(CONTRACT_TEXT)
    assert len(warmed) >= len(operations) - len(body["warmUp"]["problems"])
    assert all(": " in problem for problem in body["warmUp"]["problems"])


def test_unready_and_waiting_while_neo4j_cannot_be_reached(settings: Settings) -> None:
    unreachable = load_api_settings(
        NEO4J_URI="bolt://127.0.0.1:1", API_WARMUP="true", API_WARMUP_POLL_SECONDS="0.2"
    )
    graph = open_graph(unreachable)
    try:
        with TestClient(create_app(unreachable, graph)) as client:
            time.sleep(0.5)
            response = client.get("/ready")
            assert response.status_code == 503
            body = response.json()
            assert body["checks"] == {"neo4j": "unreachable", "warm-up": "waiting for neo4j"}
            assert body["warmUp"]["runs"] == 0
            assert client.get("/health").status_code == 200
    finally:
        graph.close()
