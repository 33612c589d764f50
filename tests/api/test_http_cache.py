"""GET queries answered with ETag and Cache-Control (304 on If-None-Match), static files with
Cache-Control, and the in-process answer cache of persisted reads, bounded."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.http_cache import Answer, AnswerCache, matches
from api.settings import load_api_settings
from graph.catalog_version import bump, read_version
from graph.connection import Graph, open_graph

GOALS = "query Goals { goals { name } }"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(text: str) -> str:
    return json.dumps({"persistedQuery": {"version": 1, "sha256Hash": sha(text)}})


def metric(http: TestClient, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    prefix = f"{name}{{{wanted}}} " if labels else f"{name} "
    for line in http.get("/metrics").text.splitlines():
        if line.startswith(prefix):
            return float(line.split()[-1])
    return 0.0


def statements_during(http: TestClient, action: Callable[[], object]) -> float:
    """Cypher statements sent while `action` ran (a scrape's own reads taken out)."""
    first = metric(http, "catalog_bolt_statements_total")
    second = metric(http, "catalog_bolt_statements_total")
    action()
    third = metric(http, "catalog_bolt_statements_total")
    return (third - second) - (second - first)


def test_a_get_query_carries_an_etag_and_cache_control(http: TestClient, catalog: Graph) -> None:
    answer = http.get("/graphql", params={"query": GOALS})
    assert answer.status_code == 200
    assert answer.headers["etag"].startswith('W/"')
    assert answer.headers["cache-control"] == "public, no-cache"
    assert "Authorization" in answer.headers["vary"]


def test_if_none_match_answers_304_with_no_body_and_runs_nothing(
    http: TestClient, catalog: Graph
) -> None:
    first = http.get("/graphql", params={"query": GOALS})
    seen: list[Any] = []

    def revalidate() -> None:
        headers = {"if-none-match": first.headers["etag"]}
        seen.append(http.get("/graphql", params={"query": GOALS}, headers=headers))

    # One statement: the version read; the query itself did not run.
    assert statements_during(http, revalidate) == 1
    (again,) = seen
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    listed = http.get(
        "/graphql",
        params={"query": GOALS},
        headers={"if-none-match": f'"other", {first.headers["etag"].removeprefix("W/")}'},
    )
    assert listed.status_code == 304


def test_the_etag_follows_the_request_and_the_catalog_version(
    http: TestClient, catalog: Graph
) -> None:
    slug = catalog.read("MATCH (t:Technique) RETURN t.slug AS s ORDER BY s LIMIT 2")
    detail = "query D($slug: String!) { technique(slug: $slug) { name } }"

    def tag(**params: Any) -> str:
        encoded = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
        return str(http.get("/graphql", params={"query": detail, **encoded}).headers["etag"])

    one, two = ({"slug": row["s"]} for row in slug)
    assert tag(variables=one) == tag(variables=one)
    assert tag(variables=one) != tag(variables=two)
    auth = http.get(
        "/graphql", params={"query": GOALS}, headers={"authorization": "Bearer someone"}
    )
    assert auth.headers["cache-control"].startswith("private")
    assert auth.headers["etag"] != http.get("/graphql", params={"query": GOALS}).headers["etag"]

    before = tag(variables=one)
    bump(catalog)
    after = tag(variables=one)
    assert after != before
    stale = http.get("/graphql", params={"query": GOALS}, headers={"if-none-match": before})
    assert stale.status_code == 200


def test_errors_and_refused_requests_carry_no_etag(http: TestClient, catalog: Graph) -> None:
    for params in (
        {"query": "{ nope }"},
        {"query": 'mutation { createTag(name: "x") { __typename } }'},
    ):
        answer = http.get("/graphql", params=params)
        assert "etag" not in answer.headers, (params, answer.status_code)


def test_a_graph_without_a_version_is_answered_uncached(http: TestClient, catalog: Graph) -> None:
    catalog.write("MATCH (v:CatalogVersion) DETACH DELETE v")
    try:
        answer = http.get("/graphql", params={"query": GOALS})
        assert answer.status_code == 200 and "etag" not in answer.headers
    finally:
        bump(catalog)


def test_static_files_and_the_page_carry_cache_control(http: TestClient) -> None:
    assert http.get("/static/app.js").headers["cache-control"] == "public, max-age=3600"
    assert http.get("/browser/style.grass").headers["cache-control"] == "public, max-age=3600"
    assert http.get("/").headers["cache-control"] == "no-cache"
    etag = http.get("/static/app.js").headers["etag"]
    revalidated = http.get("/static/app.js", headers={"if-none-match": etag})
    assert revalidated.status_code == 304
    assert revalidated.headers["cache-control"] == "public, max-age=3600"


def test_a_persisted_read_is_answered_from_memory_until_the_version_moves(
    http: TestClient, catalog: Graph
) -> None:
    text = "query CachedGoals { goals { name description } }"
    by_hash = {"extensions": json.loads(persisted(text)), "operationName": "CachedGoals"}
    http.post("/graphql", json={**by_hash, "query": text})  # as Apollo after a miss
    hits = metric(http, "catalog_api_requests_total", operation="CachedGoals", outcome="cached")
    answers: list[Any] = []

    def ask_twice() -> None:
        answers.extend(http.post("/graphql", json=by_hash) for _ in range(2))

    # Only the version reads reached Neo4j: both answers came from memory.
    assert statements_during(http, ask_twice) == 2
    first, second = answers
    assert first.json() == second.json() and first.json()["data"]["goals"]
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    after = metric(http, "catalog_api_requests_total", operation="CachedGoals", outcome="cached")
    assert after - hits == 2

    version = read_version(catalog)
    bump(catalog)
    ok = metric(http, "catalog_api_requests_total", operation="CachedGoals", outcome="ok")
    third = http.post("/graphql", json=by_hash)
    assert third.json() == first.json()
    assert read_version(catalog) != version
    # The answer after the bump was computed, not served from memory.
    assert (
        metric(http, "catalog_api_requests_total", operation="CachedGoals", outcome="ok") == ok + 1
    )


# --- the answer cache's bounds (pure) ---------------------------------------------------------


def answer(size: int) -> Answer:
    return Answer(200, b"application/json", b"x" * size)


def test_the_answer_cache_drops_the_least_recently_used_beyond_its_entries() -> None:
    cache = AnswerCache(entries=2, max_bytes=1_000)
    cache.put("v1", "a", answer(10))
    cache.put("v1", "b", answer(10))
    assert cache.get("v1", "a") is not None  # a is now the most recently used
    cache.put("v1", "c", answer(10))
    assert cache.get("v1", "b") is None
    assert cache.get("v1", "a") is not None and cache.get("v1", "c") is not None
    assert len(cache) == 2 and cache.bytes == 20


def test_the_answer_cache_stays_within_its_bytes() -> None:
    cache = AnswerCache(entries=100, max_bytes=250)
    for key in "abcde":
        cache.put("v1", key, answer(100))
    assert cache.bytes <= 250 and len(cache) == 2
    cache.put("v1", "huge", answer(251))
    assert cache.get("v1", "huge") is None


def test_the_answer_cache_forgets_everything_when_the_version_moves() -> None:
    cache = AnswerCache(entries=10, max_bytes=1_000)
    cache.put("v1", "a", answer(10))
    assert cache.get("v2", "a") is None
    assert len(cache) == 0 and cache.bytes == 0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('W/"abc"', True),
        ('"abc"', True),
        ('"x", W/"abc"', True),
        ("*", True),
        ('"abd"', False),
        ("", False),
    ],
)
def test_if_none_match_is_compared_weakly(header: str, expected: bool) -> None:
    assert matches(header, 'W/"abc"') is expected


def test_with_neo4j_unreachable_the_caches_step_aside_and_nothing_answers_500() -> None:
    unreachable = load_api_settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_MAX_RETRY_TIME=0)
    graph = open_graph(unreachable)
    try:
        with TestClient(create_app(unreachable, graph)) as client:
            by_get = client.get("/graphql", params={"query": GOALS})
            assert by_get.status_code == 200 and "etag" not in by_get.headers
            assert by_get.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            unknown = {"persistedQuery": {"version": 1, "sha256Hash": "e" * 64}}
            by_hash = client.post("/graphql", json={"extensions": unknown})
            assert by_hash.status_code == 503
            assert by_hash.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert "catalog_graph_up 0.0" in client.get("/metrics").text
    finally:
        graph.close()
