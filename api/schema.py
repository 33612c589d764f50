"""The GraphQL schema: the read side's types, with the limits and error policy around them.

`schema.graphql` at the repository root is `sdl()` written out (`catalog schema >
schema.graphql`); a test fails when the two differ.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import ExecutionContext

from api import cost
from api.errors import log_errors, public_error, request_id_of
from api.mutations import Mutation
from api.operation_hooks import OperationHooks
from api.query import Query
from api.record_completion import record_completion
from api.resolution import RecordResolution
from api.settings import ApiSettings, get_api_settings
from graph.queries.entities import ENTITIES

CACHE_SIZE = 512
# Answers of a fixed shape, keyed by field name (api/resolution.py); the node types are the
# entity table's, keyed by response key.
FIXED_SHAPES = (
    "SearchResult",
    "TechniqueSearchPage",
    "HighlightedText",
    "TextPart",
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

    `OperationHooks` (api/operation_hooks.py) does the same at the end of each operation;
    this covers the one path it cannot see: a document the parser cache rejects fails before
    the operation has a result.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        request_id = request_id_of(execution_context.context if execution_context else None)
        log_errors(errors, request_id)
        errors[:] = [public_error(error, request_id) for error in errors]


def build_schema(settings: ApiSettings | None = None, by_plan: bool = True) -> CatalogSchema:
    """`by_plan=False` leaves every record type to the one resolver alone (api/resolution.py),
    without the plan executor that fills them faster (api/record_completion.py); tests
    compare the two."""
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
    by_key, by_name = frozenset(ENTITIES), frozenset(FIXED_SHAPES)
    extensions: list[Any] = [
        lambda: RecordResolution(by_response_key=by_key, by_field_name=by_name, roots=ROOTS),
        lambda: OperationHooks(settings.api_max_tokens, limit_rules),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
    ]
    schema = CatalogSchema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        execution_context_class=record_completion(by_key, by_name) if by_plan else None,
    )
    check_record_types(schema, by_key | by_name)
    return schema


def check_record_types(schema: strawberry.Schema, names: frozenset[str]) -> None:
    """Every record type is in the built schema (the node types are the entity table's; the
    fixed shapes are listed above), so none can be missed by a renamed class."""
    missing = sorted(name for name in names if schema.get_type_by_name(name) is None)
    if missing:
        raise RuntimeError(f"record types not in the schema: {', '.join(missing)}")


def sdl() -> str:
    """The schema in SDL, as checked in at `schema.graphql`."""
    return str(CatalogSchema(query=Query, mutation=Mutation)).rstrip("\n") + "\n"
