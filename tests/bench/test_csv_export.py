"""`catalog export-csv`: the migration's records as neo4j-admin import files.

Pure tests read the files; the last one imports them into a real Neo4j of its own and
compares the graph with the one `catalog migrate` builds from the same messy source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.common.instance import BenchInstance
from bench.loader import systems
from bench.loader.census import take_census
from graph.connection import Graph
from loaders.csv_export import CsvFile, export_csv
from loaders.errors import InvalidSourceData
from loaders.sources import open_source
from support.commands import catalog
from support.corrupt import corrupt_catalog_rows
from support.legacy import BUNDLED_SQL, legacy_sqlite, sqlite_from_sql


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
    args = (tmp_path / "csv" / "import.args").read_text().splitlines()
    assert len([a for a in args if a.startswith("--nodes=")]) == 7
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


@pytest.mark.slow
def test_an_imported_messy_catalog_equals_the_migrated_one(
    graph: Graph, tmp_path: Path, import_instance: BenchInstance
) -> None:
    source = legacy_sqlite(tmp_path / "legacy.db", corrupt_catalog_rows())
    migrated = catalog("migrate", str(source), "--skip-invalid", "--no-backup")
    assert migrated.returncode == 0, migrated.stderr
    expected = take_census(graph, digest=True)

    export(source, tmp_path / "csv", skip_invalid=True)
    import_instance.wipe()
    systems.neo4j_import(import_instance, tmp_path / "csv", tmp_path / "import.log")
    import_instance.start()

    imported = systems.census(import_instance.uri, digest=True)
    assert imported.differences(expected) == []
    assert imported.digest == expected.digest
