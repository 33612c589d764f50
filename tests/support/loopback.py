"""A real uvicorn serving the API on 127.0.0.1 for a test, and a client posting to it.

For tests whose traffic must cross a socket (adversarial and concurrency families): each
request is a real HTTP request on loopback, handled by the server's own event loop.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette

START_WAIT_SECONDS = 30


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """The app on a free loopback port; its /graphql URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_WAIT_SECONDS
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the loopback server did not start"
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class LoopbackClient:
    url: str
    tokens: dict[str, str]

    def post(
        self, query: str, variables: dict[str, Any] | None = None, role: str | None = "editor"
    ) -> tuple[int, dict[str, Any]]:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        response = httpx.post(
            self.url,
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=60,
        )
        return response.status_code, response.json()
