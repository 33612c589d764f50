"""Requests that would cost too much are refused before any Cypher runs, and the error names
the limit and its value: query depth, aliases, tokens, hops (page size and filter size are in
test_pagination.py and test_filters.py)."""

from __future__ import annotations

from graphql import get_introspection_query

from support.api_client import ApiClient


def nested(depth: int) -> str:
    """A query `depth` levels deep: goals { categories { goals { ... { name } } } }, small
    pages at each level (so the node limit does not refuse it first)."""
    fields = ["goals(limit: 2)", "categories(limit: 2)"]
    opening = " { ".join(fields[i % 2] for i in range(depth))
    return "{ " + opening + " { name" + " }" * depth + " }"


def test_a_query_deeper_than_the_maximum_depth_is_refused_naming_it(api: ApiClient) -> None:
    with api.counting() as sent:
        error = api.errors(nested(11))[0]
    assert "maximum depth of 10" in error["message"]
    assert "API_MAX_DEPTH" in error["message"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert sent == []


def test_a_query_at_the_maximum_depth_is_answered(api: ApiClient) -> None:
    assert api.data(nested(10))["goals"]


def test_more_aliases_than_the_maximum_are_refused_naming_it(api: ApiClient) -> None:
    query = "{ " + " ".join(f"a{i}: goals {{ name }}" for i in range(31)) + " }"
    error = api.errors(query)[0]
    assert "31 aliases" in error["message"]
    assert "maximum is 30" in error["message"]
    assert "API_MAX_ALIASES" in error["message"]


def test_a_query_of_more_tokens_than_the_maximum_is_refused_naming_it(api: ApiClient) -> None:
    query = "{ " + " ".join("goals { name }" for _ in range(600)) + " }"
    error = api.errors(query)[0]
    assert "maximum of 2000 tokens" in error["message"]
    assert "API_MAX_TOKENS" in error["message"]


def test_graphiqls_introspection_query_passes_every_limit(api: ApiClient) -> None:
    schema = api.data(get_introspection_query())["__schema"]
    assert schema["queryType"]["name"] == "Query"


def test_related_hops_over_the_maximum_are_refused_naming_it(api: ApiClient) -> None:
    error = api.errors('{ relatedTechniques(slug: "sobol-indices", maxHops: 6) { slug } }')[0]
    assert "between 1 and 5" in error["message"]
    assert "API_MAX_HOPS" in error["message"]
