"""The loader benchmark's quick mode: `catalog migrate`, the naive neomodel loader and
`export-csv` + neo4j-admin import build equal graphs from the same source (scale 1).

Migrate and naive load into the suite's test server; the import goes to an instance of the
test's own, since neo4j-admin needs a stopped one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.common.instance import BenchInstance
from bench.loader.quick import LiveTarget, quick_check
from graph.connection import Graph
from support.guard import wipe_test_data

pytestmark = pytest.mark.slow


def test_the_three_loaders_build_equal_graphs(
    graph: Graph, tmp_path: Path, import_instance: BenchInstance
) -> None:
    live = LiveTarget(os.environ["NEO4J_URI"], dict(os.environ), lambda: wipe_test_data(graph))

    report = quick_check(tmp_path, live, import_instance)

    assert report.ok, report.mismatches
    assert set(report.censuses) == {"migrate", "naive", "import"}
    migrated = report.censuses["migrate"]
    assert migrated.nodes["Technique"] == 92
    assert migrated.relationships["TAGGED"] == 674
    assert migrated.digest == report.censuses["import"].digest == report.censuses["naive"].digest
    # Validation reads the migration's provenance, which only the migration writes.
    assert report.validated["migrate"], report.validated
    assert set(report.validated) == {"migrate", "naive", "import"}
