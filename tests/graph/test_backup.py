"""A backup restores the graph exactly; a bad file or a non-empty target changes nothing."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import graph.backup as backup_module
from catalog_cli.commands.backup import backup as backup_command
from catalog_cli.commands.backup import restore as restore_command
from graph.backup import (
    BackupError,
    RestoreRefused,
    backup_graph,
    check_backup,
    restore_graph,
)
from graph.backup_values import decode_value, encode_value
from graph.connection import Graph
from graph.model import LABELS, RELATIONSHIP_TYPES
from graph.writes.history import deleted_techniques, history
from graph.writes.techniques import delete_technique
from graph.writes.vocabulary import create_model_dependency, model_dependencies
from support.graph_factories import count_nodes, create_attribute_value, create_technique

# Every kind of value a property can hold, written by the server from these literals.
EXOTIC_VALUES = """
CREATE (:Exotic {
  zoned: datetime('2024-10-27T01:30:00.5+00:00[Europe/London]'),
  zonedSummer: datetime('2024-10-27T01:30:00.123456789+01:00[Europe/London]'),
  offset: datetime('2024-03-01T10:00:00.000000001+05:30'),
  utc: datetime('2025-01-31T09:30:00Z'),
  local: localdatetime('2024-02-29T23:59:59.999999999'),
  day: date('2024-02-29'),
  clock: time('10:00:00.000000007+01:00'),
  localClock: localtime('23:59:59.5'),
  span: duration('P1Y2M3DT4H5M6.000000007S'),
  place: point({x: 1.5, y: -2}),
  globe: point({longitude: 4.9, latitude: 52.4, height: 3}),
  days: [date('2024-01-01'), date('2024-12-31')],
  words: ['Équité', '公平性', ''],
  none: [],
  big: 9223372036854775807,
  tiny: -4.9e-324,
  nan: 0.0 / 0.0,
  yes: true,
  bytes: $bytes
})
"""
SERVER_TEXT = """
MATCH (n) WHERE NOT n:CatalogTestSentinel AND NOT n:CatalogVersion
UNWIND keys(n) AS key
WITH key, n[key] AS value
RETURN key, valueType(value) AS type,
       CASE WHEN valueType(value) STARTS WITH 'LIST' THEN [x IN value | toString(x)]
            WHEN valueType(value) STARTS WITH 'BYTE' THEN null
            ELSE [toString(value)] END AS text
ORDER BY key
"""


# What `build_catalog` makes.
CATALOG_NODES, CATALOG_RELATIONSHIPS = 17, 14


def build_catalog(graph: Graph) -> None:
    """A small catalog with every label and relationship type of the model: the editing
    work's through the API's own writes (a soft-deleted technique with its history, a
    vocabulary value, and the catalog version they bump)."""
    create_technique(graph, "LIME", primary_goal="Explainability", legacy_id=5)
    delete_technique(graph, "lime", None, "admin")
    create_model_dependency(graph, "Model-Agnostic")
    create_technique(graph, "Reweighing", categories=["Bias Mitigation"], legacy_id=1)
    create_technique(graph, "SHAP", primary_goal="Explainability", legacy_id=2)
    create_attribute_value(graph, "Scope", "Global")
    graph.write(
        """
        MATCH (r:Technique {key: 'reweighing'}), (s:Technique {key: 'shap'}),
              (c:Category {key: 'bias mitigation'}), (v:AttributeValue {key: 'global'})
        CREATE (sc:SubCategory {name: 'Pre-processing', key: 'pre-processing', legacyId: 4})
        CREATE (sc)-[:PART_OF {legacy: true}]->(c)
        CREATE (r)-[:IN_SUBCATEGORY {legacyId: 40}]->(sc)
        CREATE (parent:Tag {name: 'data-type', key: 'data-type'})
        CREATE (tag:Tag {name: 'data-type/tabular', key: 'data-type/tabular', legacyId: 8})
        CREATE (tag)-[:CHILD_OF]->(parent)
        CREATE (r)-[:TAGGED {legacyId: 80}]->(tag)
        CREATE (s)-[:HAS_ATTRIBUTE]->(v)
        CREATE (r)-[:RELATED_TO {type: 'complements', legacyId: 3}]->(s)
        CREATE (:MigrationRun {runId: 'run-1', source: 'sqlite', state: 'complete',
          startedAt: datetime('2025-01-31T09:30:00.123456789Z'),
          finishedAt: datetime('2025-01-31T10:30:00[Europe/Paris]'),
          report: '{"warnings": 2}', sources: ['catalog.db', 'extra.db']})
        CREATE (:SyncLedger {table: 'technique', srcs: ['technique:1'], hashes: ['0a1b']})
        CREATE (:PersistedOperation {sha256: 'ab12', normalized: 'cd34', name: 'Goals',
          text: '{ goals { name } }', registeredAt: '2026-12-07T06:00:00+00:00'})
        """
    )


def snapshot(graph: Graph) -> list[str]:
    """Every node and relationship, by content (element ids change on restore), sorted; the
    catalog version aside, which a restore moves on on purpose (graph/catalog_version.py)."""
    nodes = graph.read(
        "MATCH (n) WHERE NOT n:CatalogTestSentinel AND NOT n:CatalogVersion "
        "RETURN labels(n) AS labels, properties(n) AS props"
    )
    relationships = graph.read(
        "MATCH (a)-[r]->(b) WHERE NOT a:CatalogTestSentinel AND NOT b:CatalogTestSentinel "
        "RETURN properties(a) AS start, type(r) AS type, properties(r) AS props, "
        "properties(b) AS end"
    )
    return sorted(_canonical(row) for row in nodes + relationships)


def _canonical(row: dict[str, Any]) -> str:
    if "labels" in row:
        row = {**row, "labels": sorted(row["labels"])}
    return json.dumps(encode_value_tree(row), sort_keys=True)


def encode_value_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: encode_value_tree(item) for key, item in value.items()}
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    encoded = encode_value(value)
    return [encode_value_tree(v) for v in encoded] if isinstance(encoded, list) else encoded


@pytest.fixture
def catalog(graph: Graph) -> Graph:
    build_catalog(graph)
    return graph


# --- round trips ---------------------------------------------------------------------------


def test_a_catalog_round_trips_exactly_through_backup_and_restore(
    catalog: Graph, tmp_path: Path
) -> None:
    before = snapshot(catalog)
    summary = backup_graph(catalog, tmp_path / "catalog.jsonl.gz")
    assert (summary.nodes, summary.relationships) == (CATALOG_NODES, CATALOG_RELATIONSHIPS)
    catalog.write("MATCH (t:Technique {key: 'shap'}) DETACH DELETE t CREATE (:Stray)")

    restored = restore_graph(catalog, tmp_path / "catalog.jsonl.gz", replace=True)

    assert (restored.nodes, restored.relationships, restored.deleted_nodes) == (
        CATALOG_NODES,
        CATALOG_RELATIONSHIPS,
        CATALOG_NODES,
    )
    assert snapshot(catalog) == before


def test_a_backup_holds_every_label_and_relationship_type_of_the_model(
    catalog: Graph, tmp_path: Path
) -> None:
    backup_graph(catalog, tmp_path / "b.jsonl.gz")
    entries = [json.loads(line) for line in read_lines(tmp_path / "b.jsonl.gz")][1:]
    assert {label for e in entries if "n" in e for label in e["labels"]} == set(LABELS)
    assert {e["r"] for e in entries if "r" in e} == set(RELATIONSHIP_TYPES)


def test_a_restored_graph_keeps_the_edit_history_the_deleted_and_the_vocabulary(
    catalog: Graph, tmp_path: Path
) -> None:
    backup_graph(catalog, tmp_path / "b.jsonl.gz")
    restore_graph(catalog, tmp_path / "b.jsonl.gz", replace=True)
    lime = history(catalog, "lime", limit=10, offset=0)
    assert lime is not None and lime.deleted
    assert [(e.action, e.by) for e in lime.entries] == [
        ("delete", "admin"),
        ("migrated", "migration"),
    ]
    assert [t["slug"] for t in deleted_techniques(catalog, limit=10, offset=0)] == ["lime"]
    assert model_dependencies(catalog) == ["Model-Agnostic"]


def test_every_kind_of_property_value_round_trips_as_the_server_sees_it(
    graph: Graph, tmp_path: Path
) -> None:
    graph.write(EXOTIC_VALUES, {"bytes": b"\x00\xffcatalog"})
    before = graph.read(SERVER_TEXT)
    backup_graph(graph, tmp_path / "exotic.jsonl.gz")
    graph.run_autocommit("MATCH (n:Exotic) DELETE n")

    restore_graph(graph, tmp_path / "exotic.jsonl.gz", replace=False)

    assert graph.read(SERVER_TEXT) == before
    assert graph.read("MATCH (n:Exotic) RETURN n.bytes AS b") == [{"b": b"\x00\xffcatalog"}]


def test_the_zone_and_the_daylight_saving_fold_of_a_datetime_survive(
    graph: Graph, tmp_path: Path
) -> None:
    graph.write(EXOTIC_VALUES, {"bytes": b""})
    backup_graph(graph, tmp_path / "b.jsonl.gz")
    restore_graph(graph, tmp_path / "b.jsonl.gz", replace=True)
    row = graph.read(
        "MATCH (n:Exotic) RETURN toString(n.zoned) AS zoned, toString(n.utc) AS utc, "
        "toString(n.zonedSummer) AS summer"
    )[0]
    assert row == {
        "zoned": "2024-10-27T01:30:00.5Z[Europe/London]",
        "summer": "2024-10-27T01:30:00.123456789+01:00[Europe/London]",
        "utc": "2025-01-31T09:30:00Z",
    }


def test_an_empty_graph_round_trips(graph: Graph, tmp_path: Path) -> None:
    summary = backup_graph(graph, tmp_path / "empty.jsonl.gz")
    assert (summary.nodes, summary.relationships) == (0, 0)
    assert restore_graph(graph, tmp_path / "empty.jsonl.gz", replace=False).nodes == 0


def test_restore_loads_in_batches(
    catalog: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(catalog)
    backup_graph(catalog, tmp_path / "b.jsonl.gz")
    monkeypatch.setattr(backup_module, "BATCH_SIZE", 3)
    restore_graph(catalog, tmp_path / "b.jsonl.gz", replace=True)
    assert snapshot(catalog) == before


def test_restore_leaves_no_trace_of_its_bookkeeping(catalog: Graph, tmp_path: Path) -> None:
    backup_graph(catalog, tmp_path / "b.jsonl.gz")
    restore_graph(catalog, tmp_path / "b.jsonl.gz", replace=True)
    leftovers = catalog.read(
        "MATCH (n) WHERE n:_CatalogRestore OR n._restoreId IS NOT NULL RETURN count(n) AS n"
    )
    assert leftovers == [{"n": 0}]
    assert catalog.read("SHOW INDEXES YIELD name WHERE name = 'catalogRestoreId' RETURN name") == []


# --- the file --------------------------------------------------------------------------------


def test_the_file_is_a_header_then_nodes_then_relationships(catalog: Graph, tmp_path: Path) -> None:
    backup_graph(catalog, tmp_path / "b.jsonl.gz")
    lines = [json.loads(line) for line in read_lines(tmp_path / "b.jsonl.gz")]
    header, entries = lines[0], lines[1:]
    assert header["format"] == "assurance-catalog-graph-backup"
    assert header["server"].startswith("5.26.")
    assert (header["nodes"], header["relationships"]) == (CATALOG_NODES, CATALOG_RELATIONSHIPS)
    kinds = ["n" if "n" in entry else "r" for entry in entries]
    assert kinds == ["n"] * CATALOG_NODES + ["r"] * CATALOG_RELATIONSHIPS


def test_the_test_sentinel_is_never_backed_up(graph: Graph, tmp_path: Path) -> None:
    backup_graph(graph, tmp_path / "b.jsonl.gz")
    assert "CatalogTestSentinel" not in "".join(read_lines(tmp_path / "b.jsonl.gz"))


def test_a_backup_into_a_missing_directory_says_so_and_leaves_nothing(
    graph: Graph, tmp_path: Path
) -> None:
    with pytest.raises(BackupError, match="check the directory exists"):
        backup_graph(graph, tmp_path / "no-such-dir" / "b.jsonl.gz")
    assert not (tmp_path / "no-such-dir").exists()


@pytest.mark.parametrize(
    "value",
    [None, True, 0, -1.5, "Équité", ["a", "b"], [1, 2], b"\x00\x01", []],
    ids=repr,
)
def test_plain_values_decode_to_what_was_encoded(value: object) -> None:
    assert decode_value(json.loads(json.dumps(encode_value(value)))) == value


# --- refusals ------------------------------------------------------------------------------


def test_restore_refuses_a_graph_holding_data_without_replace(
    catalog: Graph, tmp_path: Path
) -> None:
    backup_graph(catalog, tmp_path / "b.jsonl.gz")
    catalog.write("CREATE (:Stray)")
    before = snapshot(catalog)
    with pytest.raises(RestoreRefused, match="--replace"):
        restore_graph(catalog, tmp_path / "b.jsonl.gz", replace=False)
    assert snapshot(catalog) == before


def read_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return lines.readlines()


def write_lines(path: Path, lines: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(lines)


def _truncate_bytes(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _drop_last_line(path: Path) -> None:
    lines = read_lines(path)
    write_lines(path, lines[:-1])


def _garble_a_line(path: Path) -> None:
    lines = read_lines(path)
    lines[3] = lines[3][:20] + "\n"
    write_lines(path, lines)


def _point_a_relationship_nowhere(path: Path) -> None:
    lines = read_lines(path)
    last = json.loads(lines[-1])
    lines[-1] = json.dumps({**last, "to": "4:nowhere:0"}) + "\n"
    write_lines(path, lines)


def _plain_text(path: Path) -> None:
    path.write_text("not a backup\n")


def _unknown_value_type(path: Path) -> None:
    lines = read_lines(path)
    node = json.loads(lines[1])
    lines[1] = json.dumps({**node, "props": {"x": {"$type": "quaternion"}}}) + "\n"
    write_lines(path, lines)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_truncate_bytes, "corrupt or truncated"),
        (_drop_last_line, "truncated"),
        (_garble_a_line, "line 4 .* is not JSON"),
        (_point_a_relationship_nowhere, "links a node the file does not hold"),
        (_plain_text, "corrupt or truncated"),
        (_unknown_value_type, "line 2 .*quaternion"),
    ],
    ids=lambda p: getattr(p, "__name__", "")[1:] or None,
)
def test_a_damaged_backup_is_refused_before_anything_is_deleted(
    catalog: Graph, tmp_path: Path, damage: Any, message: str
) -> None:
    path = tmp_path / "b.jsonl.gz"
    backup_graph(catalog, path)
    damage(path)
    before = snapshot(catalog)
    with pytest.raises(BackupError, match=message):
        restore_graph(catalog, path, replace=True)
    assert snapshot(catalog) == before


def test_a_file_that_is_not_a_backup_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "other.jsonl.gz"
    with gzip.open(path, "wt") as out:
        out.write('{"format": "something-else"}\n')
    with pytest.raises(BackupError, match="is not a catalog backup"):
        check_backup(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="there is no backup at"):
        check_backup(tmp_path / "nope.jsonl.gz")


# --- the commands ----------------------------------------------------------------------------


def test_backup_and_restore_commands_print_summaries_and_progress_apart(
    catalog: Graph, tmp_path: Path
) -> None:
    uri = catalog.settings.neo4j_uri
    path = str(tmp_path / "cli.jsonl.gz")
    saved = CliRunner().invoke(backup_command, [path, "--uri", uri])
    assert saved.exit_code == 0, saved.output
    assert f"nodes: {CATALOG_NODES}" in saved.stdout
    assert f"backup: {CATALOG_NODES} nodes" in saved.stderr

    replaced = tmp_path / "replaced"
    restored = CliRunner().invoke(
        restore_command, [path, "--replace", "--backup-dir", str(replaced), "--uri", uri]
    )
    assert restored.exit_code == 0, restored.output
    (kept,) = replaced.glob("*/replaced-graph.jsonl.gz")
    assert f"replaced graph backed up to: {kept}" in restored.stdout
    assert check_backup(kept)["nodes"] == CATALOG_NODES
    assert f"deleted nodes: {CATALOG_NODES}" in restored.stdout
    assert f"relationships: {CATALOG_RELATIONSHIPS}" in restored.stdout
    assert "restore: deleting" in restored.stderr


def test_backup_will_not_overwrite_a_file_without_force(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "exists.jsonl.gz"
    path.write_text("precious")
    result = CliRunner().invoke(backup_command, [str(path), "--uri", graph.settings.neo4j_uri])
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert path.read_text() == "precious"


def test_restore_refusal_reaches_the_command_as_a_catalog_error(
    catalog: Graph, tmp_path: Path
) -> None:
    path = tmp_path / "b.jsonl.gz"
    backup_graph(catalog, path)
    result = CliRunner().invoke(restore_command, [str(path), "--uri", catalog.settings.neo4j_uri])
    assert isinstance(result.exception, RestoreRefused)
    assert count_nodes(catalog) == CATALOG_NODES


@pytest.mark.parametrize("command", [backup_command, restore_command], ids=["backup", "restore"])
def test_each_command_has_help_with_an_example(command: Any) -> None:
    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "--uri" in result.stdout and "--instance" in result.stdout
