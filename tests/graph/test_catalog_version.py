"""The catalog version: every write path moves it on, a refused write does not, and a
restore never brings back a (epoch, number) that stood for other data."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.backup import backup_graph, restore_graph
from graph.catalog_version import bump, read_version
from graph.connection import Graph
from graph.errors import GraphError
from graph.schema import install_schema
from graph.writes.refusal import Tx, WriteRefused, in_write_tx, refuse
from loaders.migrate import MigrationOptions, migrate
from loaders.sources import open_source


def create_tag(tx: Tx) -> None:
    tx.run("CREATE (:Tag {key: 'versioned', name: 'Versioned'})")


def test_a_graph_no_write_has_touched_has_no_version(graph: Graph) -> None:
    assert read_version(graph) is None


def test_bumps_count_up_under_one_epoch(graph: Graph) -> None:
    first = bump(graph)
    second = bump(graph)
    assert first.number == 1
    assert (second.epoch, second.number) == (first.epoch, 2)
    assert read_version(graph) == second
    assert graph.read("MATCH (v:CatalogVersion) RETURN count(v) AS n")[0]["n"] == 1


def test_a_write_through_in_write_tx_bumps_the_version_with_it(graph: Graph) -> None:
    in_write_tx(graph, create_tag)
    after = read_version(graph)
    assert after is not None and after.number == 1
    in_write_tx(graph, lambda tx: tx.run("MATCH (t:Tag {key: 'versioned'}) SET t.name = 'V2'"))
    again = read_version(graph)
    assert again is not None and again.number == 2


def test_a_refused_write_leaves_the_version_where_it_was(graph: Graph) -> None:
    in_write_tx(graph, create_tag)
    before = read_version(graph)

    def refused(tx: Tx) -> None:
        tx.run("MATCH (t:Tag {key: 'versioned'}) SET t.name = 'Changed'")
        refuse("duplicate-name", "name", "refused on purpose")

    with pytest.raises(WriteRefused):
        in_write_tx(graph, refused)
    assert read_version(graph) == before


def test_a_write_that_fails_in_the_server_leaves_the_version_where_it_was(graph: Graph) -> None:
    in_write_tx(graph, create_tag)
    before = read_version(graph)
    with pytest.raises(GraphError):
        in_write_tx(graph, lambda tx: tx.run("RETURN 1 / 0 AS boom"))
    assert read_version(graph) == before


def test_a_migration_moves_the_version_on(graph: Graph, bundled_sqlite: Path) -> None:
    start = bump(graph)
    with open_source(str(bundled_sqlite)) as source:
        assert migrate(source, graph, MigrationOptions()).outcome == "migrated"
    after = read_version(graph)
    assert after is not None and after.epoch == start.epoch and after.number > start.number


def test_a_dry_run_or_a_refused_migration_leaves_it_alone(
    graph: Graph, bundled_sqlite: Path
) -> None:
    start = bump(graph)
    with open_source(str(bundled_sqlite)) as source:
        assert migrate(source, graph, MigrationOptions(dry_run=True)).outcome == "dry-run"
    assert read_version(graph) == start


def test_a_restore_gives_a_new_epoch_and_a_number_past_both_sides(
    graph: Graph, tmp_path: Path
) -> None:
    in_write_tx(graph, create_tag)
    backup_graph(graph, tmp_path / "old.jsonl.gz")  # holds version 1
    for _ in range(3):
        bump(graph)
    live = read_version(graph)
    assert live is not None and live.number == 4

    restore_graph(graph, tmp_path / "old.jsonl.gz", replace=True)

    restored = read_version(graph)
    assert restored is not None
    assert restored.epoch != live.epoch
    assert restored.number == 5
    assert graph.read("MATCH (v:CatalogVersion) RETURN count(v) AS n")[0]["n"] == 1


def test_concurrent_writes_each_move_it_on_once(graph: Graph) -> None:
    install_schema(graph)  # the key's uniqueness constraint keeps MERGE to one node

    def write(i: int) -> None:
        in_write_tx(graph, lambda tx: tx.run("CREATE (:Tag {key: $k, name: $k})", {"k": f"t{i}"}))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(12)))
    after = read_version(graph)
    assert after is not None and after.number == 12
    assert graph.read("MATCH (v:CatalogVersion) RETURN count(v) AS n")[0]["n"] == 1
