"""Prometheus metrics at `/metrics` (docs/api.md, metrics), on a registry of the app's own.

Counted in this process: GraphQL operations by name and outcome, their latency, answers served
from the caches, persisted-query refusals, Bolt statements sent, requests in flight. Read from
the graph at scrape time: migration runs by state and the catalog version, because `catalog
migrate` runs in another process and records its runs there.

The driver publishes no pool statistics, so the pool shows as what it is configured to allow
(`catalog_neo4j_pool_max_connections`) and, beside it, the requests in flight that share it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any, LiteralString

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.types import ExecutionContext

from api.observe import outcome_of
from api.persisted import GraphQLRequest
from graph.catalog_version import read_version
from graph.connection import Graph
from graph.errors import CatalogError

# The driver's default pool size (neo4j.GraphDatabase.driver's max_connection_pool_size),
# which graph/connection.py leaves as it is.
DRIVER_POOL_SIZE = 100
MAX_OPERATION_NAMES = 200
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

_RUNS: LiteralString = "MATCH (r:MigrationRun) RETURN r.state AS state, count(*) AS runs"


class GraphCollector(Collector):
    """Migration runs and the catalog version, read when Prometheus scrapes."""

    def __init__(self, graph: Callable[[], Graph | None]) -> None:
        self.graph = graph

    def collect(self) -> Iterable[Metric]:
        runs = GaugeMetricFamily(
            "catalog_migration_runs",
            "MigrationRun records in the graph by state (running, complete, failed)",
            labels=["state"],
        )
        version = GaugeMetricFamily(
            "catalog_version", "The catalog version (bumped by every write; 0 before the first)"
        )
        up = GaugeMetricFamily("catalog_graph_up", "1 when the graph answered this scrape")
        graph = self.graph()
        try:
            if graph is None:
                raise CatalogError("no graph yet")
            for row in graph.read(_RUNS):
                runs.add_metric([str(row["state"])], row["runs"])
            current = read_version(graph)
            version.add_metric([], current.number if current else 0)
            up.add_metric([], 1)
        except CatalogError:
            up.add_metric([], 0)
            return [up]
        return [runs, version, up]

    def describe(self) -> Iterable[Metric]:
        # Described without reading the graph, so registering it sends no statement.
        return []


class ApiMetrics:
    """The app's metrics and the hooks that feed them."""

    def __init__(self, graph: Callable[[], Graph | None]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._names: set[str] = set()
        self.requests = Counter(
            "catalog_api_requests",
            "GraphQL operations answered, by operation name and outcome "
            "(ok, error, refused, cached, not-modified, or a persisted-query error code)",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "catalog_api_request_seconds",
            "Time strawberry took to run a GraphQL operation, by operation name",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.statements = Counter(
            "catalog_bolt_statements",
            "Cypher statements sent to Neo4j by this process",
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "catalog_api_requests_in_flight",
            "HTTP requests being answered (they share the driver's connection pool)",
            registry=self.registry,
        )
        pool = Gauge(
            "catalog_neo4j_pool_max_connections",
            "Connections the driver's pool may open to Neo4j",
            registry=self.registry,
        )
        pool.set(DRIVER_POOL_SIZE)
        self.registry.register(GraphCollector(graph))

    def count_statement(self, _query: str) -> None:
        """A `Graph` listener."""
        self.statements.inc()

    def _label(self, name: str | None) -> str:
        # Operation names come from clients: a bounded set of labels, so a client inventing
        # names cannot grow the registry without end.
        if not name:
            return "anonymous"
        if name in self._names:
            return name
        if len(self._names) >= MAX_OPERATION_NAMES or len(name) > 100:
            return "other"
        self._names.add(name)
        return name

    def operation(self, name: str | None, outcome: str, seconds: float | None = None) -> None:
        label = self._label(name)
        self.requests.labels(label, outcome).inc()
        if seconds is not None:
            self.latency.labels(label).observe(seconds)

    def served(self, request: GraphQLRequest, outcome: str) -> None:
        """An answer from the HTTP cache (`cached`, `not-modified`)."""
        self.operation(request.operation_name, outcome)

    async def endpoint(self, request: Request) -> Response:
        # The format the scraper asks for (text or OpenMetrics); the collector reads the
        # graph, so off the event loop.
        encoder, content_type = choose_encoder(request.headers.get("accept", ""))
        body = await asyncio.to_thread(encoder, self.registry)
        return Response(body, headers={"content-type": content_type})


class InFlight:
    """Counts the HTTP requests in flight."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self.metrics.in_flight.dec()


def metrics_of(context: Any) -> ApiMetrics | None:
    request = getattr(context, "request", None)
    if request is None:
        return None
    metrics = getattr(request.app.state, "metrics", None)
    return metrics if isinstance(metrics, ApiMetrics) else None


def record_operation(execution_context: ExecutionContext, seconds: float) -> None:
    """Count and time an operation that took `seconds`, with the request log's outcome; run
    when the operation ends (api/operation_hooks.py)."""
    context = execution_context.context
    metrics = metrics_of(context)
    if metrics is not None:
        outcome = outcome_of(context, execution_context.result)
        metrics.operation(execution_context.operation_name, outcome, seconds)
