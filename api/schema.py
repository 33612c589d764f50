"""The GraphQL schema: the read side's types, with the limits and error policy around them.

`schema.graphql` at the repository root is `sdl()` written out (`catalog schema >
schema.graphql`); a test fails when the two differ.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from api.errors import ErrorPolicy, log_errors, request_id_of
from api.observe import RequestLog
from api.query import Query
from graph.settings import Settings, get_settings

CACHE_SIZE = 512


class CatalogSchema(strawberry.Schema):
    """Logs errors our way: under the request id, stacks only for faults of ours."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context = execution_context.context if execution_context else None
        log_errors(errors, request_id_of(context))


def build_schema(settings: Settings | None = None) -> CatalogSchema:
    settings = settings or get_settings()
    extensions: list[Any] = [
        RequestLog(),
        ErrorPolicy(),
        ParserCache(maxsize=CACHE_SIZE),
        ValidationCache(maxsize=CACHE_SIZE),
        MaxTokensLimiter(max_token_count=settings.api_max_tokens),
        QueryDepthLimiter(max_depth=settings.api_max_depth),
        MaxAliasesLimiter(max_alias_count=settings.api_max_aliases),
    ]
    return CatalogSchema(query=Query, extensions=extensions)


def sdl() -> str:
    """The schema in SDL, as checked in at `schema.graphql`."""
    return str(CatalogSchema(query=Query)).rstrip("\n") + "\n"
