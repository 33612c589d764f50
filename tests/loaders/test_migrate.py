"""The whole migration on real sources into a real graph: validated, idempotent, safe on bad
input, the same from SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from graph.connection import Graph
from graph.fingerprint import fingerprint, graph_content
from loaders.migrate import MigrationOptions, migrate
from loaders.sources import open_source
from loaders.validate import validate
from support.commands import catalog
from support.corrupt import EXPECTED_PROBLEMS, corrupt_catalog_rows
from support.legacy import LegacyDatabase, bundled_counts
from support.sync_catalog import change_source, small_catalog

NOTHING_BUT_SENTINEL = [{"n": 1}]


def run(spec: str, graph: Graph, **options: bool) -> dict:  # type: ignore[type-arg]
    with open_source(spec) as source:
        report = migrate(source, graph, MigrationOptions(**options))
        if report.outcome == "migrated":
            report.validation = validate(source, graph, report.problems).as_dict()
    return report.as_dict()


def problem_keys(report: dict) -> set[tuple]:  # type: ignore[type-arg]
    return {
        (p["severity"], p["code"], p["table"], p["row_id"], p["column"]) for p in report["problems"]
    }


def test_the_bundled_catalog_migrates_and_validates(bundled: str, graph: Graph) -> None:
    report = run(bundled, graph)
    assert report["outcome"] == "migrated"
    assert report["validation"]["ok"], report["validation"]
    assert report["sourceRows"] == dict(bundled_counts())
    techniques = graph.read("MATCH (t:Technique) RETURN count(t) AS n")[0]["n"]
    assert techniques == bundled_counts()["technique"]
    # Only warnings: the plan's own data sets attributes outside their goals.
    assert {p["severity"] for p in report["problems"]} == {"warning"}


def test_each_model_dependency_of_the_source_is_one_vocabulary_value(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    rows = small_catalog()
    spellings = ["Model-Agnostic", "model-agnostic ", "Model  Specific", ""]
    rows["technique"] = [
        (*t[:4], d, *t[5:]) for t, d in zip(rows["technique"], spellings, strict=True)
    ]
    report = run(legacy_db.with_rows(rows), graph)
    assert report["outcome"] == "migrated" and report["validation"]["ok"], report["validation"]
    assert report["written"]["model dependencies"]["created"] == 2
    # Named as the first technique by id writes it, whitespace tidied; no node for "".
    assert graph.read(
        "MATCH (m:ModelDependency) RETURN m.name AS name, m.key AS key, m.src AS src ORDER BY key"
    ) == [
        {
            "name": "Model Specific",
            "key": "model specific",
            "src": "model_dependency:model specific",
        },
        {
            "name": "Model-Agnostic",
            "key": "model-agnostic",
            "src": "model_dependency:model-agnostic",
        },
    ]
    # The techniques hold their values as the source writes them.
    held = graph.read("MATCH (t:Technique) RETURN t.modelDependency AS m ORDER BY t.legacyId")
    assert [row["m"] for row in held] == spellings


def test_sqlite_and_postgres_sources_give_identical_graphs(
    bundled_sqlite: Path, bundled_pg: str, graph: Graph
) -> None:
    run(str(bundled_sqlite), graph)
    from_sqlite = graph_content(graph)
    graph.run_autocommit("MATCH (n) WHERE NOT n:CatalogTestSentinel DETACH DELETE n")
    run(bundled_pg, graph)
    assert graph_content(graph) == from_sqlite


def test_a_second_run_changes_nothing_and_says_so(bundled_sqlite: Path, graph: Graph) -> None:
    first = run(str(bundled_sqlite), graph)
    before = fingerprint(graph)
    second = run(str(bundled_sqlite), graph)
    assert sum(c["created"] for c in first["written"].values()) > 0
    assert all(c["created"] == c["updated"] == 0 for c in second["written"].values())
    assert sum(c["unchanged"] for c in second["written"].values()) == sum(
        c["records"] for c in first["written"].values()
    )
    assert fingerprint(graph) == before


def test_a_dry_run_reads_and_checks_but_writes_nothing(bundled_sqlite: Path, graph: Graph) -> None:
    report = run(str(bundled_sqlite), graph, dry_run=True)
    assert report["outcome"] == "dry-run"
    assert report["planned"]["techniques"] == bundled_counts()["technique"]
    assert graph.read("MATCH (n) RETURN count(n) AS n") == NOTHING_BUT_SENTINEL


def test_a_corrupt_source_is_refused_whole_with_every_problem_named(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    report = run(legacy_db.with_rows(corrupt_catalog_rows()), graph)
    assert report["outcome"] == "refused"
    assert problem_keys(report) == EXPECTED_PROBLEMS
    assert graph.read("MATCH (n) RETURN count(n) AS n") == NOTHING_BUT_SENTINEL
    for problem in report["problems"]:
        assert problem["what"] and problem["fix"] and problem["outcome"]


def test_skip_invalid_loads_the_rest_and_accounts_for_every_row(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    rows = corrupt_catalog_rows()
    report = run(legacy_db.with_rows(rows), graph, skip_invalid=True)
    assert report["outcome"] == "migrated"
    assert report["validation"]["ok"], report["validation"]
    not_loaded = {
        (p["table"], p["row_id"])
        for p in report["problems"]
        if p["outcome"] == "row skipped" or p["merged_into"] is not None
    }
    assert ("technique", 5) in not_loaded and ("assurance_goal", 3) in not_loaded
    loaded_techniques = {r["id"] for r in graph.read("MATCH (t:Technique) RETURN t.legacyId AS id")}
    assert loaded_techniques == {row[0] for row in rows["technique"]} - {
        row_id for table, row_id in not_loaded if table == "technique"
    }
    # The unknown scope part is dropped, the known one kept; the shouted goal merged.
    assert graph.read(
        "MATCH (:Technique {legacyId: 3})-[:HAS_ATTRIBUTE]->(v) RETURN v.name AS v"
    ) == [{"v": "Global"}]
    assert graph.read("MATCH (g:Goal) RETURN count(g) AS n") == [{"n": 2}]
    assert graph.read(
        "MATCH (t:Tag {name: 'Équité/公平 ✓'})-[:CHILD_OF]->(p) RETURN p.name AS p"
    ) == [{"p": "Équité"}]


def test_the_cli_refuses_bad_input_with_exit_1_and_a_full_report(
    tmp_path: Path, legacy_db: LegacyDatabase, graph: Graph
) -> None:
    if legacy_db.engine != "sqlite":
        return
    source = legacy_db.with_rows(corrupt_catalog_rows())
    report_path = tmp_path / "report.json"
    result = catalog("migrate", source, "--report", str(report_path), "--no-backup")
    assert result.returncode == 1
    assert "nothing was written" in result.stderr
    assert "error: category row 3 (assurance_goal_id)" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(json.loads(report_path.read_text())["problems"]) == len(EXPECTED_PROBLEMS)
    assert graph.read("MATCH (n) RETURN count(n) AS n") == NOTHING_BUT_SENTINEL


def test_the_cli_migrates_backs_up_and_a_rerun_says_nothing_changed(
    tmp_path: Path, bundled_sqlite: Path, graph: Graph
) -> None:
    first = catalog("migrate", str(bundled_sqlite), "--backup-dir", str(tmp_path / "backups"))
    assert first.returncode == 0, first.stderr
    assert "validation: OK" in first.stdout
    folders = list((tmp_path / "backups").iterdir())
    assert len(folders) == 1
    # The graph was empty: going back is emptying it, so only the source is kept.
    assert {p.name for p in folders[0].iterdir()} == {"source.db", "report.json"}
    assert "the graph was empty, so no graph backup" in first.stdout
    second = catalog("migrate", str(bundled_sqlite), "--backup-dir", str(tmp_path / "backups"))
    assert second.returncode == 0, second.stderr
    assert "sync plan: nothing to do" in second.stdout
    # Nothing to change, so nothing to back up either.
    assert list((tmp_path / "backups").iterdir()) == folders
    change_source(str(bundled_sqlite), "UPDATE technique SET description = 'Changed.' WHERE id = 1")
    third = catalog("migrate", str(bundled_sqlite), "--backup-dir", str(tmp_path / "backups"))
    assert third.returncode == 0, third.stderr
    (folder,) = set((tmp_path / "backups").iterdir()) - set(folders)
    assert {p.name for p in folder.iterdir()} >= {"graph.jsonl.gz", "source.db", "report.json"}
    assert f"backup: {folder} (graph, source snapshot, report.json)" in third.stdout


def test_validate_fails_and_names_the_row_when_the_graph_lost_a_link(
    bundled_sqlite: Path, graph: Graph
) -> None:
    run(str(bundled_sqlite), graph)
    graph.write("MATCH ()-[r:TAGGED {legacyId: 1}]->() DELETE r")
    result = catalog("validate", str(bundled_sqlite))
    assert result.returncode == 1
    assert "technique_tag row 1: no TAGGED link in the graph" in result.stdout
    assert "count technique_tag" in result.stdout


def test_a_name_over_the_index_limit_is_named_before_anything_is_written(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    rows = {
        "assurance_goal": [(1, "Explainability", "Understanding."), (2, "Fairness", "Equity.")],
        "technique": [
            (1, "SHAP", "Shapley values.", 1, "Model-Agnostic", "Explain a loan.", None),
            (2, "x" * 40_000, "Too long a name.", 1, "Model-Agnostic", "E.", None),
        ],
    }
    spec = legacy_db.with_rows(rows)
    refused = run(spec, graph)
    assert refused["outcome"] == "refused"
    assert problem_keys(refused) == {("error", "too-long", "technique", 2, "name")}
    assert graph.read("MATCH (n) RETURN count(n) AS n") == NOTHING_BUT_SENTINEL
    loaded = run(spec, graph, skip_invalid=True)
    assert loaded["outcome"] == "migrated"
    assert loaded["validation"]["ok"], json.dumps(loaded["validation"])
    assert graph.read("MATCH (t:Technique) RETURN t.name AS n") == [{"n": "SHAP"}]
