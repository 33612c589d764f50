"""The benchmark's tests: `bench/` is not an installed package, so the repository root goes on
sys.path for them (pytest's `pythonpath` names only `tests`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.instance import BenchInstance, free_ports  # noqa: E402


@pytest.fixture
def import_instance() -> Iterator[BenchInstance]:
    """A Neo4j instance of this test's own (free ports, small memory) for neo4j-admin import,
    never started before the import; stopped and deleted afterwards."""
    bolt, http = free_ports(2)
    instance = BenchInstance(f"benchtest-{os.getpid()}", bolt, http, heap="512m", pagecache="128m")
    yield instance
    instance.reset()
