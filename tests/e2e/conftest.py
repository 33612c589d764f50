"""End-to-end tests in a real browser: Debian's Chromium driven by Playwright.

The API runs as a real uvicorn process on a free port, over the test graph holding the
migrated bundled catalog. Each test gets a fresh browser context and leaves a screenshot of
its last state in `test-output/e2e/<test>.png`, pass or fail.

Playwright's own browser download fails on these machines, so the browser is Debian's
`/usr/bin/chromium` (`scripts/browser-setup` installs it and the `playwright` package); the
tests are skipped, saying how to install, when either is missing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.connection import Graph
from graph.settings import Settings
from support.api_catalog import load_catalog
from support.legacy import BUNDLED_SQL, sqlite_from_sql

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
CHROMIUM = os.environ.get("CATALOG_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google's hosts, which a
# closed network refuses; --no-sandbox because the tests may run as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Bearer tokens the test server accepts (api/auth.py: API_TOKENS holds `role:sha256hex`).
TOKENS = {role: f"e2e-{role}-{secrets.token_urlsafe(16)}" for role in ("editor", "admin")}

try:
    from playwright import sync_api
except ImportError:  # the browser tests skip, saying how to install it
    sync_api = None
else:
    # A fresh server plans its Cypher on the first queries; 5 s (Playwright's default) is tight.
    sync_api.expect.set_options(timeout=15_000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def e2e_catalog(session_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The test graph with the bundled catalog freshly migrated (the tests then change it)."""
    legacy = sqlite_from_sql(
        tmp_path_factory.mktemp("e2e") / "catalog.db", BUNDLED_SQL.read_text("utf-8")
    )
    load_catalog(session_graph, legacy)
    return session_graph


@pytest.fixture(scope="session")
def api_server(e2e_catalog: Graph, settings: Settings) -> Iterator[str]:
    """A real `uvicorn api.app:create_app` on a free port; its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "API_GRAPHIQL": "true",
        "API_TOKENS": ",".join(
            f"{role}:{hashlib.sha256(token.encode()).hexdigest()}" for role, token in TOKENS.items()
        ),
        "API_TOKENS_FILE": "",
    }
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = (OUTPUT / "uvicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (OUTPUT / "uvicorn.log").read_text()
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "uvicorn did not answer /health within 30 s"
            time.sleep(0.1)
        # Plan the list page's statements once, before any browser waits on them.
        warm_up = "{ techniqueFacets { total } techniquesConnection(first: 100) { totalCount } }"
        graphql(base, warm_up)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if sync_api is None:
        pytest.skip("the playwright package is missing; run scripts/browser-setup")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing; run scripts/browser-setup")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a fresh context; its last state is kept as test-output/e2e/<test>.png."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        try:
            tab.screenshot(path=str(OUTPUT / f"{request.node.name}.png"))
        finally:
            context.close()


@pytest.fixture
def snapshot(page: Any, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """`snapshot(label)`: keep the page as it is now, as test-output/e2e/<test>-<label>.png."""

    def take(label: str) -> Path:
        path = OUTPUT / f"{request.node.name}-{label}.png"
        page.screenshot(path=str(path))
        return path

    return take


@pytest.fixture(scope="session")
def post(api_server: str) -> Callable[..., dict[str, Any]]:
    """`post(query, variables, token=None)`: the test server's whole GraphQL answer."""
    return functools.partial(graphql, api_server)


@pytest.fixture(scope="session")
def tokens() -> dict[str, str]:
    """The test server's bearer tokens by role (`editor`, `admin`)."""
    return TOKENS


def graphql(base: str, query: str, variables: dict[str, Any] | None = None,
            token: str | None = None) -> dict[str, Any]:  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body: dict[str, Any] = answer.json()
    return body
