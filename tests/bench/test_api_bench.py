"""The API benchmark's quick mode: this API, hand-written Cypher and @neo4j/graphql 7 answer
every contract read alike on a scale-1 catalog, and send the statements they should.

The catalog is migrated into a Neo4j instance of the test's own (free ports, small memory),
so the suite's test server is left alone; `catalog serve` and the Node server (its npm
packages installed on demand) run on free ports. Times are measured, never judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.api.compare import quick_check
from bench.api.run import load
from bench.common.instance import BenchInstance

pytestmark = pytest.mark.slow


@pytest.fixture
def api_instance() -> Iterator[BenchInstance]:
    """A Neo4j instance of this test's own; stopped and deleted afterwards."""
    instance = BenchInstance.of_a_test("benchapi")
    yield instance
    instance.reset()


def test_the_three_systems_answer_every_contract_read_alike(
    api_instance: BenchInstance, tmp_path: Path
) -> None:
    load(1, api_instance, tmp_path)

    ok, result = quick_check(api_instance.env(), tmp_path)

    assert ok, result["mismatches"]
    operations = result["operations"]
    assert set(operations) >= {"TechniqueList", "TechniqueDetail", "Search", "Facets",
                               "Facets(where)", "Coverage", "Related"}  # fmt: skip
    for label, op in operations.items():
        figures = op["systems"]
        assert figures["floor"]["statements"] == 1, label
        assert figures["api"]["statements"] == figures["neo4j-graphql"]["statements"], label
        assert all(figures[name]["dbHits"] > 0 for name in figures), label
        assert all(figures[name]["requestsPerSecond"] > 0 for name in figures), label
    assert operations["Taxonomy"]["systems"]["api"]["statements"] == 2
