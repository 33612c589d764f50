"""Neo4j stops and starts again under a running API: /ready turns unready, requests fail
cleanly and quickly, and the API recovers by itself, with no restart of its own."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from graph.connection import connected
from graph.schema import install_schema
from graph.settings import load_settings
from support.commands import CATALOG, REPO_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


INSTANCE = "apirestart"
PORTS = {"NEO4J_BOLT_PORT": str(free_port()), "NEO4J_HTTP_PORT": str(free_port())}
SMALL = {"NEO4J_HEAP": "512m", "NEO4J_PAGECACHE": "128m"}
URI = f"bolt://127.0.0.1:{PORTS['NEO4J_BOLT_PORT']}"
QUERY = {"query": "{ goals { name } }"}


def instance(command: str) -> None:
    result = subprocess.run(
        [str(REPO_ROOT / "scripts" / "neo4j"), command, INSTANCE],
        env={**os.environ, **PORTS, **SMALL},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def wait_for(condition: Any, timeout: float) -> float:
    """Seconds until `condition()` holds; fails after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout}s")


def ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/ready", timeout=15).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture
def api_on_own_neo4j() -> Iterator[str]:
    instance("start")
    with connected(load_settings(NEO4J_URI=URI)) as graph:
        install_schema(graph)
    port = free_port()
    server = subprocess.Popen(
        [str(CATALOG), "serve", "--port", str(port)],
        cwd=REPO_ROOT,
        env={**os.environ, "NEO4J_URI": URI, "API_WARMUP": "true", "API_WARMUP_POLL_SECONDS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: ready(base), 60)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        instance("reset")


@pytest.mark.slow
def test_the_api_turns_unready_fails_cleanly_and_recovers_when_neo4j_restarts(
    api_on_own_neo4j: str,
) -> None:
    base = api_on_own_neo4j
    assert httpx.post(f"{base}/graphql", json=QUERY).json() == {"data": {"goals": []}}
    assert httpx.get(f"{base}/ready").json()["warmUp"]["runs"] == 1

    instance("stop")
    unready_after = wait_for(lambda: not ready(base), 30)
    started = time.monotonic()
    answer = httpx.post(f"{base}/graphql", json=QUERY, timeout=60).json()
    failed_in = time.monotonic() - started
    assert answer["data"] is None
    (error,) = answer["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "Traceback" not in str(answer) and "bolt://" not in str(answer)
    assert failed_in < 30

    instance("start")
    recovered_after = wait_for(lambda: ready(base), 60)
    assert httpx.post(f"{base}/graphql", json=QUERY).json() == {"data": {"goals": []}}
    # Ready again only after the contract's reads were planned on the restarted Neo4j.
    warm = httpx.get(f"{base}/ready").json()["warmUp"]
    assert (warm["state"], warm["runs"]) == ("ok", 2)
    print(
        f"restart: unready {unready_after:.1f}s after the stop, a request failed cleanly in "
        f"{failed_in:.1f}s, ready {recovered_after:.1f}s after the start"
    )
