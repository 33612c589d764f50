"""Node types completed by plan from their records (api/record_completion.py) answer exactly
what graphql-core's own field-by-field completion answers, whatever the selection's shape."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.context import ApiContext, limits_from
from api.schema import build_schema
from api.settings import ApiSettings
from graph.connection import Graph
from support.api_client import contract_operations

OPERATIONS = contract_operations()

SHAPES = {
    "aliases, typename, a field twice with other arguments": """{
      first: techniques(limit: 3, sort: [{name: DESC}]) {
        __typename id: slug slug
        someTags: tags(limit: 1) { name }
        tags { __typename name label: name parent { name } }
        goals { name categories { name } }
      }
    }""",
    "fragments, inline and named, and skip/include": """
      query($with: Boolean!) {
        techniques(limit: 5) { ...card related { type technique { ...card } } }
      }
      fragment card on Technique {
        slug
        ... on Technique { name @include(if: $with) description @skip(if: $with) }
        attributes { type { name } value { name position } }
      }""",
    "nullable single relations and empty lists": """{
      tags(limit: 20) { name parent { name } children { name } techniques(limit: 2) { slug } }
    }""",
}


def run(schema: Any, graph: Graph, api_settings: ApiSettings, query: str, variables: Any) -> Any:
    context = ApiContext(graph=graph, limits=limits_from(api_settings), request_id="test")
    result = asyncio.run(schema.execute(query, variable_values=variables, context_value=context))
    return result.data, [e.formatted for e in result.errors or ()]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_shapes_answer_the_same_by_plan_and_by_graphql_core(
    catalog: Graph, api_settings: ApiSettings, shape: str
) -> None:
    by_plan, by_core = build_schema(api_settings), build_schema(api_settings, by_plan=False)
    variables = {"with": True}
    planned = run(by_plan, catalog, api_settings, SHAPES[shape], variables)
    assert planned == run(by_core, catalog, api_settings, SHAPES[shape], variables)
    assert planned[0] and not planned[1]


@pytest.mark.parametrize(
    ("operation", "variables"),
    [
        ("TechniqueList", {"first": 30}),
        ("TechniqueDetail", {"slug": "shapley-additive-explanations"}),
        ("Taxonomy", {}),
        ("AttributeSchema", {"goals": ["Fairness", "Explainability"]}),
        (
            "Compare",
            {
                "slugs": [
                    "shapley-additive-explanations",
                    "local-interpretable-model-agnostic-explanations",
                ]
            },
        ),
        ("Related", {"slug": "shapley-additive-explanations", "maxHops": 2}),
    ],
)
def test_contract_operations_answer_the_same_by_plan_and_by_graphql_core(
    catalog: Graph, api_settings: ApiSettings, operation: str, variables: dict[str, Any]
) -> None:
    by_plan, by_core = build_schema(api_settings), build_schema(api_settings, by_plan=False)
    query = OPERATIONS[operation]
    planned = run(by_plan, catalog, api_settings, query, variables)
    assert planned == run(by_core, catalog, api_settings, query, variables)
    assert planned[0] and not planned[1], planned
