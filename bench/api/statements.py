"""What each system sends Neo4j for one request, and what Neo4j does with it (PROFILE).

- the API: the app run in this process (the same code `catalog serve` runs) over a `Graph`
  that records every statement with its parameters, so the count and the compiled Cypher
  are exactly what one request sends;
- @neo4j/graphql: its server's capture (`x-capture-cypher: 1`, see server.mjs);
- the floor: its one hand-written statement.

Each statement is then run once more under PROFILE and its operators' db hits summed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, cast

from starlette.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from bench.api.http_client import GraphQLClient
from graph.connection import Graph, Records

Sent = list[tuple[str, dict[str, Any]]]


class RecordingGraph(Graph):
    """The same driver as `graph`, remembering every read it runs with its parameters."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph.driver, graph.settings)
        self.sent: Sent = []

    def read(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> Records:
        self.sent.append((query, dict(params or {})))
        return super().read(query, params)

    def read_plain(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> Records:
        self.sent.append((query, dict(params or {})))
        return super().read_plain(query, params)


@dataclass
class InProcessApi:
    """The API app in this process, for its statements (never for timing)."""

    graph: RecordingGraph
    client: TestClient

    def statements(self, document: str, variables: dict[str, Any]) -> tuple[dict[str, Any], Sent]:
        self.graph.sent = []
        response = self.client.post("/graphql", json={"query": document, "variables": variables})
        answer = response.json()
        if response.status_code != 200 or answer.get("errors"):
            raise RuntimeError(f"the API refused the request: {response.text[:1000]}")
        return answer["data"], list(self.graph.sent)


@contextmanager
def in_process_api(settings: ApiSettings, graph: Graph) -> Iterator[InProcessApi]:
    """The app over `graph`, its lifespan running for the block."""
    recording = RecordingGraph(graph)
    # Without the warm-up (api/warmup.py), whose reads would count as the request's.
    quiet = settings.model_copy(update={"api_warmup": False})
    with TestClient(create_app(quiet, recording)) as client:
        yield InProcessApi(recording, client)


def node_statements(client: GraphQLClient, document: str, variables: dict[str, Any]) -> Sent:
    """The statements one request to the @neo4j/graphql server sent, with parameters."""
    answer = client.post(document, variables, {"x-capture-cypher": "1"}).json()
    return [(s["query"], s["params"]) for s in answer.get("extensions", {}).get("cypher", [])]


def _hits(plan: Mapping[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(_hits(child) for child in plan.get("children", []))


def db_hits(graph: Graph, query: str, params: dict[str, Any]) -> int:
    """Total db hits of every operator when Neo4j PROFILEs `query` (run once, read-only)."""
    profiled = cast(LiteralString, "PROFILE " + query)
    with graph.driver.session(database=graph.database) as session:
        summary = session.run(profiled, params).consume()
    return _hits(summary.profile or {})
