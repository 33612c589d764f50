"""Requests that would cost too much are refused before any Cypher runs, and the error names
the limit and its value: query depth, aliases, tokens, hops (page size and filter size are in
test_pagination.py and test_filters.py)."""

from __future__ import annotations

from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    get_introspection_query,
    parse,
)

from api.cost import DocumentMeasure
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


def fan_out(levels: int) -> str:
    """The fragment bomb of issue #14: each fragment spreads the next one twice, so the
    document of a few hundred bytes stands for 2^(levels+1) fields."""
    fragments = "".join(
        f"fragment F{i} on Goal {{ name ...F{i + 1} ...F{i + 1} }}\n" for i in range(levels)
    )
    return "query { goals { ...F0 } }\n" + fragments + f"fragment F{levels} on Goal {{ name }}"


def test_a_fragment_fan_out_is_refused_by_its_expanded_cost_before_any_cypher(
    api: ApiClient,
) -> None:
    with api.counting() as sent:
        (error,) = api.errors(fan_out(20))
    assert "2,097,152 fields" in error["message"]
    assert "maximum is 2,000 (API_MAX_COST)" in error["message"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert sent == []


def test_measuring_a_fan_out_visits_each_fragment_once_however_far_it_expands() -> None:
    # 2^61 fields: expanding them would never end; the memoised measure is exact at once.
    document = parse(fan_out(60))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    measure = DocumentMeasure(fragments, max_nesting=150)
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert measure.selections(operation.selection_set.selections).cost == 2**61
    assert len(measure.known) == 61


def test_a_query_within_the_cost_limit_is_answered_with_its_fragments_expanded(
    api: ApiClient,
) -> None:
    data = api.data(fan_out(3))
    assert data["goals"] and all(set(goal) == {"name"} for goal in data["goals"])


def test_aliases_are_counted_in_every_expansion_of_their_fragment(api: ApiClient) -> None:
    query = (
        "{ goals { ...A ...B } } fragment A on Goal { ...C ...C ...C } "
        "fragment B on Goal { ...C ...C ...C } "
        "fragment C on Goal { a: name b: name c: name d: name e: name f: name }"
    )
    (error,) = api.errors(query)
    assert "uses 36 aliases; the maximum is 30 (API_MAX_ALIASES)" in error["message"]


def test_a_chain_of_fragments_deeper_than_any_allowed_depth_is_refused_naming_it(
    api: ApiClient,
) -> None:
    chain = "".join(
        f"fragment F{i} on Goal {{ categories {{ goals {{ ...F{i + 1} }} }} }}\n"
        for i in range(120)
    )
    query = "{ goals { ...F0 } }\n" + chain + "fragment F120 on Goal { name }"
    # graphql-core stops validating such a chain too (one more error saying so).
    error = api.errors(query)[0]
    assert "maximum depth of 10 (API_MAX_DEPTH)" in error["message"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
