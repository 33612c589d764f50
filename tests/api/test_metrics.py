"""Prometheus metrics at /metrics over the real app, and OpenTelemetry tracing when asked for."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from api.app import create_app
from api.metrics import MAX_OPERATION_NAMES, ApiMetrics
from api.settings import ApiSettings
from graph.catalog_version import read_version
from graph.connection import Graph
from graph.errors import ConfigError


def samples(http: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = http.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=")
    found = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def requests(found: dict, operation: str, outcome: str) -> float:  # type: ignore[type-arg]
    key = ("catalog_api_requests_total", (("operation", operation), ("outcome", outcome)))
    return float(found.get(key, 0.0))


def test_operations_are_counted_by_name_and_outcome_and_timed(
    http: TestClient, catalog: Graph
) -> None:
    before = samples(http)
    http.post("/graphql", json={"query": "query MetricsOk { goals { name } }"})
    http.post("/graphql", json={"query": "query MetricsBad { nope }"})
    after = samples(http)
    assert requests(after, "MetricsOk", "ok") == requests(before, "MetricsOk", "ok") + 1
    assert requests(after, "MetricsBad", "error") == requests(before, "MetricsBad", "error") + 1
    count = ("catalog_api_request_seconds_count", (("operation", "MetricsOk"),))
    assert after[count] == before.get(count, 0) + 1
    assert (
        after[("catalog_bolt_statements_total", ())] > before[("catalog_bolt_statements_total", ())]
    )
    assert after[("catalog_api_requests_in_flight", ())] >= 1  # the scrape itself
    assert after[("catalog_neo4j_pool_max_connections", ())] > 0


def test_persisted_query_misses_are_counted(http: TestClient, catalog: Graph) -> None:
    before = samples(http)
    unknown = {"persistedQuery": {"version": 1, "sha256Hash": "f" * 64}}
    http.post("/graphql", json={"extensions": unknown})
    after = samples(http)
    outcome = "persisted_query_not_found"
    assert requests(after, "anonymous", outcome) == requests(before, "anonymous", outcome) + 1


def test_migration_runs_and_the_catalog_version_are_read_from_the_graph(
    http: TestClient, catalog: Graph
) -> None:
    found = samples(http)
    runs = {
        row["state"]: row["n"]
        for row in catalog.read("MATCH (r:MigrationRun) RETURN r.state AS state, count(*) AS n")
    }
    assert runs.get("complete", 0) >= 1
    for state, n in runs.items():
        assert found[("catalog_migration_runs", (("state", state),))] == n
    version = read_version(catalog)
    assert version is not None
    assert found[("catalog_version", ())] == version.number
    assert found[("catalog_graph_up", ())] == 1


def test_operation_names_from_clients_are_a_bounded_set_of_labels() -> None:
    metrics = ApiMetrics(lambda: None)
    for i in range(MAX_OPERATION_NAMES + 50):
        metrics.operation(f"Invented{i}", "ok")
    metrics.operation("x" * 500, "ok")
    labels = {
        sample.labels["operation"]
        for family in metrics.registry.collect()
        if family.name == "catalog_api_requests"
        for sample in family.samples
        if "operation" in sample.labels
    }
    assert len(labels) == MAX_OPERATION_NAMES + 1 and "other" in labels


def test_a_scrape_without_a_graph_says_so_rather_than_fail() -> None:
    metrics = ApiMetrics(lambda: None)
    families = {family.name: family for family in metrics.registry.collect()}
    assert families["catalog_graph_up"].samples[0].value == 0


def test_metrics_can_be_turned_off(session_graph: Graph, api_settings: ApiSettings) -> None:
    off = api_settings.model_copy(update={"api_metrics": False})
    with TestClient(create_app(off, session_graph)) as client:
        assert client.get("/metrics").status_code == 404
        assert client.get("/health").status_code == 200


# --- tracing ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    yield exporter


def test_tracing_is_off_unless_asked_for(
    session_graph: Graph, api_settings: ApiSettings, spans: InMemorySpanExporter
) -> None:
    spans.clear()
    with TestClient(create_app(api_settings, session_graph)) as client:
        client.get("/health")
    assert spans.get_finished_spans() == ()


def test_with_tracing_on_each_request_is_a_span(
    session_graph: Graph, api_settings: ApiSettings, spans: InMemorySpanExporter
) -> None:
    spans.clear()
    traced = api_settings.model_copy(update={"api_tracing": True})
    with TestClient(create_app(traced, session_graph)) as client:
        client.post("/graphql", json={"query": "query Traced { goals { name } }"})
    names = [span.name for span in spans.get_finished_spans()]
    assert any(name.startswith("POST /graphql") for name in names), names


def test_tracing_without_opentelemetry_installed_says_what_to_install(
    api_settings: ApiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.instrumentation.asgi", None)
    traced = api_settings.model_copy(update={"api_tracing": True})
    with pytest.raises(ConfigError, match=r"assurance-catalog\[tracing\]"):
        create_app(traced)
