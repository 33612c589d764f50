"""GraphQL over HTTP as the spec (graphql.github.io/graphql-over-http) has it: the response's
media type follows Accept, request errors are 400s under application/graphql-response+json
and 200s under application/json, GET mutations are 405s, batches are refused, and every
error the app gives, GraphQL or not, is JSON."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import load_api_settings
from graph.connection import Graph
from support.api_client import ApiClient

GRAPHQL_RESPONSE = "application/graphql-response+json"
GOALS = {"query": "{ goals { name } }"}


def json_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """The single error of a JSON error response of `status`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] in ("application/json", GRAPHQL_RESPONSE)
    (error,) = response.json()["errors"]
    assert error["message"] and error["extensions"]["code"]
    return dict(error)


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        ("application/json", "application/json"),
        (f"{GRAPHQL_RESPONSE}, application/json", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE}", "application/json"),
        (f"application/json;q=0.5, {GRAPHQL_RESPONSE};q=0.9", GRAPHQL_RESPONSE),
        ("*/*", "application/json"),
        (None, "application/json"),
    ],
)
def test_the_answer_comes_in_the_media_type_the_client_prefers(
    api: ApiClient, accept: str | None, media_type: str
) -> None:
    # An empty Accept counts as none (the test client would send `*/*` otherwise).
    response = api.http.post("/graphql", json=GOALS, headers={"accept": accept or ""})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert response.json()["data"]["goals"]


@pytest.mark.parametrize(
    "query",
    [
        "{ goals { name ",  # does not parse
        "{ goals { nam } }",  # does not validate
        "query Q($n: Int!) { goals(limit: $n) { name } }",  # a variable missing
    ],
)
def test_a_request_error_is_a_400_without_data_under_graphql_response_json(
    api: ApiClient, query: str
) -> None:
    response = api.http.post(
        "/graphql", json={"query": query}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    answer = response.json()
    assert "data" not in answer and answer["errors"][0]["message"]


def test_a_request_error_stays_a_200_with_null_data_under_application_json(
    api: ApiClient,
) -> None:
    response = api.http.post(
        "/graphql", json={"query": "{ goals { nam } }"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["data"] is None


def test_a_field_error_is_a_200_with_data_under_graphql_response_json(api: ApiClient) -> None:
    response = api.http.post(
        "/graphql",
        json={"query": "{ goals { name } techniques(limit: 500) { name } }"},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 200
    answer = response.json()
    assert "data" in answer
    assert answer["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_an_accept_header_allowing_neither_response_type_is_a_406(api: ApiClient) -> None:
    error = json_error(api.http.post("/graphql", json=GOALS, headers={"accept": "text/csv"}), 406)
    assert GRAPHQL_RESPONSE in error["message"]


def test_a_mutation_by_get_is_a_405_allowing_post(api: ApiClient) -> None:
    response = api.http.get(
        "/graphql",
        params={"query": 'mutation { deleteTechnique(slug: "x") { slug } }'},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    error = json_error(response, 405)
    assert response.headers["allow"] == "POST"
    assert "POST" in error["message"]


def test_a_query_by_get_is_answered(api: ApiClient) -> None:
    response = api.http.get(
        "/graphql",
        params={"query": "query Q($n: Int) { goals(limit: $n) { name } }", "variables": '{"n": 1}'},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    assert len(response.json()["data"]["goals"]) == 1


def test_a_batch_is_refused_with_a_json_reason(api: ApiClient) -> None:
    error = json_error(api.http.post("/graphql", json=[GOALS, GOALS]), 400)
    assert error["extensions"]["code"] == "BATCHING_NOT_SUPPORTED"
    assert "one operation per request" in error["message"]


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("text/plain", 415),
        ("application/x-www-form-urlencoded", 415),
        ("multipart/form-data; boundary=x", 415),
        ("application/json; charset=latin-1", 415),
        ("application/json; charset=UTF-8", 200),
        ("application/json", 200),
    ],
)
def test_only_utf8_json_bodies_are_graphql_requests(
    api: ApiClient, content_type: str, status: int
) -> None:
    response = api.http.post(
        "/graphql",
        content=b'{"query": "{ goals { name } }"}',
        headers={"content-type": content_type},
    )
    if status == 200:
        assert response.status_code == 200 and response.json()["data"]["goals"]
    else:
        message = json_error(response, status)["message"]
        assert ("must be UTF-8" if "charset" in content_type else "Content-Type") in message


def test_a_post_without_a_content_type_is_a_415(api: ApiClient) -> None:
    response = api.http.post("/graphql", content=b'{"query": "{ goals { name } }"}')
    assert "no Content-Type" in json_error(response, 415)["message"]


def test_a_body_over_the_maximum_is_a_413_naming_the_setting(session_graph: Graph) -> None:
    settings = load_api_settings(API_MAX_BODY_BYTES="2048")
    with TestClient(create_app(settings, session_graph)) as client:
        big = {"query": "{ goals { name } }", "variables": {"pad": "x" * 3000}}
        error = json_error(client.post("/graphql", json=big), 413)
    assert "2,048 bytes (API_MAX_BODY_BYTES)" in error["message"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/nowhere", 404), ("GET", "/static/nothing.js", 404), ("PUT", "/graphql", 405)],
)
def test_errors_outside_graphql_are_json_too(
    http: TestClient, method: str, path: str, status: int
) -> None:
    response = http.request(method, path)
    json_error(response, status)
    if status == 405:
        assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_a_get_without_a_query_is_a_json_400_unless_a_browser_asks_for_graphiql(
    http: TestClient,
) -> None:
    json_error(http.get("/graphql", headers={"accept": "application/json"}), 400)
    assert "<html" in http.get("/graphql", headers={"accept": "text/html"}).text.lower()


def test_apollo_clients_headers_are_allowed_from_the_frontends_origin_by_default(
    session_graph: Graph,
) -> None:
    settings = load_api_settings(API_CORS_ORIGINS="https://catalog.example")
    with TestClient(create_app(settings, session_graph)) as client:
        preflight = client.options(
            "/graphql",
            headers={
                "Origin": "https://catalog.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": (
                    "content-type,authorization,apollographql-client-name,"
                    "apollographql-client-version"
                ),
            },
        )
        assert preflight.status_code == 200, preflight.text
        refused = client.options(
            "/graphql",
            headers={
                "Origin": "https://catalog.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "x-tracing-id",
            },
        )
    error = json_error(refused, 400)
    assert "API_CORS_HEADERS" in error["message"]


def test_the_allowed_cors_headers_are_configurable(session_graph: Graph) -> None:
    settings = load_api_settings(
        API_CORS_ORIGINS="https://catalog.example", API_CORS_HEADERS="x-tracing-id"
    )
    with TestClient(create_app(settings, session_graph)) as client:
        preflight = client.options(
            "/graphql",
            headers={
                "Origin": "https://catalog.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-tracing-id",
            },
        )
    assert preflight.status_code == 200, preflight.text
    assert "x-tracing-id" in preflight.headers["access-control-allow-headers"].lower()


def test_a_token_in_the_url_is_refused_naming_the_header_to_use(api: ApiClient) -> None:
    for method in ("GET", "POST"):
        response = api.http.request(
            method,
            "/graphql?access_token=cat_secret&query=%7B%20goals%20%7B%20name%20%7D%20%7D",
            json=GOALS,
        )
        error = json_error(response, 400)
        assert "Authorization: Bearer" in error["message"]
        assert "cat_secret" not in response.text
