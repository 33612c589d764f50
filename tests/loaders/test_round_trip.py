"""Rollback: the migrated graph written back into the legacy schema equals the source, table
by table, row by row (legacy ids kept), so the old application can be served again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graph.connection import Graph
from loaders.rows import TABLES
from support.commands import catalog


def table_rows(db: Path, table: str) -> list[tuple[object, ...]]:
    columns = ", ".join(TABLES[table][1])
    with sqlite3.connect(db) as connection:
        return connection.execute(f"SELECT {columns} FROM {table} ORDER BY id").fetchall()


def test_the_export_of_the_migrated_catalog_equals_the_source(
    tmp_path: Path, bundled_sqlite: Path, graph: Graph
) -> None:
    assert catalog("migrate", str(bundled_sqlite), "--no-backup").returncode == 0
    exported = tmp_path / "exported.db"
    result = catalog("export", str(exported))
    assert result.returncode == 0, result.stderr
    for table in TABLES:
        assert table_rows(exported, table) == table_rows(bundled_sqlite, table), table


def test_what_the_legacy_schema_cannot_hold_is_listed_not_dropped(
    tmp_path: Path, bundled_sqlite: Path, graph: Graph
) -> None:
    assert catalog("migrate", str(bundled_sqlite), "--no-backup").returncode == 0
    # Growth the graph allows: a category serving a second goal, a new attribute type.
    graph.write(
        "MATCH (c:Category {name: 'Monitoring'}), (g:Goal {name: 'Reliability'}) "
        "CREATE (c)-[:SERVES {legacy: false}]->(g)"
    )
    graph.write(
        "CREATE (:AttributeType {name: 'Data Modality', key: 'data modality', "
        "multiValued: true, appliesToAll: true, description: 'd'})"
    )
    result = catalog("export", str(tmp_path / "exported.db"))
    assert result.returncode == 0, result.stderr
    assert "Monitoring" in result.stdout and "Reliability" in result.stdout
    assert "Data Modality" in result.stdout
    # What it can hold is still there, unchanged.
    assert table_rows(tmp_path / "exported.db", "category") == table_rows(
        bundled_sqlite, "category"
    )
