"""The cutover runbook of docs/operations.md, rehearsed on real services: a staging load,
syncs from a legacy database that keeps changing (SQLite and PostgreSQL), a freeze, the
final sync, the switch (editors write through the API), and the fallback (`catalog export`
back to the legacy schema, holding the editors' changes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.connection import Graph
from loaders.sources import open_source
from loaders.validate import validate_source
from support.commands import catalog
from support.legacy import LegacyDatabase, fresh_postgres_database
from support.sync_catalog import change_source, first_load, run_sync, small_catalog
from support.write_client import CREATE_TECHNIQUE, UPDATE_TECHNIQUE, WriteClient


@pytest.fixture(params=["sqlite", "postgres"])
def legacy_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LegacyDatabase]:
    """The legacy database in each engine in turn (PostgreSQL: a fresh database)."""
    if request.param == "postgres":
        with fresh_postgres_database(request.node.name) as url:
            yield LegacyDatabase("postgres", tmp_path / "legacy.db", url)
    else:
        yield LegacyDatabase("sqlite", tmp_path / "legacy.db")


def legacy_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_the_cutover_runbook_end_to_end(
    tmp_path: Path, legacy_db: LegacyDatabase, client: WriteClient, empty: Graph
) -> None:
    graph = empty
    spec = legacy_db.with_rows(small_catalog())
    # 1. Staging load.
    first_load(spec, graph)
    # 2. The legacy system keeps changing; each round is synced.
    rounds = [
        ("UPDATE technique SET description = 'Round one.' WHERE id = 1",),
        (
            "INSERT INTO technique VALUES (5, 'Counterfactuals', 'What if.', 2, 'Any', 'E.', NULL)",
            "INSERT INTO technique_tag VALUES (6, 5, 1)",
            "INSERT INTO technique_category VALUES (5, 5, 2)",
        ),
        (
            "DELETE FROM technique_relationship WHERE technique_from_id = 4",
            "DELETE FROM technique_tag WHERE technique_id = 4",
            "DELETE FROM technique_category WHERE technique_id = 4",
            "DELETE FROM technique WHERE id = 4",
        ),
    ]
    for statements in rounds:
        change_source(spec, *statements)
        synced = run_sync(spec, graph)
        assert synced.outcome == "synced", synced.plan.as_dict()
        assert synced.validation is not None and synced.validation["ok"], synced.validation
    # 3. Freeze, 4. final sync: the last changes, then nothing more.
    change_source(spec, "UPDATE tag SET name = 'data-type/tabular-data' WHERE id = 1")
    final = run_sync(spec, graph)
    assert final.outcome == "synced" and final.plan.counts()["update"] >= 1
    assert run_sync(spec, graph).plan.changes == []
    # 5. The switch: editors write through the API.
    slug = graph.read("MATCH (t:Technique {legacyId: 1}) RETURN t.slug AS s")[0]["s"]
    edited = client.result(
        UPDATE_TECHNIQUE,
        {"slug": slug, "input": {"description": "Edited after the switch."}},
        role="editor",
    )
    assert edited["__typename"] == "Technique", edited
    # The vocabulary editors choose from: every value the source held, a synced one too.
    vocabulary = client.post("{ modelDependencies }")["data"]["modelDependencies"]
    assert vocabulary == ["Any", "Model-Agnostic"]
    made = client.result(
        CREATE_TECHNIQUE,
        {
            "input": {
                "name": "Editor Technique",
                "description": "Made through the API.",
                "modelDependency": "Any",
                "exampleUseCase": "E.",
                "primaryGoal": "Fairness",
                "categories": ["Bias Mitigation"],
                "tags": ["data-type/tabular-data"],
            }
        },
        role="editor",
    )
    assert made["__typename"] == "Technique", made
    # validate tells the editors' work apart from failures.
    with open_source(spec) as source:
        report = validate_source(source, graph)
    assert report.ok, report.summary_lines()
    assert report.editor_change_count >= 1
    assert "Editor Technique" in report.made_by_editors["Technique"]
    # 6. Fallback: the graph, editors' changes included, back in the legacy schema.
    fallback = tmp_path / "fallback.db"
    exported = catalog("export", str(fallback), "--force")
    assert exported.returncode == 0, exported.stderr
    techniques = dict(legacy_rows(fallback, "SELECT name, description FROM technique"))
    assert techniques["SHAP"] == "Edited after the switch."
    assert techniques["Editor Technique"] == "Made through the API."
    assert "Anchors" not in techniques and techniques["Counterfactuals"] == "What if."
    assert ("data-type/tabular-data",) in legacy_rows(fallback, "SELECT name FROM tag")
