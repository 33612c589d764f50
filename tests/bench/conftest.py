"""The benchmark's tests (`bench/` is importable through pytest's `pythonpath`)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bench.common.instance import BenchInstance, free_ports


@pytest.fixture
def import_instance() -> Iterator[BenchInstance]:
    """A Neo4j instance of this test's own (free ports, small memory) for neo4j-admin import,
    never started before the import; stopped and deleted afterwards."""
    bolt, http = free_ports(2)
    instance = BenchInstance(f"benchtest-{os.getpid()}", bolt, http, heap="512m", pagecache="128m")
    yield instance
    instance.reset()
