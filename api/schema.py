"""The GraphQL schema: the read side's types, with the limits and error policy around them.

`schema.graphql` at the repository root is `sdl()` written out (`catalog schema >
schema.graphql`); a test fails when the two differ.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from api import cost
from api.errors import ErrorPolicy, log_errors, public_error, request_id_of
from api.metrics import OperationMetrics
from api.mutations import Mutation
from api.observe import RequestLog
from api.query import Query
from api.resolution import RecordResolution
from api.settings import ApiSettings, get_api_settings
from graph.queries.entities import ENTITIES

CACHE_SIZE = 512
# Answers of a fixed shape, keyed by field name (api/resolution.py); the node types are the
# entity table's, keyed by response key.
FIXED_SHAPES = (
    "SearchResult",
    "FacetCount",
    "AttributeFacet",
    "TechniqueFacets",
    "CoverageCell",
    "Coverage",
    "TechniqueComparison",
    "TechniquesConnection",
    "TechniqueEdge",
    "PageInfo",
)
ROOTS = frozenset({"Query", "Mutation"})


class CatalogSchema(strawberry.Schema):
    """Logs errors our way (under the request id, stacks only for faults of ours), then puts
    their public form in place.

    `ErrorPolicy` does the same at the end of each operation; this covers the one path it
    cannot see: a document the parser cache rejects fails before the operation has a result.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        request_id = request_id_of(execution_context.context if execution_context else None)
        log_errors(errors, request_id)
        errors[:] = [public_error(error, request_id) for error in errors]


def build_schema(settings: ApiSettings | None = None) -> CatalogSchema:
    settings = settings or get_api_settings()
    # The limit rules are made once, so every request validates with the same rule classes
    # and the validation cache (keyed by schema, document and rules) hits across requests.
    limit_rules: list[type[ASTValidationRule]] = [
        cost.create_validator(
            cost.CostLimits(
                max_cost=settings.api_max_cost,
                max_depth=settings.api_max_depth,
                max_aliases=settings.api_max_aliases,
            )
        )
    ]
    # Factories, not instances: each request gets extensions of its own; the parser and
    # validation caches live at module level, so they still span requests.
    kinds: dict[str, frozenset[str]] = {}
    extensions: list[Any] = [
        lambda: RecordResolution(
            by_response_key=kinds["response key"], by_field_name=kinds["field name"], roots=ROOTS
        ),
        RequestLog,
        OperationMetrics,
        ErrorPolicy,
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        lambda: MaxTokensLimiter(max_token_count=settings.api_max_tokens),
        lambda: AddValidationRules(limit_rules),
    ]
    schema = CatalogSchema(query=Query, mutation=Mutation, extensions=extensions)
    kinds.update(record_kinds(schema))
    return schema


def record_kinds(schema: strawberry.Schema) -> dict[str, frozenset[str]]:
    """Which of the schema's types read their records by response key (the entity table's
    node types) and which by field name (fixed shapes); computed from the built schema, so
    no type can be missed by import order."""
    for name in (*ENTITIES, *FIXED_SHAPES):
        if schema.get_type_by_name(name) is None:
            raise RuntimeError(f"{name} is a record type but not in the schema")
    return {"response key": frozenset(ENTITIES), "field name": frozenset(FIXED_SHAPES)}


def sdl() -> str:
    """The schema in SDL, as checked in at `schema.graphql`."""
    return str(CatalogSchema(query=Query, mutation=Mutation)).rstrip("\n") + "\n"
