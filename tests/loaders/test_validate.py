"""`catalog validate` on a real graph: what it catches, whatever the batch boundaries.

Validation reads the source in batches of ids and the graph by the id range of each batch,
a few batches ahead in a worker thread; these tests break the graph at batch edges, in id
gaps and across batches, and check the report is the same at every batch size.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.connection import Graph
from loaders.migrate import MigrationOptions, check_source, migrate
from loaders.sources import open_source
from loaders.validate import ValidationReport, validate, validate_source
from support.corrupt import corrupt_catalog_rows
from support.legacy import LegacyRows, legacy_sqlite

BATCH_SIZES = [1, 2, 7, 5000]


def migrated(spec: str, graph: Graph, **options: bool) -> None:
    with open_source(spec) as source:
        report = migrate(source, graph, MigrationOptions(**options))
    assert report.outcome == "migrated"


def validated(spec: str, graph: Graph, batch_size: int = 5000) -> ValidationReport:
    with open_source(spec) as source:
        problems, _ = check_source(source)
        return validate(source, graph, problems, batch_size)


def same_at_every_batch_size(spec: str, graph: Graph) -> dict[str, Any]:
    """The report, checked to be the same whatever the batch size."""
    reports = [validated(spec, graph, size).as_dict() for size in BATCH_SIZES]
    for size, report in zip(BATCH_SIZES[1:], reports[1:], strict=True):
        assert report == reports[0], f"batch size {size} differs from {BATCH_SIZES[0]}"
    return reports[0]


def counts_off(report: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {c["what"]: (c["expected"], c["actual"]) for c in report["counts"] if not c["ok"]}


@pytest.fixture
def bundled_graph(bundled_sqlite: Path, graph: Graph) -> str:
    migrated(str(bundled_sqlite), graph)
    return str(bundled_sqlite)


def test_the_bundled_catalog_validates_at_every_batch_size(
    bundled_graph: str, graph: Graph
) -> None:
    report = same_at_every_batch_size(bundled_graph, graph)
    assert report["ok"], report
    assert report["mismatchCount"] == 0
    assert report["rules"]["notApplicable"] == report["expectedNotApplicable"] > 0
    assert report["duplicateKeys"] == {
        label: 0
        for label in ("Goal", "Category", "SubCategory", "Technique", "Tag", "AttributeType")
    }


def test_a_field_changed_at_a_batch_edge_is_named(bundled_graph: str, graph: Graph) -> None:
    # With batches of 7, rows 7 and 8 end one batch and start the next.
    graph.write("MATCH (t:Technique) WHERE t.legacyId IN [7, 8] SET t.description = 'changed'")
    graph.write("MATCH (t:Tag {legacyId: 1}) SET t.name = 'renamed'")
    report = same_at_every_batch_size(bundled_graph, graph)
    assert not report["ok"]
    assert report["mismatchCount"] == 3
    mismatches = "\n".join(report["mismatches"])
    for row in (7, 8):
        assert f"technique row {row}: description is 'changed' in the graph, " in mismatches
    assert "tag row 1: name is 'renamed' in the graph" in mismatches
    assert not counts_off(report)


def test_a_lost_link_and_a_lost_node_are_found(bundled_graph: str, graph: Graph) -> None:
    last_tag_link = graph.read("MATCH ()-[r:TAGGED]->() RETURN max(r.legacyId) AS id")[0]["id"]
    graph.write(
        "MATCH ()-[r:TAGGED]->() WHERE r.legacyId IN [1, 7, $last] DELETE r",
        {"last": last_tag_link},
    )
    graph.write("MATCH ()-[r:RELATED_TO {legacyId: 8}]->() DELETE r")
    graph.write("MATCH (t:Tag {legacyId: 2}) DETACH DELETE t")
    report = same_at_every_batch_size(bundled_graph, graph)
    mismatches = report["mismatches"]
    for row in (1, 7, last_tag_link):
        assert f"technique_tag row {row}: no TAGGED link in the graph" in mismatches
    assert "technique_relationship row 8: no RELATED_TO link in the graph" in mismatches
    assert "tag row 2: not in the graph" in mismatches
    off = counts_off(report)
    assert set(off) == {"technique_tag", "technique_relationship", "tag"}
    assert off["technique_relationship"][0] == off["technique_relationship"][1] + 1


def test_a_node_moved_to_another_batch_is_missing_where_it_belongs(
    bundled_graph: str, graph: Graph
) -> None:
    # The count still agrees: only the row-by-row check can see it.
    graph.write("MATCH (t:Technique {legacyId: 7}) SET t.legacyId = 100000")
    report = same_at_every_batch_size(bundled_graph, graph)
    assert not report["ok"]
    assert "technique row 7: not in the graph" in report["mismatches"]
    assert not counts_off(report)


def test_links_to_the_wrong_end_and_of_the_wrong_type_are_named(
    bundled_graph: str, graph: Graph
) -> None:
    link = graph.read(
        "MATCH (t:Technique)-[r:RELATED_TO {legacyId: 3}]->(o) "
        "RETURN t.legacyId AS source, o.legacyId AS target, r.type AS type"
    )[0]
    other = graph.read(
        "MATCH (o:Technique) WHERE NOT o.legacyId IN [$source, $target] "
        "RETURN o.legacyId AS id ORDER BY id LIMIT 1",
        link,
    )[0]["id"]
    graph.write(
        "MATCH (t:Technique)-[r:RELATED_TO {legacyId: 3}]->(), (o:Technique {legacyId: $other}) "
        "CREATE (t)-[n:RELATED_TO]->(o) SET n = properties(r) DELETE r",
        {"other": other},
    )
    graph.write("MATCH ()-[r:RELATED_TO {legacyId: 4}]->() SET r.type = 'invented'")
    report = same_at_every_batch_size(bundled_graph, graph)
    assert (
        f"technique_relationship row 3: links {link['source']} → {other} in the graph, "
        f"{link['source']} → {link['target']} in the source"
    ) in report["mismatches"]
    assert any(
        m.startswith("technique_relationship row 4: type 'invented' in the graph")
        for m in report["mismatches"]
    )
    assert report["mismatchCount"] == 2


def test_parents_and_scope_are_compared(bundled_graph: str, graph: Graph) -> None:
    graph.write(
        "MATCH (:Category {legacyId: 1})-[r:SERVES {legacy: true}]->() SET r.legacy = false"
    )
    scoped = graph.read(
        "MATCH (t:Technique)-[r:HAS_ATTRIBUTE]->(:AttributeValue {typeKey: 'scope'}) "
        "RETURN t.legacyId AS id ORDER BY id LIMIT 1"
    )[0]["id"]
    graph.write(
        "MATCH (:Technique {legacyId: $id})-[r:HAS_ATTRIBUTE]->(v:AttributeValue) "
        "WHERE v.typeKey = 'scope' DELETE r",
        {"id": scoped},
    )
    report = same_at_every_batch_size(bundled_graph, graph)
    mismatches = "\n".join(report["mismatches"])
    assert "category row 1: assurance_goal_id " in mismatches
    assert "is linked as [] in the graph" in mismatches
    assert f"technique row {scoped}: scope " in mismatches
    assert set(counts_off(report)) == {"category_goal_links", "scope_values"}


def test_orphans_rules_and_duplicate_keys_are_counted(bundled_graph: str, graph: Graph) -> None:
    graph.write("CREATE (:Category {name: 'Loose', key: 'loose'})")
    graph.write("CREATE (:Tag {name: 'no key'})")  # a node without a key counts as a duplicate
    # A value of a type that applies only to Fairness, on a technique outside Fairness.
    outside = graph.read(
        "MATCH (a:AttributeType {key: 'fairness approach'})-[:APPLIES_TO]->(f:Goal) "
        "MATCH (t:Technique) WHERE NOT (t)-[:HAS_PRIMARY_GOAL]->(f) "
        "AND NOT (t)-[:IN_CATEGORY]->(:Category)-[:SERVES]->(f) "
        "AND NOT (t)-[:HAS_ATTRIBUTE]->(:AttributeValue {typeKey: 'fairness approach'}) "
        "RETURN t.legacyId AS id ORDER BY id LIMIT 1"
    )[0]["id"]
    graph.write(
        "MATCH (t:Technique {legacyId: $id}), (v:AttributeValue {typeKey: 'fairness approach'}) "
        "WITH t, v ORDER BY v.legacyId LIMIT 1 CREATE (t)-[:HAS_ATTRIBUTE]->(v)",
        {"id": outside},
    )
    before = validated(bundled_graph, graph)
    graph.write("MATCH (a:AttributeType {key: 'scope'}) SET a.multiValued = false")
    report = same_at_every_batch_size(bundled_graph, graph)
    assert not report["ok"]
    assert report["orphans"]["categoriesWithoutGoal"] == 1
    assert report["duplicateKeys"]["Tag"] == 1
    assert report["rules"]["notApplicable"] == report["expectedNotApplicable"] + 1
    assert before.rules["singleValuedBroken"] == 0
    assert (
        report["rules"]["singleValuedBroken"]
        == graph.read(
            "MATCH (t:Technique)-[:HAS_ATTRIBUTE]->(:AttributeValue {typeKey: 'scope'}) "
            "WITH t, count(*) AS n WHERE n > 1 RETURN count(*) AS n"
        )[0]["n"]
        > 0
    )
    assert report["mismatchCount"] == 0


def sparse_rows() -> LegacyRows:
    """A catalog whose ids leave gaps, so a batch's id range spans ids no source row has."""
    return {
        "assurance_goal": [(1, "Explainability", "x"), (5, "Fairness", "f")],
        "category": [(2, "Feature Analysis", "d", 1), (40, "Group", "d", 5)],
        "sub_category": [(3, "Importance", "d", 2)],
        "tag": [(1, "a"), (10, "b"), (11, "c"), (500, "d/e")],
        "technique": [
            (1, "SHAP", "s", 1, "Model-Agnostic", "u", "Global"),
            (9, "LIME", "l", 1, "Model-Agnostic", "u", "Local"),
            (30, "Reweighing", "r", 5, "Model-Agnostic", "u", None),
            (31, "Disparate Impact", "d", 5, "Model-Agnostic", "u", None),
        ],
        "fairness_approach": [(4, "Pre-processing")],
        "project_lifecycle_stage": [(6, "Model Development")],
        "technique_category": [(1, 1, 2), (20, 9, 2), (21, 30, 40)],
        "technique_sub_category": [(5, 1, 3)],
        "technique_tag": [(2, 1, 1), (3, 1, 10), (90, 9, 11), (91, 30, 500), (400, 31, 1)],
        "technique_fairness_approach": [(8, 30, 4)],
        "technique_project_lifecycle_stage": [(8, 31, 6)],
        "technique_relationship": [(1, 1, 9, "related"), (50, 9, 1, "alternative")],
    }


def test_graph_rows_in_an_id_gap_are_left_to_the_counts(tmp_path: Path, graph: Graph) -> None:
    spec = str(legacy_sqlite(tmp_path / "sparse.db", sparse_rows()))
    migrated(spec, graph)
    assert same_at_every_batch_size(spec, graph)["ok"]
    # Rows inside a batch's range that no source row has: more than the source says.
    graph.write(
        "MATCH (t:Technique {legacyId: 9}), (g:Tag {legacyId: 10}) "
        "CREATE (:Tag {name: 'stray', key: 'stray', legacyId: 7}), "
        "(t)-[:TAGGED {legacyId: 50}]->(g)"
    )
    report = same_at_every_batch_size(spec, graph)
    assert not report["ok"]
    assert report["mismatchCount"] == 0
    assert counts_off(report) == {"tag": (4, 5), "technique_tag": (5, 6)}


def test_skipped_and_merged_rows_are_accounted_for_at_every_batch_size(
    tmp_path: Path, graph: Graph
) -> None:
    spec = str(legacy_sqlite(tmp_path / "corrupt.db", corrupt_catalog_rows()))
    migrated(spec, graph, skip_invalid=True)
    report = same_at_every_batch_size(spec, graph)
    assert report["ok"], report
    # Row 2 repeats row 1's link (through a merged tag): row 1's link stands for both.
    graph.write("MATCH ()-[r:TAGGED {legacyId: 1}]->() DELETE r")
    report = same_at_every_batch_size(spec, graph)
    assert "technique_tag row 1: no TAGGED link in the graph" in report["mismatches"]


def test_validate_source_runs_the_check_pass_and_agrees_with_validate(
    bundled_graph: str, graph: Graph
) -> None:
    graph.write("MATCH ()-[r:TAGGED {legacyId: 3}]->() DELETE r")
    with open_source(bundled_graph) as source:
        report = validate_source(source, graph, batch_size=7)
    assert report.as_dict() == validated(bundled_graph, graph).as_dict()
    assert report.mismatches == ["technique_tag row 3: no TAGGED link in the graph"]
