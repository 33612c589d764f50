"""Persisted queries as Apollo's PersistedQueryLink speaks them (GET and POST), and the
allow-list mode in which only operations registered from the contract run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.operations_file import OperationsFileError, read_operations
from api.settings import ApiSettings
from graph.connection import Graph
from graph.persisted_operations import StoredOperation, forget_all, register_operations
from support.commands import catalog as catalog_command

CONTRACT = Path(__file__).resolve().parents[2] / "api" / "contract" / "operations.graphql"
TAXONOMY = "query Taxonomy { goals { name } }"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def get(http: TestClient, params: dict[str, Any], **headers: str) -> Any:
    encoded = {k: json.dumps(v) if not isinstance(v, str) else v for k, v in params.items()}
    return http.get("/graphql", params=encoded, headers=headers)


def unique_query(tag: str) -> str:
    """A query text no other test sends, so its hash is unknown to the process's store."""
    return f"query Probe_{tag} {{ goals {{ name }} }}"


# --- automatic persisted queries --------------------------------------------------------------


def test_an_unknown_hash_asks_for_the_text_then_the_hash_alone_runs_over_post(
    http: TestClient, catalog: Graph
) -> None:
    text = unique_query("post")
    first = http.post("/graphql", json={"extensions": persisted(sha(text))})
    assert first.status_code == 200
    assert first.json() == {
        "errors": [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
        ]
    }
    assert "no-cache" in first.headers["cache-control"]

    second = http.post("/graphql", json={"query": text, "extensions": persisted(sha(text))})
    assert second.status_code == 200 and "errors" not in second.json()
    third = http.post("/graphql", json={"extensions": persisted(sha(text))})
    assert third.json() == second.json()
    assert {g["name"] for g in third.json()["data"]["goals"]} >= {"Fairness", "Explainability"}


def test_the_same_dance_over_get_with_variables(http: TestClient, catalog: Graph) -> None:
    text = "query ProbeDetail($slug: String!) { technique(slug: $slug) { slug name } }"
    slug = catalog.read("MATCH (t:Technique) RETURN t.slug AS s ORDER BY s LIMIT 1")[0]["s"]
    hashed = {"extensions": persisted(sha(text)), "variables": {"slug": slug}}
    missing = get(http, hashed)
    assert missing.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert get(http, {**hashed, "query": text}).json()["data"]["technique"]["slug"] == slug
    answer = get(http, hashed)
    assert answer.status_code == 200
    assert answer.json()["data"]["technique"]["slug"] == slug


def test_a_hash_only_get_never_answers_the_graphiql_page(http: TestClient, catalog: Graph) -> None:
    for text in (unique_query("html"), TAXONOMY):
        answer = get(http, {"extensions": persisted(sha(text))}, accept="text/html,*/*")
        assert answer.headers["content-type"].startswith("application/json"), answer.text[:80]
        assert "<html" not in answer.text.lower()


def test_a_huge_text_runs_but_is_not_kept(http: TestClient, catalog: Graph) -> None:
    text = "# " + "padding " * 5_000 + "\n" + unique_query("huge")
    sent = http.post("/graphql", json={"query": text, "extensions": persisted(sha(text))})
    assert sent.status_code == 200 and sent.json()["data"]["goals"]
    again = http.post("/graphql", json={"extensions": persisted(sha(text))})
    assert again.json()["errors"][0]["message"] == "PersistedQueryNotFound"


def test_a_body_over_the_limit_is_refused_before_it_is_read_whole(
    http: TestClient, catalog: Graph
) -> None:
    padding = "x" * 1_100_000  # over API_MAX_BODY_BYTES' default of 1 MiB
    body = {"extensions": persisted(sha(TAXONOMY)), "variables": {"padding": padding}}
    answer = http.post("/graphql", json=body)
    assert answer.status_code == 413
    assert answer.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_a_text_that_is_not_the_hash_is_refused(http: TestClient, catalog: Graph) -> None:
    answer = http.post(
        "/graphql", json={"query": TAXONOMY, "extensions": persisted(sha("something else"))}
    )
    assert answer.status_code == 400
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert "sha256Hash" in error["message"]


@pytest.mark.parametrize(
    ("extensions", "code"),
    [
        (
            {"persistedQuery": {"version": 2, "sha256Hash": "a" * 64}},
            "PERSISTED_QUERY_NOT_SUPPORTED",
        ),
        (
            {"persistedQuery": {"version": 1, "sha256Hash": "not-hex"}},
            "PERSISTED_QUERY_BAD_REQUEST",
        ),
        ({"persistedQuery": "yes"}, "PERSISTED_QUERY_NOT_SUPPORTED"),
        (["not", "an", "object"], "PERSISTED_QUERY_BAD_REQUEST"),
    ],
)
def test_malformed_persisted_query_extensions_get_a_json_error_saying_what_is_wrong(
    http: TestClient, catalog: Graph, extensions: Any, code: str
) -> None:
    for answer in (
        http.post("/graphql", json={"extensions": extensions}),
        get(http, {"extensions": extensions}),
    ):
        assert answer.status_code == 400
        assert answer.json()["errors"][0]["extensions"]["code"] == code


def test_extensions_that_are_not_json_in_a_get_are_refused(http: TestClient) -> None:
    answer = http.get("/graphql", params={"extensions": "{not json"})
    assert answer.status_code == 400
    assert "extensions parameter is not JSON" in answer.json()["errors"][0]["message"]


def test_a_registered_operation_runs_by_hash_with_no_text_ever_sent(
    http: TestClient, catalog: Graph
) -> None:
    (operation,) = read_operations("query RegisteredProbe { goals { description } }", "test")
    register_operations(
        catalog,
        [StoredOperation(operation.sha256, operation.normalized, operation.name, operation.text)],
    )
    try:
        answer = http.post(
            "/graphql",
            json={"operationName": "RegisteredProbe", "extensions": persisted(operation.sha256)},
        )
        assert answer.status_code == 200 and answer.json()["data"]["goals"]
    finally:
        forget_all(catalog)


def test_persisted_mutations_run_but_a_persisted_write_needs_its_token(
    http: TestClient, catalog: Graph
) -> None:
    text = 'mutation ProbeWrite { createTag(name: "never") { __typename } }'
    answer = http.post("/graphql", json={"query": text, "extensions": persisted(sha(text))})
    assert answer.status_code == 200
    assert answer.json()["errors"], "a write without a token must be refused"
    assert not catalog.read("MATCH (t:Tag {name: 'never'}) RETURN t")


# --- the allow-list -------------------------------------------------------------------------


@pytest.fixture
def allow_list(catalog: Graph, api_settings: ApiSettings) -> Iterator[TestClient]:
    """An app that runs only the contract's operations, registered as the CLI does."""
    operations = read_operations(CONTRACT.read_text("utf-8"), str(CONTRACT))
    forget_all(catalog)
    register_operations(
        catalog, [StoredOperation(o.sha256, o.normalized, o.name, o.text) for o in operations]
    )
    only = api_settings.model_copy(update={"api_persisted_only": True})
    try:
        with TestClient(create_app(only, catalog)) as client:
            yield client
    finally:
        forget_all(catalog)


def contract_text(name: str) -> str:
    (operation,) = [o for o in read_operations(CONTRACT.read_text(), "c") if o.name == name]
    return operation.text


def test_allow_listed_operations_run_by_hash_over_get_and_post(allow_list: TestClient) -> None:
    digest = sha(contract_text("Taxonomy"))
    by_get = get(allow_list, {"extensions": persisted(digest)})
    by_post = allow_list.post("/graphql", json={"extensions": persisted(digest)})
    assert by_get.status_code == by_post.status_code == 200
    assert by_get.json() == by_post.json() and by_get.json()["data"]["goals"]


def test_a_registered_operation_sent_as_text_runs_whatever_its_spacing(
    allow_list: TestClient,
) -> None:
    printed = contract_text("Taxonomy")
    by_hash = allow_list.post("/graphql", json={"extensions": persisted(sha(printed))})
    laid_out = "# the frontend's copy\n" + printed.replace("\n", "\n\n  ").replace("{", "{ ")
    assert sha(laid_out) != sha(printed)
    answer = allow_list.post("/graphql", json={"query": laid_out})
    assert answer.status_code == 200
    assert answer.json() == by_hash.json() and "errors" not in answer.json()


def test_anything_not_registered_is_refused_and_clients_cannot_register(
    allow_list: TestClient, catalog: Graph
) -> None:
    text = unique_query("allow")
    refusals = [
        allow_list.post("/graphql", json={"query": text}),
        allow_list.post("/graphql", json={"query": text, "extensions": persisted(sha(text))}),
        get(allow_list, {"query": text}),
        allow_list.post("/graphql", content=text, headers={"content-type": "application/graphql"}),
    ]
    for answer in refusals:
        assert answer.status_code == 400, answer.text
        error = answer.json()["errors"][0]
        assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
        assert "registered operations" in error["message"]
    # The APQ registration attempt above was not kept either.
    assert (
        allow_list.post("/graphql", json={"extensions": persisted(sha(text))}).json()["errors"][0][
            "message"
        ]
        == "PersistedQueryNotFound"
    )


def test_a_batch_in_allow_list_mode_is_checked_item_by_item(allow_list: TestClient) -> None:
    digest = sha(contract_text("Taxonomy"))
    answer = allow_list.post(
        "/graphql",
        json=[{"extensions": persisted(digest)}, {"query": unique_query("batch")}],
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


# --- the operations file and the CLI --------------------------------------------------------


def test_every_contract_operation_is_read_with_its_name() -> None:
    operations = read_operations(CONTRACT.read_text("utf-8"), "contract")
    names = [o.name for o in operations]
    assert names[:3] == ["TechniqueList", "TechniqueNames", "TechniqueDetail"]
    assert len(names) == len(set(names)) == 17
    assert all(o.sha256 == sha(o.text) for o in operations)


def test_an_operation_is_registered_with_the_fragments_it_uses() -> None:
    text = (
        "fragment G on Goal { name ...K }\nfragment K on Goal { key }\n"
        "fragment Unused on Goal { description }\nquery Q { goals { ...G } }"
    )
    (operation,) = read_operations(text, "f.graphql")
    assert "fragment G" in operation.text and "fragment K" in operation.text
    assert "Unused" not in operation.text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("query { goals { name } }", "has no name"),
        ("query Q { goals { name } }\nquery Q { goals { key } }", "two operations are named 'Q'"),
        ("query Q { goals { ...Missing } }", "fragment 'Missing' is used but not defined"),
        ("query Q {", "not a GraphQL document"),
        ("fragment F on Goal { name }", "no operation found"),
        ('{"format": "other"}', "not an Apollo persisted-query manifest"),
        (
            '{"format": "apollo-persisted-query-manifest", "version": 1, "operations": '
            '[{"id": "abc", "name": "Q", "type": "query", "body": "query Q { goals { name } }"}]}',
            "is not the SHA-256 of its body",
        ),
    ],
)
def test_a_bad_operations_file_is_refused_saying_where(text: str, problem: str) -> None:
    with pytest.raises(OperationsFileError, match=r"ops\.graphql") as raised:
        read_operations(text, "ops.graphql")
    assert problem in str(raised.value)


def test_an_apollo_manifest_registers_its_bodies_under_their_ids() -> None:
    body = "query Q { goals { name __typename } }"
    manifest = {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [{"id": sha(body), "name": "Q", "type": "query", "body": body}],
    }
    (operation,) = read_operations(json.dumps(manifest), "manifest.json")
    assert (operation.name, operation.sha256, operation.text) == ("Q", sha(body), body)


def test_the_cli_registers_the_contract_and_lists_it(
    catalog: Graph, api_settings: ApiSettings
) -> None:
    env = {"NEO4J_URI": api_settings.neo4j_uri}
    try:
        registered = catalog_command("operations", "register", str(CONTRACT), env=env)
        assert registered.returncode == 0, registered.stderr
        lines = registered.stdout.splitlines()
        assert len(lines) == 17 and lines[0].endswith(" TechniqueList")
        assert "17 newly registered" in registered.stderr
        again = catalog_command("operations", "register", str(CONTRACT), env=env)
        assert "0 newly registered" in again.stderr
        listed = catalog_command("operations", "list", env=env)
        assert sorted(listed.stdout.splitlines()) == sorted(lines)
    finally:
        forget_all(catalog)


def test_the_cli_refuses_a_bad_file_with_exit_1(tmp_path: Path, api_settings: ApiSettings) -> None:
    bad = tmp_path / "ops.graphql"
    bad.write_text("query { goals { name } }")
    result = catalog_command(
        "operations", "register", str(bad), env={"NEO4J_URI": api_settings.neo4j_uri}
    )
    assert result.returncode == 1
    assert "has no name" in result.stderr and "Traceback" not in result.stderr
