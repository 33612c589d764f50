"""`catalog export-csv`: the migration's records as neo4j-admin import files
(docs/operations.md, "A first load by neo4j-admin import").

Pure tests read the files; the slow ones follow the documented procedure on a real Neo4j of
their own (export, import into the stopped instance, start, `catalog migrate` over it) and
compare each step's graph with the one `catalog migrate` builds from the same messy source.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from bench.common.instance import BenchInstance
from graph.connection import Graph, connected
from graph.fingerprint import graph_content
from graph.keys import name_key
from graph.schema import missing_schema
from graph.settings import load_settings
from loaders.csv_export import CsvFile, export_csv
from loaders.errors import InvalidSourceData
from loaders.sources import open_source
from support.commands import catalog, run
from support.corrupt import corrupt_catalog_rows
from support.legacy import BUNDLED_SQL, legacy_sqlite, sqlite_from_sql

# What only a migration writes: its provenance for later syncs, the derived sort key and tag
# caption.
MIGRATION_ONLY = ("src", "srcHash", "sortName", "caption")


@pytest.fixture
def import_instance() -> Iterator[BenchInstance]:
    """A Neo4j instance of this test's own, stopped until the import; deleted afterwards."""
    instance = BenchInstance.of_a_test("csvimport")
    yield instance
    instance.reset()


def export(source: Path, out: Path, **options: bool) -> dict:
    with open_source(source) as legacy:
        export_csv(legacy, out, **options)
    return json.loads((out / "manifest.json").read_text())


def test_strings_are_quoted_numbers_and_booleans_typed_and_missing_values_empty(
    tmp_path: Path,
) -> None:
    csv_file = CsvFile(tmp_path, "Thing", ("name", "empty", "missing", "n:long", "flag:boolean"))
    csv_file.write(('say "hi"', "", None, 7, True))
    csv_file.close()

    assert (tmp_path / "Thing.csv").read_text() == '"say ""hi""","",,7,true\n'
    assert (tmp_path / "Thing.header.csv").read_text() == (
        "name,empty,missing,n:long,flag:boolean\n"
    )


def test_the_bundled_catalog_exports_every_label_and_type_with_typed_headers(
    tmp_path: Path,
) -> None:
    source = sqlite_from_sql(tmp_path / "bundled.db", BUNDLED_SQL.read_text("utf-8"))

    manifest = export(source, tmp_path / "csv")

    assert manifest["nodes"]["Technique"] == 92
    assert manifest["relationships"]["TAGGED"] == 674
    header = (tmp_path / "csv" / "relationships" / "HAS_ATTRIBUTE.header.csv").read_text()
    assert header == (
        ":START_ID(Technique),:END_ID(AttributeValue),:TYPE,legacyId:long,legacyTable\n"
    )
    # One vocabulary node per model dependency the techniques hold, as name_key tells them.
    with closing(sqlite3.connect(source)) as db:
        held = db.execute("SELECT model_dependency FROM technique").fetchall()
    assert manifest["nodes"]["ModelDependency"] == len({name_key(v) for (v,) in held if v.strip()})
    args = (tmp_path / "csv" / "import.args").read_text().splitlines()
    assert len([a for a in args if a.startswith("--nodes=")]) == 8
    assert len([a for a in args if a.startswith("--relationships=")]) == 11


def test_a_text_spanning_lines_marks_its_file_for_multiline_parsing(tmp_path: Path) -> None:
    source = legacy_sqlite(
        tmp_path / "legacy.db", {"assurance_goal": [(1, "Fairness", "Two\nlines.")]}
    )

    manifest = export(source, tmp_path / "csv")

    assert manifest["multilineFiles"] == ["nodes/Goal.csv"]
    args = (tmp_path / "csv" / "import.args").read_text()
    assert "--multiline-fields-format=v2" in args
    assert f"--multiline-fields={tmp_path / 'csv' / 'nodes' / 'Goal.csv'}" in args


def test_a_source_with_errors_is_refused_and_leaves_no_folder(tmp_path: Path) -> None:
    source = legacy_sqlite(tmp_path / "legacy.db", corrupt_catalog_rows())

    with pytest.raises(InvalidSourceData, match="--skip-invalid"):
        export(source, tmp_path / "csv")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["legacy.db"]


def test_an_existing_folder_is_replaced_only_with_force(tmp_path: Path) -> None:
    source = legacy_sqlite(tmp_path / "legacy.db", {"assurance_goal": [(1, "Fairness", "d")]})
    (tmp_path / "csv").mkdir()

    with pytest.raises(Exception, match="already exists"):
        export(source, tmp_path / "csv")
    assert export(source, tmp_path / "csv", force=True)["nodes"]["Goal"] == 1


def content_at(uri: str, without_properties: tuple[str, ...] = ()) -> list[str]:
    with connected(load_settings(NEO4J_URI=uri)) as graph:
        return graph_content(graph, without_properties)


@pytest.mark.slow
def test_an_imported_catalog_equals_the_migrated_one_and_a_migrate_over_it_completes_it(
    graph: Graph, tmp_path: Path, import_instance: BenchInstance
) -> None:
    source = legacy_sqlite(tmp_path / "legacy.db", corrupt_catalog_rows())
    migrated = catalog("migrate", str(source), "--skip-invalid", "--no-backup")
    assert migrated.returncode == 0, migrated.stderr

    exported = catalog("export-csv", str(source), str(tmp_path / "csv"), "--skip-invalid")
    assert exported.returncode == 0, exported.stderr
    import_instance.wipe()
    imported = run(
        import_instance.import_command(tmp_path / "csv" / "import.args"),
        env=import_instance.env(),
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    import_instance.start()

    assert content_at(import_instance.uri, MIGRATION_ONLY) == graph_content(graph, MIGRATION_ONLY)
    with connected(load_settings(NEO4J_URI=import_instance.uri)) as imported_graph:
        assert missing_schema(imported_graph)  # neo4j-admin import creates none

    completed = catalog(
        "migrate", str(source), "--skip-invalid", "--no-backup", "--uri", import_instance.uri
    )
    assert completed.returncode == 0, completed.stderr
    assert content_at(import_instance.uri) == graph_content(graph)
    with connected(load_settings(NEO4J_URI=import_instance.uri)) as imported_graph:
        assert missing_schema(imported_graph) == []
