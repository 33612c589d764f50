"""A write through the API makes every cached answer stale at once: the next GET has another
ETag and the new data, the answer cache computes anew, and a refused write changes nothing."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graph.catalog_version import read_version
from graph.connection import Graph
from support.write_client import CREATE_TAG, WriteClient

TAGS = "query Tags { tags { name } }"


def tags_by_get(client: WriteClient, **headers: str) -> Any:
    return client.http.get("/graphql", params={"query": TAGS}, headers=headers)


def persisted_tags(client: WriteClient) -> Any:
    digest = hashlib.sha256(TAGS.encode()).hexdigest()
    body = {
        "operationName": "Tags",
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
    }
    answer = client.http.post("/graphql", json=body)
    if answer.json().get("errors"):  # not known yet in this process: send the text, as Apollo
        answer = client.http.post("/graphql", json={**body, "query": TAGS})
    return answer


def names(answer: Any) -> set[str]:
    return {tag["name"] for tag in answer.json()["data"]["tags"]}


def test_a_write_changes_the_next_gets_etag_and_answer(world: WriteClient, empty: Graph) -> None:
    before = tags_by_get(world)
    assert before.status_code == 200 and "cached-write" not in names(before)
    assert tags_by_get(world, **{"if-none-match": before.headers["etag"]}).status_code == 304

    world.result(CREATE_TAG, {"name": "cached-write"})

    after = tags_by_get(world, **{"if-none-match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert "cached-write" in names(after)


def test_the_answer_cache_answers_anew_after_a_write(world: WriteClient, empty: Graph) -> None:
    first = persisted_tags(world)
    assert persisted_tags(world).json() == first.json()  # from memory

    world.result(CREATE_TAG, {"name": "after-cache"})

    assert "after-cache" in names(persisted_tags(world))
    assert "after-cache" not in names(first)


def test_a_refused_write_leaves_the_etag_as_it_was(world: WriteClient, empty: Graph) -> None:
    before = tags_by_get(world).headers["etag"]
    version = read_version(empty)
    refused = world.post(CREATE_TAG, {"name": "data-type/tabular"})  # exists already
    assert refused["data"]["createTag"]["__typename"] == "ValidationError"
    assert read_version(empty) == version
    assert tags_by_get(world, **{"if-none-match": before}).status_code == 304


def test_a_persisted_mutation_is_never_answered_from_memory(
    world: WriteClient, empty: Graph
) -> None:
    text = 'mutation Once { createTag(name: "only-once") { __typename } }'
    digest = hashlib.sha256(text.encode()).hexdigest()
    body = {"query": text, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    headers = {"Authorization": f"Bearer {world.tokens['admin']}"}
    first = world.http.post("/graphql", json=body, headers=headers).json()
    second = world.http.post("/graphql", json=body, headers=headers).json()
    assert first["data"]["createTag"]["__typename"] == "Tag"
    # Run again, not replayed: the name is taken now.
    assert second["data"]["createTag"]["__typename"] == "ValidationError"
    assert json.dumps(first) != json.dumps(second)
