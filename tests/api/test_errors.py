"""Errors: the client's own mistakes come back with their message; our faults come back
masked (no stack trace, no Cypher) with a request id the server log files them under."""

from __future__ import annotations

import logging

import pytest

from graph.errors import GraphUnavailable
from graph.queries import lists
from support.api_client import ApiClient

QUERY = "{ techniques(limit: 2) { slug } }"


def test_an_internal_failure_is_masked_and_logged_under_the_request_id(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("MATCH (n:Secret) RETURN n -- internal detail")

    monkeypatch.setattr(lists, "fetch_list", broken)
    with caplog.at_level(logging.INFO, logger="catalog.api"):
        response = api.http.post("/graphql", json={"query": QUERY})
    request_id = response.headers["X-Request-ID"]
    error = response.json()["errors"][0]
    assert error["message"].startswith("internal error")
    assert request_id in error["message"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert "Secret" not in response.text
    assert "Traceback" not in response.text
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(logged) == 1
    assert request_id in logged[0].getMessage()
    assert logged[0].exc_info and "Secret" in str(logged[0].exc_info[1])


def test_an_unreachable_database_is_masked_as_unavailable(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: object) -> None:
        raise GraphUnavailable("cannot reach Neo4j at bolt://10.0.0.7:7687 (refused)")

    monkeypatch.setattr(lists, "fetch_list", down)
    error = api.errors(QUERY)[0]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "10.0.0.7" not in error["message"]


def test_a_bad_request_keeps_its_message_and_names_the_argument(api: ApiClient) -> None:
    error = api.errors("{ techniques(sort: [{name: ASC, slug: ASC}]) { slug } }")[0]
    assert error["message"].startswith("sort[0] names 2 fields")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "sort"}
    assert error["path"] == ["techniques"]


def test_a_query_that_is_not_graphql_says_where_it_breaks(api: ApiClient) -> None:
    error = api.errors("{ techniques { slug ")[0]
    assert error["message"].startswith("Syntax Error")
    assert error["locations"]


def test_a_field_the_schema_lacks_is_named(api: ApiClient) -> None:
    error = api.errors("{ techniques { slug secret } }")[0]
    assert "secret" in error["message"]


def test_a_callers_request_id_is_kept_and_a_missing_one_is_made(api: ApiClient) -> None:
    given = api.http.post("/graphql", json={"query": QUERY}, headers={"X-Request-ID": "abc-42"})
    assert given.headers["X-Request-ID"] == "abc-42"
    odd = api.http.post("/graphql", json={"query": QUERY}, headers={"X-Request-ID": "no way!"})
    made = api.http.post("/graphql", json={"query": QUERY})
    assert odd.headers["X-Request-ID"] != "no way!"
    assert len({made.headers["X-Request-ID"], odd.headers["X-Request-ID"]}) == 2


def test_aliases_are_answered_and_reach_cypher_only_as_quoted_map_keys(api: ApiClient) -> None:
    # GraphQL's grammar allows only [_A-Za-z][_0-9A-Za-z]* in an alias, and the compiler
    # checks it again before quoting it as a map key: no other text of the client's is Cypher.
    query = '{ mine: technique(slug: "sobol-indices") { title: name label: slug } }'
    with api.counting() as sent:
        data = api.data(query)
    assert data == {"mine": {"title": "Sobol Indices", "label": "sobol-indices"}}
    assert len(sent) == 1
    assert "mine" not in sent[0]
    for alias in ("title", "label"):
        assert sent[0].count(alias) == sent[0].count(f"`{alias}`: ") == 1
