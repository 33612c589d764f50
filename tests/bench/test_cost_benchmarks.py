"""The per-request cost benchmarks run and print a figure for every row, on the bundled
catalog in the test graph (a few requests each: they are checked to work, never timed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.connection import Graph
from support.api_catalog import load_catalog
from support.commands import REPO_ROOT
from support.legacy import BUNDLED_SQL, sqlite_from_sql

pytestmark = pytest.mark.slow
FIGURE = r"\d+\.\d+"


@pytest.fixture
def bundled_graph(session_graph: Graph, tmp_path: Path) -> Graph:
    source = sqlite_from_sql(tmp_path / "catalog.db", BUNDLED_SQL.read_text("utf-8"))
    load_catalog(session_graph, source)
    return session_graph


def bench(module: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO_ROOT,
        env={**os.environ, "API_WARMUP": "false"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_cpu_cost_measures_every_contract_read(bundled_graph: Graph) -> None:
    out = bench("bench.api.cpu_cost", "--requests", "3", "--warm", "1")
    for label in ("{ __typename }", "TechniqueDetail", "Facets(where)", "Compare"):
        assert re.search(rf"^{re.escape(label)}\s+{FIGURE}\s+{FIGURE}", out, re.M), out


def test_driver_calls_measures_the_five_ways(bundled_graph: Graph) -> None:
    out = bench("bench.api.driver_calls", "--calls", "5")
    rows = re.findall(rf"^(sync|async)[^\n]*\s{FIGURE}\s+{FIGURE}$", out, re.M)
    assert len(rows) == 5, out


def test_bare_stacks_measures_each_server(bundled_graph: Graph) -> None:
    out = bench("bench.api.bare_stacks", "--requests", "5")
    for name in ("starlette only", "graphql core", "strawberry cached", "catalog serve"):
        assert re.search(rf"{name}\s+{FIGURE}\s+{FIGURE}", out), out
