"""The edit history: who, when, before/after per field; past versions and restoring one;
soft deletes (invisible to reads, restorable, purged by an admin); stale writes refused with
what changed."""

from __future__ import annotations

from typing import Any

from graph.connection import Graph
from support.write_client import CREATE_TECHNIQUE, WriteClient, technique_input

UPDATE = """mutation($slug: String!, $input: TechniqueInput!, $v: Int) {
  updateTechnique(slug: $slug, input: $input, expectedVersion: $v) {
    __typename ... on Technique { version description }
    ... on ValidationError { field rule message currentVersion
      changes { field before after } } } }"""
HISTORY = """query($slug: String!, $limit: Int, $offset: Int) {
  techniqueHistory(slug: $slug, limit: $limit, offset: $offset) {
    version deleted total
    entries { version at by action restoredFrom source changes { field before after } } } }"""
VERSION = """query($slug: String!, $version: Int!) {
  techniqueVersion(slug: $slug, version: $version) { version name description tags
    attributes { type values } } }"""
RESTORE_VERSION = """mutation($slug: String!, $version: Int!) {
  restoreTechniqueVersion(slug: $slug, version: $version) {
    __typename ... on Technique { version description }
    ... on ValidationError { rule message } } }"""
DELETE = """mutation($slug: String!, $v: Int) { deleteTechnique(slug: $slug, expectedVersion: $v) {
  __typename ... on ValidationError { rule message } } }"""
RESTORE = """mutation($slug: String!) { restoreTechnique(slug: $slug) {
  __typename ... on Technique { slug version } ... on ValidationError { rule message } } }"""
PURGE = """mutation($slug: String!) { purgeTechnique(slug: $slug) {
  __typename ... on ValidationError { rule message } } }"""
DELETED = "{ deletedTechniques { slug name deletedBy } }"
READS = """query($slug: String!) { technique(slug: $slug) { slug }
  techniques { slug } techniqueFacets { total }
  goal(name: "Fairness") { techniques { slug } } }"""


def _made(world: WriteClient) -> str:
    made = world.result(CREATE_TECHNIQUE, {"input": technique_input()}, role="editor")
    return str(made["slug"])


def _update(world: WriteClient, slug: str, v: int | None = None, **input: Any) -> dict[str, Any]:
    return world.result(UPDATE, {"slug": slug, "input": input, "v": v}, role="editor")


def test_each_write_records_who_when_and_each_changed_field(
    world: WriteClient, empty: Graph
) -> None:
    slug = _made(world)
    _update(world, slug, description="Second.")
    _update(world, slug, tags=[], modelDependency="")
    history = world.result(HISTORY, {"slug": slug}, role="editor")
    assert (history["version"], history["total"]) == (3, 3)
    newest, middle, first = history["entries"]
    assert [e["action"] for e in history["entries"]] == ["update", "update", "create"]
    assert {e["by"] for e in history["entries"]} == {"editor token " + _digest8(world)}
    assert all(e["at"].endswith("+00:00") for e in history["entries"])
    assert newest["changes"] == [
        {"field": "modelDependency", "before": "Model-Specific", "after": None},
        {"field": "tags", "before": ["data-type/tabular"], "after": []},
    ]
    assert middle["changes"] == [
        {
            "field": "description",
            "before": "Trains a model and an adversary together.",
            "after": "Second.",
        }
    ]
    assert {c["field"] for c in first["changes"]} >= {"name", "primaryGoal", "attributes"}
    node = empty.read(
        "MATCH (t:Technique {slug: $slug}) RETURN t.updatedBy AS by, t.updatedAt AS at",
        {"slug": slug},
    )[0]
    assert node["by"] == newest["by"] and node["at"] == newest["at"]
    page = world.result(HISTORY, {"slug": slug, "limit": 1, "offset": 1}, role="editor")
    assert [e["version"] for e in page["entries"]] == [2]


def _digest8(world: WriteClient) -> str:
    from api.auth import digest_of

    return digest_of(world.tokens["editor"])[:8]


def test_a_past_version_can_be_read_and_restored_as_a_new_write(world: WriteClient) -> None:
    slug = _made(world)
    _update(world, slug, description="Second.", tags=[])
    past = world.result(VERSION, {"slug": slug, "version": 1}, role="editor")
    assert past["description"] == "Trains a model and an adversary together."
    assert past["tags"] == ["data-type/tabular"]
    restored = world.result(RESTORE_VERSION, {"slug": slug, "version": 1}, role="editor")
    assert restored == {
        "__typename": "Technique",
        "version": 3,
        "description": "Trains a model and an adversary together.",
    }
    newest = world.result(HISTORY, {"slug": slug}, role="editor")["entries"][0]
    assert (newest["action"], newest["restoredFrom"]) == ("restore", 1)
    assert {c["field"] for c in newest["changes"]} == {"description", "tags"}
    unknown = world.result(RESTORE_VERSION, {"slug": slug, "version": 9}, role="editor")
    assert unknown["rule"] == "known-reference"


def test_a_stale_write_is_refused_with_the_current_version_and_what_changed(
    world: WriteClient,
) -> None:
    slug = _made(world)
    _update(world, slug, v=1, description="Theirs.")
    stale = _update(world, slug, v=1, description="Mine.")
    assert stale["rule"] == "version-conflict"
    assert stale["currentVersion"] == 2
    assert stale["changes"] == [
        {
            "field": "description",
            "before": "Trains a model and an adversary together.",
            "after": "Theirs.",
        }
    ]
    assert "description changed" in stale["message"]


def test_a_deleted_technique_leaves_every_read_and_can_be_restored_or_purged(
    world: WriteClient, empty: Graph
) -> None:
    slug = _made(world)
    assert world.result(DELETE, {"slug": slug, "v": 1}, role="editor") == {"__typename": "Deleted"}
    reads = world.post(READS, {"slug": slug})["data"]
    assert reads == {
        "technique": None,
        "techniques": [],
        "techniqueFacets": {"total": 0},
        "goal": {"techniques": []},
    }
    listed = world.post(DELETED, role="editor")["data"]["deletedTechniques"]
    assert [d["slug"] for d in listed] == [slug]
    history = world.result(HISTORY, {"slug": slug}, role="editor")
    assert history["deleted"] is True and history["entries"][0]["action"] == "delete"
    # Its name is free for a new technique meanwhile, so restoring it would clash.
    assert world.result(RESTORE, {"slug": slug}, role="editor")["__typename"] == "Technique"
    assert world.post(READS, {"slug": slug})["data"]["technique"] == {"slug": slug}
    refused = world.result(PURGE, {"slug": slug}, role="admin")
    assert refused["rule"] == "deleted-first"
    world.result(DELETE, {"slug": slug}, role="editor")
    editor = world.post(PURGE, {"slug": slug}, role="editor")
    assert editor["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert world.result(PURGE, {"slug": slug}, role="admin") == {"__typename": "Deleted"}
    assert empty.read("MATCH (n) WHERE n:DeletedTechnique OR n:Change RETURN count(n) AS n") == [
        {"n": 0}
    ]


def test_restoring_a_deleted_technique_whose_name_was_taken_is_refused(
    world: WriteClient,
) -> None:
    slug = _made(world)
    world.result(DELETE, {"slug": slug}, role="editor")
    again = world.result(CREATE_TECHNIQUE, {"input": technique_input()}, role="editor")
    assert again["slug"] != slug  # slugs of deleted techniques stay reserved
    assert world.result(RESTORE, {"slug": slug}, role="editor")["rule"] == "unique-name"


def test_a_migrated_technique_shows_its_migration_as_the_first_entry(
    world: WriteClient, empty: Graph
) -> None:
    slug = _made(world)
    empty.write(
        "MATCH (t:Technique {slug: $slug})-[r:HAS_CHANGE]->(c:Change) "
        "SET t.src = 'technique:42' DETACH DELETE c",
        {"slug": slug},
    )
    before = world.result(HISTORY, {"slug": slug}, role="editor")
    assert [(e["action"], e["by"], e["source"]) for e in before["entries"]] == [
        ("migrated", "migration", "technique:42")
    ]
    _update(world, slug, description="Edited.")
    after = world.result(HISTORY, {"slug": slug}, role="editor")
    assert [e["action"] for e in after["entries"]] == ["update", "migrated"]
    assert after["entries"][1]["version"] == 1
    original = world.result(VERSION, {"slug": slug, "version": 1}, role="editor")
    assert original["description"] == "Trains a model and an adversary together."


def test_history_reads_need_a_token(world: WriteClient) -> None:
    slug = _made(world)
    answer = world.post(HISTORY, {"slug": slug}, role=None)
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
