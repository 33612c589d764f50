"""`catalog migrate --once`: a deployment's every-start step that never reverts an edit.

It migrates into a graph with no catalog, finishes a run that was interrupted, and otherwise
writes nothing (no backup either) and exits 0, saying why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.connection import Graph
from graph.status import CatalogState, read_catalog_state
from support.commands import catalog

EDITED = "Edited through the API after the first migration."


def description(graph: Graph, slug: str) -> str:
    rows = graph.read("MATCH (t:Technique {slug: $slug}) RETURN t.description AS d", {"slug": slug})
    return str(rows[0]["d"])


def test_once_migrates_an_empty_graph_then_leaves_edits_alone(
    tmp_path: Path, bundled_sqlite: Path, graph: Graph
) -> None:
    backups = tmp_path / "backups"
    first = catalog("migrate", str(bundled_sqlite), "--once", "--backup-dir", str(backups))
    assert first.returncode == 0, first.stderr
    assert "validation: OK" in first.stdout
    assert len(list(backups.iterdir())) == 1

    graph.write("MATCH (t:Technique {slug: 'anchor'}) SET t.description = $d", {"d": EDITED})
    again = catalog("migrate", str(bundled_sqlite), "--once", "--backup-dir", str(backups))
    assert again.returncode == 0, again.stderr
    assert "not migrating (--once): a migration has already completed" in again.stdout
    assert description(graph, "anchor") == EDITED
    assert len(list(backups.iterdir())) == 1  # no second backup
    runs = graph.read("MATCH (m:MigrationRun) RETURN count(m) AS n")[0]["n"]
    assert runs == 1


def test_once_leaves_a_catalog_made_without_a_migration_alone(
    bundled_sqlite: Path, graph: Graph
) -> None:
    graph.write("CREATE (:Goal {name: 'Fairness', description: 'made by hand'})")
    result = catalog("migrate", str(bundled_sqlite), "--once", "--no-backup")
    assert result.returncode == 0, result.stderr
    assert "the graph already holds a catalog" in result.stdout
    assert graph.read("MATCH (n:Technique) RETURN count(n) AS n")[0]["n"] == 0


def test_once_finishes_a_migration_that_was_interrupted(bundled_sqlite: Path, graph: Graph) -> None:
    # What a first run killed before it finished leaves: its run, still `running`.
    graph.write("CREATE (:MigrationRun {runId: 'killed', source: 'x', state: 'running'})")
    result = catalog("migrate", str(bundled_sqlite), "--once", "--no-backup")
    assert result.returncode == 0, result.stderr
    assert "validation: OK" in result.stdout
    assert read_catalog_state(graph) == CatalogState(present=True, migrated=True, unfinished=False)


@pytest.mark.parametrize(
    ("state", "runs"),
    [
        (CatalogState(present=False, migrated=False, unfinished=False), True),
        (CatalogState(present=True, migrated=False, unfinished=True), True),
        (CatalogState(present=True, migrated=True, unfinished=True), True),
        (CatalogState(present=True, migrated=True, unfinished=False), False),
        (CatalogState(present=False, migrated=True, unfinished=False), False),
        (CatalogState(present=True, migrated=False, unfinished=False), False),
    ],
)
def test_when_a_one_time_migration_runs(state: CatalogState, runs: bool) -> None:
    assert (state.migrated_once_reason() is None) is runs


def test_the_state_of_an_empty_graph(graph: Graph) -> None:
    assert read_catalog_state(graph) == CatalogState(
        present=False, migrated=False, unfinished=False
    )
