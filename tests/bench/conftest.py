"""The benchmark's tests (`bench/` is importable through pytest's `pythonpath`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.common.instance import BenchInstance


@pytest.fixture
def import_instance() -> Iterator[BenchInstance]:
    """A Neo4j instance of this test's own (free ports, small memory) for neo4j-admin import,
    never started before the import; stopped and deleted afterwards."""
    instance = BenchInstance.of_a_test("benchtest")
    yield instance
    instance.reset()
