"""The concurrency family: bounded interleavings of create, update, delete and attribute
writes, sent at once over loopback HTTP to a real uvicorn. No interleaving may give an
internal error; every accepted write is in the history; a loser gets a ValidationError
naming the rule (and, for a stale version, what changed)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from pydantic import SecretStr

from api.app import create_app
from api.settings import ApiSettings
from graph.connection import Graph
from graph.schema import install_schema
from support.guard import wipe_test_data
from support.loopback import LoopbackClient, serving
from support.write_client import make_tokens, tokens_env

ROUNDS = 3
WRITERS = 20

CREATE_GOAL = 'mutation { createGoal(name: "Fairness") { __typename } }'
CREATE_TYPE = """mutation { createAttributeType(input: {name: "Approach", multiValued: true,
  applicableGoals: ["Fairness"], values: ["Pre", "Post"]}) { __typename } }"""
ADD_VALUE = """mutation($name: String!) { addAttributeValue(type: "Approach", name: $name) {
  __typename } }"""
REMOVE_VALUE = """mutation($name: String!) { removeAttributeValue(type: "Approach", name: $name) {
  __typename ... on ValidationError { rule } } }"""
CREATE = """mutation($name: String!) { createTechnique(input: {name: $name,
  description: "d", primaryGoal: "Fairness"}) {
  __typename ... on Technique { slug } ... on ValidationError { rule message } } }"""
UPDATE = """mutation($slug: String!, $input: TechniqueInput!, $v: Int) {
  updateTechnique(slug: $slug, input: $input, expectedVersion: $v) {
    __typename ... on Technique { version attributes { value { name } } }
    ... on ValidationError { rule message currentVersion changes { field } } } }"""
DELETE = """mutation($slug: String!) { deleteTechnique(slug: $slug) {
  __typename ... on ValidationError { rule } } }"""
HISTORY = """query($slug: String!) { techniqueHistory(slug: $slug, limit: 100) {
  total entries { version action changes { field after } } } }"""


@pytest.fixture(scope="module")
def client(session_graph: Graph, api_settings: ApiSettings) -> Iterator[LoopbackClient]:
    tokens = make_tokens()
    write_settings = api_settings.model_copy(update={"api_tokens": SecretStr(tokens_env(tokens))})
    install_schema(session_graph)
    graph = Graph(session_graph.driver, write_settings)
    with serving(create_app(write_settings, graph)) as url:
        yield LoopbackClient(url, tokens)


@pytest.fixture
def world(client: LoopbackClient, session_graph: Graph) -> LoopbackClient:
    wipe_test_data(session_graph)
    for query in (CREATE_GOAL, CREATE_TYPE):
        ok(client.post(query, role="admin"))
    return client


def ok(answer: tuple[int, dict[str, Any]]) -> dict[str, Any]:
    """The root field's value; never a 5xx, never a GraphQL error."""
    status, body = answer
    assert status == 200, body
    assert not body.get("errors"), body["errors"]
    (value,) = body["data"].values()
    assert isinstance(value, dict)
    return value


def call(client: LoopbackClient, query: str, variables: dict[str, Any]) -> Callable[[], Any]:
    """One request, ready to send."""
    return lambda: ok(client.post(query, variables))


def at_once(calls: list[Callable[[], dict[str, Any]]]) -> list[dict[str, Any]]:
    """Run the calls in parallel threads released together."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _technique(client: LoopbackClient, name: str) -> str:
    made = ok(client.post(CREATE, {"name": name}))
    assert made["__typename"] == "Technique", made
    return str(made["slug"])


def test_updates_racing_a_delete_are_each_accepted_or_refused_and_all_recorded(
    world: LoopbackClient,
) -> None:
    for n in range(ROUNDS):
        slug = _technique(world, f"Raced {n}")

        calls = [
            call(world, UPDATE, {"slug": slug, "input": {"description": f"writer {i}"}})
            for i in range(9)
        ] + [call(world, DELETE, {"slug": slug})]
        answers = at_once(calls)
        assert answers[-1]["__typename"] == "Deleted"
        accepted = [a for a in answers[:-1] if a["__typename"] == "Technique"]
        for refused in (a for a in answers[:-1] if a["__typename"] != "Technique"):
            assert refused["rule"] in {"known-reference", "concurrent-change"}, refused
        history = ok(world.post(HISTORY, {"slug": slug}))
        actions = [e["action"] for e in history["entries"]]
        assert actions[0] == "delete" and actions[-1] == "create"
        assert actions.count("update") == len(accepted)
        recorded = {e["version"] for e in history["entries"]}
        assert {a["version"] for a in accepted} <= recorded


def test_removing_a_value_while_an_update_sets_it_never_fails_internally(
    world: LoopbackClient, session_graph: Graph
) -> None:
    slug = _technique(world, "Holder")
    for n in range(ROUNDS):
        value = f"Mid {n}"
        ok(world.post(ADD_VALUE, {"name": value}))
        attributes = [{"type": "Approach", "values": ["Pre", value]}]
        update, removed = at_once(
            [
                call(world, UPDATE, {"slug": slug, "input": {"attributes": attributes}}),
                call(world, REMOVE_VALUE, {"name": value}),
            ]
        )
        assert removed["__typename"] == "RemovedValue", removed
        if update["__typename"] == "ValidationError":
            assert update["rule"] in {"known-reference", "concurrent-change"}, update
        held = session_graph.read(
            "MATCH (:Technique {slug: $slug})-[:HAS_ATTRIBUTE]->(v) RETURN v.name AS name",
            {"slug": slug},
        )
        assert value not in {row["name"] for row in held}


def test_creates_whose_distinct_names_slug_alike_all_succeed_with_distinct_slugs(
    world: LoopbackClient,
) -> None:
    marks = ["", "!", "?", ".", "!!", "#", "$", "%", "&", "*", "+", ",", ";", ":", "~", "^",
             "'", "(", ")", "@"]  # fmt: skip
    names = [f"Slug Race b{mark}" for mark in marks[:WRITERS]]
    answers = at_once([call(world, CREATE, {"name": name}) for name in names])
    assert [a["__typename"] for a in answers] == ["Technique"] * WRITERS, answers
    slugs = {a["slug"] for a in answers}
    assert len(slugs) == WRITERS
    assert all(s == "slug-race-b" or s.startswith("slug-race-b-") for s in slugs)


def test_twenty_writers_on_one_technique_are_all_in_the_history(world: LoopbackClient) -> None:
    slug = _technique(world, "Contended")

    answers = at_once(
        [
            call(world, UPDATE, {"slug": slug, "input": {"description": f"writer {i}"}})
            for i in range(WRITERS)
        ]
    )
    assert sorted(a["version"] for a in answers) == list(range(2, WRITERS + 2))
    history = ok(world.post(HISTORY, {"slug": slug}))
    assert history["total"] == WRITERS + 1
    written = {
        c["after"] for e in history["entries"] for c in e["changes"] if c["field"] == "description"
    }
    assert {f"writer {i}" for i in range(WRITERS)} <= written | {"d"}


def test_twenty_writers_from_one_version_let_one_win_and_refuse_the_rest_with_what_changed(
    world: LoopbackClient,
) -> None:
    slug = _technique(world, "Stale")

    answers = at_once(
        [
            call(world, UPDATE, {"slug": slug, "input": {"description": f"writer {i}"}, "v": 1})
            for i in range(WRITERS)
        ]
    )
    won = [a for a in answers if a["__typename"] == "Technique"]
    lost = [a for a in answers if a["__typename"] == "ValidationError"]
    assert len(won) == 1 and len(lost) == WRITERS - 1
    for refused in lost:
        assert refused["rule"] == "version-conflict"
        assert refused["currentVersion"] == 2
        assert refused["changes"] == [{"field": "description"}]
    history = ok(world.post(HISTORY, {"slug": slug}))
    assert [e["action"] for e in history["entries"]] == ["update", "create"]
