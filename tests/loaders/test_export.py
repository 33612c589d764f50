"""`catalog export` writes the graph back into the legacy schema, on the real test Neo4j.

Graphs are built with `support.model_graph` exactly as docs/model.md describes them; the
exported SQLite file is then read back table by table, ids included.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from graph.connection import Graph
from loaders.legacy_file import LegacyFileError
from loaders.rollback import export_graph
from loaders.rows import TABLES
from support import model_graph as make
from support.commands import catalog

FAIRNESS_TABLE = "technique_fairness_approach"
LIFECYCLE_TABLE = "technique_project_lifecycle_stage"


def small_catalog(graph: Graph) -> None:
    """A migrated catalog in miniature: every legacy table has rows, one cross-goal link."""
    make.goal(graph, "Explainability", legacy_id=1, description="Why it decides.")
    make.goal(graph, "Fairness", legacy_id=2, description="Treating groups equitably.")
    make.category(graph, "Feature Analysis", goal="Explainability", legacy_id=1, description="FA.")
    make.category(graph, "Group", goal="Fairness", legacy_id=2, description="Group fairness.")
    make.subcategory(graph, "Statistical Parity", category="Group", legacy_id=5, description="SP.")
    make.tag(graph, "data-type/tabular", legacy_id=3)
    make.tag(graph, "applicable-models/agnostic", legacy_id=1)
    make.migrated_attribute_types(graph)
    make.attribute_value(graph, "Fairness Approach", "Group", legacy_id=1, position=0)
    make.attribute_value(graph, "Fairness Approach", "Causal", legacy_id=2, position=1)
    make.attribute_value(graph, "Project Lifecycle Stage", "Model Development", legacy_id=1,
                         position=0)  # fmt: skip
    make.attribute_value(graph, "Project Lifecycle Stage", "Data Handling / Collection",
                         legacy_id=6, position=1)  # fmt: skip
    make.attribute_value(graph, "Scope", "Global", position=0)
    make.attribute_value(graph, "Scope", "Local", position=1)
    make.model_dependency(graph, "Model-Agnostic")
    make.model_dependency(graph, "Model-Specific")
    make.technique(graph, "SHAP", primary_goal="Explainability", legacy_id=1)
    make.technique(graph, "Reweighing", primary_goal="Fairness", legacy_id=2,
                   model_dependency="Model-Specific", description="Reweights.")  # fmt: skip
    make.in_category(graph, "SHAP", "Feature Analysis", legacy_id=1)
    make.in_category(graph, "Reweighing", "Group", legacy_id=2)
    make.in_category(graph, "Reweighing", "Feature Analysis", legacy_id=5)  # cross-goal
    make.in_subcategory(graph, "Reweighing", "Statistical Parity", legacy_id=1)
    make.tagged(graph, "SHAP", "data-type/tabular", legacy_id=1)
    make.tagged(graph, "SHAP", "applicable-models/agnostic", legacy_id=2)
    make.tagged(graph, "Reweighing", "data-type/tabular", legacy_id=7)
    # Written Local first: the export orders values by their position, not by link.
    make.has_attribute(graph, "SHAP", "Scope", "Local")
    make.has_attribute(graph, "SHAP", "Scope", "Global")
    make.has_attribute(graph, "Reweighing", "Scope", "Local")
    make.has_attribute(graph, "Reweighing", "Fairness Approach", "Group", legacy_id=4,
                       legacy_table=FAIRNESS_TABLE)  # fmt: skip
    make.has_attribute(graph, "Reweighing", "Project Lifecycle Stage", "Model Development",
                       legacy_id=3, legacy_table=LIFECYCLE_TABLE)  # fmt: skip
    make.has_attribute(graph, "Reweighing", "Project Lifecycle Stage",
                       "Data Handling / Collection", legacy_id=9,
                       legacy_table=LIFECYCLE_TABLE)  # fmt: skip
    make.related(graph, "SHAP", "Reweighing", legacy_id=1)
    make.related(graph, "Reweighing", "SHAP", legacy_id=2)


SMALL_CATALOG_ROWS: dict[str, list[tuple[object, ...]]] = {
    "assurance_goal": [(1, "Explainability", "Why it decides."),
                       (2, "Fairness", "Treating groups equitably.")],
    "category": [(1, "Feature Analysis", "FA.", 1), (2, "Group", "Group fairness.", 2)],
    "sub_category": [(5, "Statistical Parity", "SP.", 2)],
    "tag": [(1, "applicable-models/agnostic"), (3, "data-type/tabular")],
    "technique": [
        (1, "SHAP", "What it does.", 1, "Model-Agnostic", "Where it helps.", "Global, Local"),
        (2, "Reweighing", "Reweights.", 2, "Model-Specific", "Where it helps.", "Local"),
    ],
    "fairness_approach": [(1, "Group"), (2, "Causal")],
    "project_lifecycle_stage": [(1, "Model Development"), (6, "Data Handling / Collection")],
    "technique_category": [(1, 1, 1), (2, 2, 2), (5, 2, 1)],
    "technique_sub_category": [(1, 2, 5)],
    "technique_tag": [(1, 1, 3), (2, 1, 1), (7, 2, 3)],
    "technique_fairness_approach": [(4, 2, 1)],
    "technique_project_lifecycle_stage": [(3, 2, 1), (9, 2, 6)],
    "technique_relationship": [(1, 1, 2, "related"), (2, 2, 1, "related")],
}  # fmt: skip


def rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            f"SELECT {', '.join(TABLES[table][1])} FROM {table} ORDER BY id"
        ).fetchall()


def codes(losses: list) -> list[str]:
    return sorted(loss.code for loss in losses)


def test_every_legacy_table_comes_back_row_for_row_ids_included(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    export_graph(graph, tmp_path / "legacy.db")
    assert {table: rows(tmp_path / "legacy.db", table) for table in TABLES} == SMALL_CATALOG_ROWS


def test_a_catalog_the_legacy_schema_holds_is_complete(graph: Graph, tmp_path: Path) -> None:
    small_catalog(graph)
    report = export_graph(graph, tmp_path / "legacy.db")
    assert report.losses == []
    assert report.complete
    assert report.rows == {table: len(r) for table, r in SMALL_CATALOG_ROWS.items()}


def test_the_exported_database_passes_the_foreign_key_and_integrity_checks(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    export_graph(graph, tmp_path / "legacy.db")
    with sqlite3.connect(tmp_path / "legacy.db") as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_ancestor_tags_made_from_names_are_not_exported(graph: Graph, tmp_path: Path) -> None:
    small_catalog(graph)
    export_graph(graph, tmp_path / "legacy.db")
    names = [name for _, name in rows(tmp_path / "legacy.db", "tag")]
    assert "data-type" not in names
    assert "applicable-models" not in names


def test_a_tag_made_on_its_own_through_the_api_is_exported_with_a_fresh_id(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.tag(graph, "fairness")  # no legacy id, not used yet, nobody's parent: still data
    report = export_graph(graph, tmp_path / "legacy.db")
    assert rows(tmp_path / "legacy.db", "tag")[-1] == (4, "fairness")
    assert report.complete


def test_a_category_serving_a_second_goal_is_listed_and_keeps_its_legacy_goal(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.goal(graph, "Safety", legacy_id=6, description="Do no harm.")
    make.serves(graph, "Group", "Safety")
    report = export_graph(graph, tmp_path / "legacy.db")
    assert rows(tmp_path / "legacy.db", "category")[1] == (2, "Group", "Group fairness.", 2)
    assert codes(report.losses) == ["category-extra-goal"]
    assert "'Safety'" in report.losses[0].what
    assert report.losses[0].subject == "category 'Group' (id 2)"


def test_a_subcategory_in_a_second_category_is_listed_and_keeps_its_legacy_category(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.part_of(graph, "Statistical Parity", "Feature Analysis")
    report = export_graph(graph, tmp_path / "legacy.db")
    assert rows(tmp_path / "legacy.db", "sub_category") == [(5, "Statistical Parity", "SP.", 2)]
    assert codes(report.losses) == ["subcategory-extra-category"]


def test_a_category_with_no_legacy_goal_is_listed_with_its_links_and_not_exported(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.category(graph, "Red Teaming", legacy_id=None)
    make.serves(graph, "Red Teaming", "Fairness")
    make.in_category(graph, "SHAP", "Red Teaming")
    report = export_graph(graph, tmp_path / "legacy.db")
    assert [name for _, name, *_ in rows(tmp_path / "legacy.db", "category")] == [
        "Feature Analysis",
        "Group",
    ]
    assert rows(tmp_path / "legacy.db", "technique_category") == [(1, 1, 1), (2, 2, 2), (5, 2, 1)]
    assert codes(report.losses) == ["category-without-legacy-goal", "link-to-left-out"]


def test_a_technique_made_without_legacy_ids_gets_fresh_ids_above_the_largest(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.tag(graph, "data-type/image")  # a new tag, no legacy id
    make.technique(graph, "Counterfactuals", primary_goal="Explainability")
    make.in_category(graph, "Counterfactuals", "Feature Analysis")
    make.tagged(graph, "Counterfactuals", "data-type/image")
    make.tagged(graph, "Counterfactuals", "data-type/tabular")
    make.has_attribute(graph, "Counterfactuals", "Scope", "Local")
    make.related(graph, "Counterfactuals", "SHAP")
    report = export_graph(graph, tmp_path / "legacy.db")
    out = tmp_path / "legacy.db"
    assert rows(out, "technique")[-1] == (
        3, "Counterfactuals", "What it does.", 1, "Model-Agnostic", "Where it helps.", "Local",
    )  # fmt: skip
    assert rows(out, "tag")[-1] == (4, "data-type/image")
    assert rows(out, "technique_category")[-1] == (6, 3, 1)
    assert rows(out, "technique_tag")[-2:] == [(8, 3, 3), (9, 3, 4)]
    assert rows(out, "technique_relationship")[-1] == (3, 3, 1, "related")
    assert report.complete


def test_new_fairness_approaches_and_their_links_become_new_rows(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.attribute_value(graph, "Fairness Approach", "Individual", position=2)
    make.has_attribute(graph, "Reweighing", "Fairness Approach", "Individual")
    report = export_graph(graph, tmp_path / "legacy.db")
    assert rows(tmp_path / "legacy.db", "fairness_approach")[-1] == (3, "Individual")
    assert rows(tmp_path / "legacy.db", FAIRNESS_TABLE) == [(4, 2, 1), (5, 2, 3)]
    assert report.complete


def test_a_new_attribute_type_is_listed_with_its_values_and_links(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.attribute_type(graph, "Data Modality", applies_to_all=True)
    make.attribute_value(graph, "Data Modality", "Tabular", position=0)
    make.has_attribute(graph, "SHAP", "Data Modality", "Tabular")
    report = export_graph(graph, tmp_path / "legacy.db")
    assert codes(report.losses) == ["attribute-link", "attribute-type"]
    listed = {loss.code: loss for loss in report.losses}
    assert listed["attribute-type"].subject == "attribute type 'Data Modality'"
    assert "'Tabular'" in listed["attribute-type"].what
    assert listed["attribute-link"].subject == "technique 'SHAP' (id 1)"
    assert rows(tmp_path / "legacy.db", "technique") == SMALL_CATALOG_ROWS["technique"]


def test_a_scope_value_other_than_global_and_local_is_listed_and_left_out(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.attribute_value(graph, "Scope", "Cohort", position=2)
    make.has_attribute(graph, "SHAP", "Scope", "Cohort")
    report = export_graph(graph, tmp_path / "legacy.db")
    assert rows(tmp_path / "legacy.db", "technique")[0][-1] == "Global, Local"
    assert codes(report.losses) == ["scope-value", "scope-value-link"]


def test_a_model_dependency_no_technique_holds_is_listed_and_left_out(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.model_dependency(graph, "Model-Free")  # an admin's, not chosen yet
    make.technique(graph, "Gone", primary_goal=None, model_dependency="Model-Specific")
    report = export_graph(graph, tmp_path / "legacy.db")
    assert codes(report.losses) == ["model-dependency-value", "technique-without-primary-goal"]
    [unheld] = [loss for loss in report.losses if loss.code == "model-dependency-value"]
    assert unheld.subject == "model dependency 'Model-Free'"
    # Reweighing still holds Model-Specific, so it is written as Reweighing's text.
    assert [row[4] for row in rows(tmp_path / "legacy.db", "technique")] == [
        "Model-Agnostic",
        "Model-Specific",
    ]


def test_a_technique_without_a_primary_goal_is_listed_with_its_links(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    make.technique(graph, "Orphan", primary_goal=None)
    make.related(graph, "SHAP", "Orphan")
    report = export_graph(graph, tmp_path / "legacy.db")
    assert len(rows(tmp_path / "legacy.db", "technique")) == 2
    assert codes(report.losses) == ["link-to-left-out", "technique-without-primary-goal"]


def test_an_existing_file_is_refused_and_kept(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "legacy.db"
    out.write_text("the old application's data")
    with pytest.raises(LegacyFileError, match="--force"):
        export_graph(graph, out)
    assert out.read_text() == "the old application's data"


def test_force_replaces_an_existing_file(graph: Graph, tmp_path: Path) -> None:
    small_catalog(graph)
    out = tmp_path / "legacy.db"
    out.write_text("old")
    export_graph(graph, out, force=True)
    assert rows(out, "technique_relationship") == SMALL_CATALOG_ROWS["technique_relationship"]


def test_the_command_lists_losses_and_still_exits_0(graph: Graph, tmp_path: Path) -> None:
    small_catalog(graph)
    make.goal(graph, "Safety", legacy_id=6, description="Do no harm.")
    make.serves(graph, "Group", "Safety")
    report_path = tmp_path / "report.json"
    result = catalog("export", str(tmp_path / "legacy.db"), "--report", str(report_path))
    assert result.returncode == 0, result.stderr
    assert "not held by the legacy schema: 1" in result.stdout
    assert "category 'Group' (id 2): also belongs to goal 'Safety'" in result.stdout
    report = json.loads(report_path.read_text())
    assert report["complete"] is False
    assert report["lossCounts"] == {"category-extra-goal": 1}
    assert report["rows"]["technique"] == 2


def test_the_command_says_when_the_export_is_complete(graph: Graph, tmp_path: Path) -> None:
    small_catalog(graph)
    result = catalog("export", str(tmp_path / "legacy.db"))
    assert result.returncode == 0, result.stderr
    assert "complete: the legacy catalog holds everything in the graph" in result.stdout


def test_the_command_refuses_an_existing_file_with_exit_1(graph: Graph, tmp_path: Path) -> None:
    (tmp_path / "legacy.db").write_text("keep me")
    result = catalog("export", str(tmp_path / "legacy.db"))
    assert result.returncode == 1
    assert "already exists; choose a new path or pass --force" in result.stderr
    assert (tmp_path / "legacy.db").read_text() == "keep me"


def test_an_unwritable_report_path_is_a_failure_naming_the_option(
    graph: Graph, tmp_path: Path
) -> None:
    small_catalog(graph)
    result = catalog(
        "export", str(tmp_path / "legacy.db"), "--report", str(tmp_path / "no" / "report.json")
    )
    assert result.returncode == 1
    assert "--report" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_has_help_with_an_example() -> None:
    result = catalog("export", "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout
