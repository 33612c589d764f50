"""A sync over a migrated graph, on real sources (SQLite and PostgreSQL) and a real Neo4j:
creates, updates and deletes from the source arrive; what editors changed or made stays;
conflicts refuse the sync until --prefer settles them; renumbered sources match by name.

Editors' changes are written here as the API's writes leave them: new values on the node,
stamped `updatedBy`/`updatedAt` with the version bumped, and links without provenance (the
API never sets `src`)."""

from __future__ import annotations

import json
from pathlib import Path

from graph.connection import Graph
from graph.fingerprint import graph_content
from graph.stats import graph_stats
from graph.writes.vocabulary import create_model_dependency, model_dependencies
from loaders.sources import open_source
from loaders.validate import validate_source
from support.commands import catalog
from support.guard import wipe_test_data
from support.legacy import LegacyDatabase
from support.sync_catalog import change_source, first_load, run_sync, small_catalog


def content_without_versions(graph: Graph) -> list[str]:
    """The graph's content less `Technique.version`, which counts writes, not values."""
    graph_rows = graph_content(graph)
    out = []
    for row in graph_rows:
        data = json.loads(row)
        data.get("props", {}).pop("version", None)
        out.append(json.dumps(data, sort_keys=True))
    return sorted(out)


def one(graph: Graph, query: str) -> object:
    rows = graph.read(query)
    assert len(rows) == 1, rows
    return next(iter(rows[0].values()))


def test_creates_updates_and_deletes_arrive_and_match_a_clean_load(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    change_source(
        spec,
        "DELETE FROM technique_relationship WHERE technique_from_id = 4",
        "DELETE FROM technique_tag WHERE technique_id = 4",
        "DELETE FROM technique_category WHERE technique_id = 4",
        "DELETE FROM technique WHERE id = 4",
        "DELETE FROM tag WHERE id = 3",
        "UPDATE technique SET description = 'Shapley values, exactly.' WHERE id = 1",
        "DELETE FROM technique_tag WHERE id = 2",
        "UPDATE technique SET scope = 'Global' WHERE id = 3",
        "INSERT INTO technique VALUES (5, 'Counterfactuals', 'What if.', 2, 'Any', 'E.', NULL)",
        "INSERT INTO technique_tag VALUES (6, 5, 2)",
        "INSERT INTO technique_category VALUES (5, 5, 2)",
        "UPDATE category SET name = 'Feature Attribution' WHERE id = 2",
        "UPDATE tag SET name = 'evidence/quantitative-metric' WHERE id = 2",
    )
    report = run_sync(spec, graph)
    assert report.outcome == "synced", report.plan.as_dict()
    assert report.validation is not None and report.validation["ok"], report.validation
    counts = report.plan.counts()
    assert counts["conflict"] == 0
    assert counts["create"] >= 3 and counts["delete"] >= 4 and counts["update"] >= 2
    assert one(graph, "MATCH (t:Technique {legacyId: 1}) RETURN t.description") == (
        "Shapley values, exactly."
    )
    assert one(graph, "MATCH (t:Technique {legacyId: 4}) RETURN count(t)") == 0
    assert one(graph, "MATCH (t:Tag {legacyId: 3}) RETURN count(t)") == 0
    assert one(graph, "MATCH (:Technique {legacyId: 1})-[r:TAGGED]->() RETURN count(r)") == 1
    assert one(graph, "MATCH (t:Tag {legacyId: 2}) RETURN t.caption") == (
        "quantitative metric (evidence)"
    )
    synced = content_without_versions(graph)
    # The same source loaded whole into an empty graph gives the same graph.
    wipe_test_data(graph)
    first_load(spec, graph)
    assert content_without_versions(graph) == synced
    # And a second sync finds nothing to do.
    again = run_sync(spec, graph)
    assert again.plan.changes == [] and again.outcome == "synced"


def test_every_kind_of_new_row_arrives_and_matches_a_clean_load(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    """A goal, a tag and the other parentless kinds are written with no parent statement;
    each kind added at once, with a technique that uses them all."""
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    change_source(
        spec,
        "INSERT INTO assurance_goal VALUES (3, 'Safety', 'No harm.')",
        "INSERT INTO category VALUES (3, 'Robustness Testing', 'Stress it.', 3)",
        "INSERT INTO sub_category VALUES (2, 'Adversarial Inputs', 'Attack it.', 3)",
        "INSERT INTO tag VALUES (4, 'assurance-goal-category/safety')",
        "INSERT INTO fairness_approach VALUES (2, 'In-processing')",
        "INSERT INTO project_lifecycle_stage VALUES (2, 'Deployment')",
        "INSERT INTO technique VALUES (5, 'Fuzzing', 'Random inputs.', 3, 'Any', 'E.', NULL)",
        "INSERT INTO technique_category VALUES (5, 5, 3)",
        "INSERT INTO technique_sub_category VALUES (2, 5, 2)",
        "INSERT INTO technique_tag VALUES (6, 5, 4)",
        "INSERT INTO technique_fairness_approach VALUES (2, 5, 2)",
        "INSERT INTO technique_project_lifecycle_stage VALUES (2, 5, 2)",
        "INSERT INTO technique_relationship VALUES (4, 5, 1, 'related')",
    )
    report = run_sync(spec, graph)
    assert report.outcome == "synced", report.plan.as_dict()
    assert report.validation is not None and report.validation["ok"], report.validation
    assert one(graph, "MATCH (:Goal {name: 'Safety'})<-[:SERVES]-(c) RETURN c.name") == (
        "Robustness Testing"
    )
    assert one(graph, "MATCH (t:Technique {name: 'Fuzzing'})-[:TAGGED]->(g) RETURN g.caption")
    synced = content_without_versions(graph)
    wipe_test_data(graph)
    first_load(spec, graph)
    assert content_without_versions(graph) == synced


def test_an_editors_change_survives_and_a_conflict_is_refused_then_settled(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    graph.write(
        "MATCH (t:Technique {legacyId: 1}) SET t.name = 'SHAP (editor)', t.key = 'shap (editor)',"
        " t.version = t.version + 1, t.updatedBy = 'editor', t.updatedAt = '2026-12-07T00:00:00Z'"
    )
    change_source(spec, "UPDATE technique SET description = 'New text.' WHERE id = 1")
    report = run_sync(spec, graph)
    assert report.outcome == "synced"
    assert graph.read(
        "MATCH (t:Technique {legacyId: 1}) RETURN t.name AS n, t.description AS d"
    ) == [{"n": "SHAP (editor)", "d": "New text."}]
    # validate lists the editor's change and passes.
    assert report.validation is not None and report.validation["ok"], report.validation
    assert any("SHAP (editor)" in line for line in report.validation["editorChanges"])

    change_source(spec, "UPDATE technique SET name = 'SHAP values' WHERE id = 1")
    refused = run_sync(spec, graph)
    assert refused.outcome == "conflicts"
    [conflict] = refused.plan.conflicts
    assert conflict.src == "technique:1" and "name" in (conflict.conflict or "")
    assert one(graph, "MATCH (t:Technique {legacyId: 1}) RETURN t.name") == "SHAP (editor)"

    kept = run_sync(spec, graph, prefer="graph")
    assert kept.outcome == "synced"
    assert one(graph, "MATCH (t:Technique {legacyId: 1}) RETURN t.name") == "SHAP (editor)"
    assert run_sync(spec, graph).plan.changes == []  # settled for good

    change_source(spec, "UPDATE technique SET name = 'SHAP v2' WHERE id = 1")
    assert run_sync(spec, graph).outcome == "conflicts"
    taken = run_sync(spec, graph, prefer="source")
    assert taken.outcome == "synced"
    assert one(graph, "MATCH (t:Technique {legacyId: 1}) RETURN t.name") == "SHAP v2"
    assert one(graph, "MATCH (t:Technique {legacyId: 1}) RETURN t.key") == "shap v2"


def test_what_editors_made_is_never_deleted_by_a_sync(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    # An editor's technique in category 1, and an editor's tag on technique 2.
    graph.write(
        "MATCH (g:Goal {key: 'fairness'}), (c:Category {key: 'bias mitigation'}) "
        "CREATE (t:Technique {slug: 'editor-made', name: 'Editor Made', key: 'editor made', "
        "description: '', modelDependency: '', exampleUseCase: '', version: 1}) "
        "CREATE (t)-[:HAS_PRIMARY_GOAL]->(g) CREATE (t)-[:IN_CATEGORY]->(c)"
    )
    graph.write(
        "MATCH (t:Technique {legacyId: 2}) CREATE (t)-[:TAGGED]->(:Tag {name: 'new', key: 'new'})"
    )
    change_source(
        spec,
        "DELETE FROM technique_category WHERE category_id = 1",
        "DELETE FROM technique_sub_category",
        "DELETE FROM sub_category",
        "DELETE FROM category WHERE id = 1",
    )
    refused = run_sync(spec, graph)
    assert refused.outcome == "conflicts"
    [conflict] = refused.plan.conflicts
    assert conflict.src == "category:1" and "an editor made" in (conflict.conflict or "")
    kept = run_sync(spec, graph, prefer="graph")
    assert kept.outcome == "synced"
    # The category stays, the editor's now (no provenance), with the editor's technique.
    assert graph.read(
        "MATCH (t:Technique {key: 'editor made'})-[:IN_CATEGORY]->(c) "
        "RETURN c.name AS c, c.src AS s"
    ) == [{"c": "Bias Mitigation", "s": None}]
    assert one(graph, "MATCH (:Technique {legacyId: 2})-[:IN_CATEGORY]->(c) RETURN count(c)") == 0
    assert (
        one(
            graph,
            "MATCH (:Technique {legacyId: 2})-[:TAGGED]->(t:Tag {key: 'new'}) RETURN count(t)",
        )
        == 1
    )
    # validate names the technique an editor made and passes.
    assert kept.validation is not None and kept.validation["ok"], kept.validation
    assert "Editor Made" in kept.validation["madeByEditors"]["Technique"]
    provenance = graph_stats(graph)["provenance"]
    assert provenance["nodesFromEditors"] == 3  # the technique, the tag, the kept category
    assert provenance["nodesFromSource"] > 0 and provenance["linksFromEditors"] >= 2


def test_a_renumbered_source_matches_by_name_without_constraint_errors(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    rows = small_catalog()
    spec = legacy_db.with_rows(rows)
    first_load(spec, graph)
    change_source(
        spec,
        "UPDATE technique SET id = id + 100",
        "UPDATE technique_tag SET technique_id = technique_id + 100, id = id + 50",
        "UPDATE technique_category SET technique_id = technique_id + 100",
        "UPDATE technique_sub_category SET technique_id = technique_id + 100",
        "UPDATE technique_fairness_approach SET technique_id = technique_id + 100",
        "UPDATE technique_project_lifecycle_stage SET technique_id = technique_id + 100",
        "UPDATE technique_relationship SET technique_from_id = technique_from_id + 100, "
        "technique_to_id = technique_to_id + 100",
        "UPDATE tag SET id = id + 10",
        "UPDATE technique_tag SET tag_id = tag_id + 10",
    )
    report = run_sync(spec, graph)
    assert report.outcome == "synced", [c.as_dict() for c in report.plan.conflicts]
    adopted = report.plan.of("adopt")
    assert {c.src for c in adopted} >= {"technique:101", "tag:11", "technique_tag:51"}
    assert all(c.note and "was" in c.note for c in adopted)
    assert report.validation is not None and report.validation["ok"], report.validation
    assert one(graph, "MATCH (t:Technique {key: 'shap'}) RETURN t.legacyId") == 101
    assert one(graph, "MATCH (t:Technique) RETURN count(t)") == 4


def test_an_api_technique_named_like_a_new_row_is_a_conflict(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    graph.write(
        "MATCH (g:Goal {key: 'explainability'}) "
        "CREATE (t:Technique {slug: 'dice', name: 'DiCE', key: 'dice', description: 'Mine.', "
        "modelDependency: '', exampleUseCase: '', version: 1})-[:HAS_PRIMARY_GOAL]->(g)"
    )
    change_source(
        spec, "INSERT INTO technique VALUES (9, 'DiCE', 'Theirs.', 2, 'Agnostic', 'E.', NULL)"
    )
    refused = run_sync(spec, graph)
    assert refused.outcome == "conflicts"
    [conflict] = refused.plan.conflicts
    assert "made through the API" in (conflict.conflict or "")
    kept = run_sync(spec, graph, prefer="graph")
    assert kept.outcome == "synced"
    assert graph.read(
        "MATCH (t:Technique {key: 'dice'}) RETURN t.description AS d, t.src AS s"
    ) == [{"d": "Mine.", "s": "technique:9"}]


def test_a_node_an_editor_deleted_is_not_brought_back(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    graph.write("MATCH (t:Technique {legacyId: 3}) DETACH DELETE t")
    change_source(spec, "UPDATE technique SET description = 'Other.' WHERE id = 1")
    report = run_sync(spec, graph)
    assert report.outcome == "synced"
    assert one(graph, "MATCH (t:Technique {legacyId: 3}) RETURN count(t)") == 0
    change_source(spec, "UPDATE technique SET description = 'Changed too.' WHERE id = 3")
    assert run_sync(spec, graph).outcome == "conflicts"
    back = run_sync(spec, graph, prefer="source")
    assert back.outcome == "synced"
    assert one(graph, "MATCH (t:Technique {legacyId: 3}) RETURN t.description") == "Changed too."


def test_catalog_diff_prints_the_plan_and_writes_nothing(
    tmp_path: Path, legacy_db: LegacyDatabase, graph: Graph
) -> None:
    if legacy_db.engine != "sqlite":
        return
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    long_text = " ".join(f"word{i}" for i in range(80))
    change_source(
        spec,
        f"UPDATE technique SET description = '{long_text}' WHERE id = 2",
        "DELETE FROM technique_tag WHERE id = 5",
    )
    before = graph_content(graph)
    human = catalog("diff", spec)
    assert human.returncode == 0, human.stderr
    assert "update  Technique       technique:2" in human.stdout
    assert "--- description (graph)" in human.stdout and "+word79" not in human.stdout
    assert "delete  TAGGED          technique_tag:5" in human.stdout
    machine = catalog("diff", spec, "--json")
    plan = json.loads(machine.stdout)["plan"]
    assert plan["counts"]["update"] == 1 and plan["counts"]["delete"] == 1
    assert graph_content(graph) == before
    migrated = catalog("migrate", spec, "--no-backup")
    assert migrated.returncode == 0, migrated.stderr
    assert "sync plan: 1 update, 1 delete" in migrated.stdout


def test_catalog_diff_lists_the_vocabulary_values_a_sync_would_add(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    if legacy_db.engine != "sqlite":
        return
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    change_source(
        spec,
        "UPDATE technique SET model_dependency = 'Model-Specific' WHERE id = 1",
        "UPDATE technique SET model_dependency = ' model-specific' WHERE id = 2",
    )
    before = graph_content(graph)
    human = catalog("diff", spec)
    assert human.returncode == 0, human.stderr
    assert "1 model dependencies to add" in human.stdout.splitlines()[0]
    assert "add     model dependencies 'Model-Specific'" in human.stdout
    machine = json.loads(catalog("diff", spec, "--json").stdout)
    assert machine["adding"] == {"model dependencies": ["Model-Specific"]}
    assert graph_content(graph) == before
    report = run_sync(spec, graph)
    assert report.adding == {"model dependencies": ["Model-Specific"]}
    assert report.added == {"model dependencies": 1}
    assert run_sync(spec, graph).adding == {"model dependencies": []}


def vocabulary(graph: Graph) -> list[dict[str, object]]:
    return graph.read(
        "MATCH (m:ModelDependency) RETURN m.name AS name, m.key AS key, m.src AS src ORDER BY m.key"
    )


def test_the_vocabulary_grows_with_the_source_and_loses_nothing(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    create_model_dependency(graph, "Model-Free")
    # No technique holds Model-Agnostic any more; two hold a new value, spelt two ways.
    change_source(
        spec,
        "UPDATE technique SET model_dependency = 'Model-Specific' WHERE id IN (1, 2)",
        "UPDATE technique SET model_dependency = ' model-specific' WHERE id IN (3, 4)",
    )
    report = run_sync(spec, graph)
    assert report.outcome == "synced", report.plan.as_dict()
    assert report.added == {"model dependencies": 1}
    assert report.validation is not None and report.validation["ok"], report.validation
    assert vocabulary(graph) == [
        {
            "name": "Model-Agnostic",
            "key": "model-agnostic",
            "src": "model_dependency:model-agnostic",
        },
        {"name": "Model-Free", "key": "model-free", "src": None},
        {
            "name": "Model-Specific",
            "key": "model-specific",
            "src": "model_dependency:model-specific",
        },
    ]
    assert model_dependencies(graph) == ["Model-Agnostic", "Model-Free", "Model-Specific"]
    assert report.validation["madeByEditors"]["ModelDependency"] == ["Model-Free"]
    stats = graph_stats(graph)
    assert stats["nodes"]["ModelDependency"] == 3
    assert stats["provenance"]["nodesFromEditors"] == 1  # Model-Free
    again = run_sync(spec, graph)
    assert again.added == {"model dependencies": 0} and again.plan.changes == []


def test_a_graph_migrated_before_the_vocabulary_gets_it_from_its_next_sync(
    legacy_db: LegacyDatabase, graph: Graph
) -> None:
    spec = legacy_db.with_rows(small_catalog())
    first_load(spec, graph)
    graph.write("MATCH (m:ModelDependency) DELETE m")  # as a load before the vocabulary left it
    with open_source(spec) as source:
        stale = validate_source(source, graph)
    assert not stale.ok
    assert any("'Model-Agnostic'" in line and "vocabulary" in line for line in stale.mismatches)
    report = run_sync(spec, graph)
    assert report.added == {"model dependencies": 1}
    assert report.validation is not None and report.validation["ok"], report.validation
    assert model_dependencies(graph) == ["Model-Agnostic"]
