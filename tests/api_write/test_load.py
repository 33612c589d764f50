"""A short fixed-rate load (bench/api/fixed_rate.py) on a real uvicorn: every request sent
answers without an error. Its percentiles are printed, never judged (a shared machine's load
decides them; docs/benchmarks.md has the figures)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api.app import create_app
from api.settings import ApiSettings
from bench.api.fixed_rate import run_load
from graph.connection import Graph
from support.write_client import CREATE_TECHNIQUE, WriteClient, technique_input


@pytest.fixture
def server(write_settings: ApiSettings, write_graph: Graph, world: WriteClient) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(write_settings, write_graph), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/graphql"
    running.should_exit = True
    thread.join(10)


def test_twenty_requests_a_second_for_ten_seconds_give_no_errors(
    server: str, world: WriteClient
) -> None:
    slug = world.result(CREATE_TECHNIQUE, {"input": technique_input()}, role="editor")["slug"]
    report = run_load(server, rate=20, seconds=10, token=world.tokens["editor"], write_slug=slug)
    print("load:", report.summary())
    assert report.sent == 200
    assert report.errors == []
