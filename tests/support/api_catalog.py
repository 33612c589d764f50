"""A legacy catalog migrated into the test graph, as the API's tests need it."""

from __future__ import annotations

from pathlib import Path

from graph.connection import Graph
from loaders.migrate import MigrationOptions, migrate
from loaders.sources import open_source
from support.guard import wipe_test_data


def load_catalog(graph: Graph, source: Path) -> str:
    """Wipe the graph, migrate the legacy SQLite catalog at `source` into it; the run id."""
    wipe_test_data(graph)
    with open_source(source) as legacy_source:
        report = migrate(legacy_source, graph, MigrationOptions())
    assert report.outcome == "migrated", report.problems.counts()
    return report.run_id
