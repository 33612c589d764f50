"""The API under `catalog serve` (real uvicorn): heavy GraphQL requests never hold the server's
event loop, so `/health` keeps answering while they run; and a credential put in a URL is
refused and never written to the access log."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from graphql import get_introspection_query

from support.commands import CATALOG, REPO_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    base: str
    log: Path


@pytest.fixture(scope="module")
def served(neo4j_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = free_port()
    log = tmp_path_factory.mktemp("served") / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(CATALOG), "serve", "--port", str(port)],
            cwd=REPO_ROOT,
            env={**os.environ, "NEO4J_URI": neo4j_server},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield Served(base, log)
    finally:
        server.terminate()
        server.wait(timeout=30)


def heavy_introspection(copies: int) -> str:
    """GraphiQL's introspection query `copies` times under aliases: within every limit, no
    Cypher at all, and seconds of pure Python (graphql-core) to answer."""
    text = get_introspection_query()
    operation, fragments = text.split("\nfragment", 1)
    body = operation.split("{", 1)[1].rsplit("}", 1)[0]
    aliased = " ".join(f"copy{i}: {body.strip()}" for i in range(copies))
    return "query Heavy { " + aliased + " }\nfragment" + fragments


def test_health_answers_while_heavy_requests_run(served: Served) -> None:
    heavy = {"query": heavy_introspection(9)}
    finished: list[float] = []

    def send_heavy() -> None:
        answer = httpx.post(f"{served.base}/graphql", json=heavy, timeout=300)
        assert answer.status_code == 200 and "copy8" in answer.json()["data"]
        finished.append(time.monotonic())

    senders = [threading.Thread(target=send_heavy) for _ in range(2)]
    for sender in senders:
        sender.start()
    answered: list[tuple[float, float]] = []  # (when answered, seconds taken)
    with httpx.Client(base_url=served.base, timeout=300) as client:
        while not finished and len(answered) < 2_000:
            sent = time.monotonic()
            assert client.get("/health").json() == {"status": "ok"}
            answered.append((time.monotonic(), time.monotonic() - sent))
            time.sleep(0.02)
    for sender in senders:
        sender.join(timeout=300)
    assert len(finished) == 2
    # A loop held by the heavy requests would answer /health at most once or twice before
    # the first of them finished (only between them); a free one answers throughout.
    before_first = [taken for at, taken in answered if at < min(finished)]
    print(
        f"/health answered {len(before_first)} times while the heavy requests ran, "
        f"median {sorted(before_first)[len(before_first) // 2] * 1000:.0f} ms, "
        f"slowest {max(before_first) * 1000:.0f} ms"
    )
    assert len(before_first) >= 5


def test_a_token_in_the_url_is_refused_and_not_written_to_the_access_log(
    served: Served,
) -> None:
    secret = "cat_" + "Zx9" * 15
    response = httpx.get(
        f"{served.base}/graphql", params={"query": "{ goals { name } }", "token": secret}
    )
    assert response.status_code == 400
    assert "Authorization: Bearer" in response.json()["errors"][0]["message"]
    elsewhere = httpx.get(f"{served.base}/health", params={"api_key": "k-12345", "x": secret})
    assert elsewhere.status_code == 200
    time.sleep(0.5)  # the access log is written after the response
    log = served.log.read_text("utf-8", "replace")
    assert "GET /graphql?" in log and "token=[REDACTED]" in log
    assert "api_key=[REDACTED]" in log
    assert secret not in log and "k-12345" not in log
