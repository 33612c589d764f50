"""GraphQL clients of the npm registry, run for real (node --test) against `catalog serve`.

`catalog serve` runs on a free loopback port over the test graph holding the bundled catalog;
each `*.test.mjs` here is one client: urql (`@urql/core` with its document cache) and Apollo
Client 4 with a plain `InMemoryCache`. Their npm packages are pinned by this folder's
package-lock.json and installed by `scripts/browser-setup` (node_modules is not committed).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.connection import Graph
from graph.settings import Settings
from support.api_catalog import load_catalog
from support.commands import CATALOG
from support.legacy import BUNDLED_SQL, sqlite_from_sql
from support.servers import free_port, wait_until_answering

HERE = Path(__file__).resolve().parent
EDITOR_TOKEN = f"node-editor-{secrets.token_urlsafe(12)}"


def installed() -> bool:
    """node_modules installed from this package-lock.json (the stamp scripts/browser-setup
    leaves)."""
    digest = hashlib.sha256((HERE / "package-lock.json").read_bytes()).hexdigest()[:16]
    return (HERE / "node_modules" / f".installed-{digest}").is_file()


@pytest.fixture(scope="module")
def api_url(
    session_graph: Graph, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if not shutil.which("node"):
        pytest.skip("node is missing; run scripts/browser-setup")
    if not installed():
        pytest.skip("tests/clients/node_modules is not installed; run scripts/browser-setup")
    here = tmp_path_factory.mktemp("clients")
    load_catalog(
        session_graph, sqlite_from_sql(here / "catalog.db", BUNDLED_SQL.read_text("utf-8"))
    )
    port = free_port()
    digest = hashlib.sha256(EDITOR_TOKEN.encode()).hexdigest()
    env = {
        "PATH": "/usr/bin:/bin",
        "NEO4J_URI": settings.neo4j_uri,
        "API_TOKENS": f"editor:{digest}",
    }
    log = here / "serve.log"
    with log.open("w") as out:
        # From a folder of its own: no `.env` but the environment given here.
        process = subprocess.Popen(
            [CATALOG, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=here, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_until_answering(process, f"http://127.0.0.1:{port}/health", log)
            yield f"http://127.0.0.1:{port}/graphql"
        finally:
            process.terminate()
            process.wait(timeout=10)


def node_test(script: str, api_url: str) -> None:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "CATALOG_API_URL": api_url,
           "CATALOG_EDITOR_TOKEN": EDITOR_TOKEN}  # fmt: skip
    ran = subprocess.run(
        ["node", "--test", "--test-reporter=tap", script],
        cwd=HERE, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert re.search(r"^# fail 0$", ran.stdout, re.MULTILINE), ran.stdout
    assert not re.search(r"^# pass 0$", ran.stdout, re.MULTILINE), ran.stdout


def test_urql_reads_the_contracts_list_and_its_next_page(api_url: str) -> None:
    node_test("urql.test.mjs", api_url)


def test_apollo_pages_with_fetchmore_and_a_mutation_updates_list_and_detail(api_url: str) -> None:
    node_test("apollo.test.mjs", api_url)
