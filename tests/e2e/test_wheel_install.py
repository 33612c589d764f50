"""The wheel, installed into a fresh virtualenv, serves the API and an offline GraphiQL.

The wheel is built from this checkout (`pip wheel . --no-deps`; its build step copies
GraphiQL's assets into the package), installed without its source tree into a new venv whose
dependencies come from the project's .venv (a path entry, so nothing is downloaded), and its
`catalog serve` runs from a directory of its own, whose `.env` sets the port. Chromium then
loads GraphiQL from it with every host but 127.0.0.1 blocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from graph.connection import Graph
from graph.settings import Settings
from support.servers import free_port, wait_until_answering

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect

pytestmark = pytest.mark.slow


def run(args: list[str | Path], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the built wheel (not editable); its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    # The project's setuptools (a dev dependency) builds it: no isolated build env to fetch.
    run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", work / "dist"])  # fmt: skip
    (wheel,) = (work / "dist").glob("assurance_catalog-*.whl")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
         "--no-deps", "--no-index", "--quiet", wheel])  # fmt: skip
    # Dependencies from the project's .venv, after the venv's own packages (a plain path
    # entry: the .venv's own .pth files, among them the editable install's, are not run).
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(run([venv / "bin" / "python", "-c", purelib]).stdout.strip())
    (site / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # Everything the wheel declares is there.
    run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "check"])
    return venv / "bin"


def test_the_installed_packages_come_from_the_wheel_not_the_checkout(installed: Path) -> None:
    show = "import api.graphiql as g; print(g.__file__, g.PACKAGED, g.missing_assets(), sep='\\n')"
    where = run([installed / "python", "-c", show], cwd=installed).stdout.splitlines()
    assert not where[0].startswith(str(ROOT)), where
    assert where[1].startswith(str(installed.parent)), where
    assert where[2] == "[]"  # every GraphiQL asset is inside the installed package


@pytest.fixture(scope="module")
def wheel_server(installed: Path, e2e_catalog: Graph, settings: Settings,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # fmt: skip
    """`catalog serve` of the installed wheel, configured by the `.env` of its working folder."""
    here = tmp_path_factory.mktemp("served-from")
    port = free_port()
    (here / ".env").write_text(f"API_PORT={port}\nAPI_GRAPHIQL=true\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("API_", "PYTHON"))}
    env["NEO4J_URI"] = settings.neo4j_uri
    log_path = OUTPUT / "wheel-serve.log"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        process = subprocess.Popen([installed / "catalog", "serve"], cwd=here, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answering(process, f"{base}/health", log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_the_wheels_server_answers_graphql_and_serves_graphiqls_assets(wheel_server: str) -> None:
    query = '{ technique(slug: "anchor") { slug name } }'
    answer = httpx.post(f"{wheel_server}/graphql", json={"query": query}).json()
    assert answer["data"]["technique"]["slug"] == "anchor"
    page = httpx.get(f"{wheel_server}/graphql", headers={"Accept": "text/html"}).text
    assert "not installed" not in page
    for asset in ("react/react.production.min.js", "graphiql/graphiql.min.js",
                  "graphiql/graphiql.min.css"):  # fmt: skip
        assert httpx.get(f"{wheel_server}/vendor/{asset}").status_code == 200, asset


def test_the_wheels_graphiql_runs_a_query_with_only_loopback_reachable(
    page: Any, wheel_server: str
) -> None:
    refused: list[str] = []

    def loopback_only(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", loopback_only)
    page.goto(f"{wheel_server}/graphql")
    expect(page.locator(".graphiql-tab").first).to_contain_text("TechniqueList")
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".result-window")).to_contain_text('"totalCount"')
    assert refused == []
