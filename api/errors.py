"""What a client sees of an error, and what the server log keeps, translated here only.

- GraphQL's own errors (syntax, validation, the depth/alias/token limits) and our
  `QueryInputError`s (a bad filter, cursor, page size; an unknown slug) are the client's to
  fix: their message stands, with `extensions.code` (`CODES`; and `argument` when one is at
  fault).
- Anything else is a fault of ours: the client gets a fixed message with the request id, no
  stack trace and no Cypher; the log keeps the whole error under that id.
"""

from __future__ import annotations

import logging
import re

from graphql import GraphQLError
from strawberry.types import ExecutionContext

from api.auth import Forbidden, Unauthenticated
from graph.errors import GraphUnavailable
from graph.queries.errors import LimitExceeded, NotFound, QueryInputError

log = logging.getLogger("catalog.api")

INTERNAL = "INTERNAL_SERVER_ERROR"
LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
UNAVAILABLE = "SERVICE_UNAVAILABLE"
BAD_USER_INPUT = "BAD_USER_INPUT"

# The `extensions.code` of each kind of client error; an error takes its nearest class's.
CODES: dict[type[QueryInputError], str] = {
    QueryInputError: BAD_USER_INPUT,
    LimitExceeded: LIMIT_EXCEEDED,
    NotFound: "NOT_FOUND",
    Unauthenticated: "UNAUTHENTICATED",
    Forbidden: "FORBIDDEN",
}


def code_of(error: QueryInputError) -> str:
    return next(CODES[kind] for kind in type(error).__mro__ if kind in CODES)


def is_client_error(error: GraphQLError) -> bool:
    original = error.original_error
    return (
        original is None
        or isinstance(original, QueryInputError | GraphQLError)
        or _is_variable_error(error)
    )


def _is_variable_error(error: GraphQLError) -> bool:
    """graphql-core's coercion of the request's variables, and its validation of literals
    (before anything runs), wrap what a scalar's parser raised (an Int literal of 5,000
    digits: Python's ValueError); the message names the value and what was wrong with it."""
    return error.path is None and error.message.startswith(("Variable '$", "Expected value of"))


def request_id_of(context: object) -> str:
    return str(getattr(context, "request_id", "-"))


# GraphQL's own limit messages, reworded to name the setting (graphql-core's token limit;
# depth, aliases and cost are worded by api/cost.py).
_LIMITS = (
    (
        re.compile(r"Document contains more than (\d+) tokens"),
        "the query holds more than the maximum of {0} tokens (API_MAX_TOKENS)",
    ),
)


def _limit_error(error: GraphQLError) -> GraphQLError:
    for pattern, message in _LIMITS:
        found = pattern.search(error.message)
        if found:
            return _with(error, message.format(*found.groups()), {"code": LIMIT_EXCEEDED})
    return error


def public_error(error: GraphQLError, request_id: str) -> GraphQLError:
    """The error as the client may see it."""
    original = error.original_error
    if original is None:
        return _limit_error(error)
    if isinstance(original, GraphQLError) or _is_variable_error(error):
        return _with(error, error.message, {"code": BAD_USER_INPUT})
    if isinstance(original, QueryInputError):
        extensions = {"code": code_of(original)}
        if original.argument:
            extensions["argument"] = original.argument
        return _with(error, str(original), extensions)
    if isinstance(original, GraphUnavailable):
        message = "the catalog's database cannot be reached just now; try again shortly"
        code = UNAVAILABLE
    else:
        message = "internal error; the server log has the details under this request id"
        code = INTERNAL
    return _with(
        error, f"{message} (request id {request_id})", {"code": code, "requestId": request_id}
    )


def _with(error: GraphQLError, message: str, extensions: dict[str, str]) -> GraphQLError:
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def log_errors(errors: list[GraphQLError], request_id: str) -> None:
    """Client errors briefly, our own in full (with the stack) under the request id."""
    for error in errors:
        if is_client_error(error):
            log.info("request %s: client error: %s", request_id, error.message)
        else:
            log.error(
                "request %s: %s at %s",
                request_id,
                error.message,
                ".".join(map(str, error.path or ())) or "-",
                exc_info=error.original_error,
            )


def publish_errors(execution_context: ExecutionContext) -> None:
    """Replace every error in the operation's result by its public form (after the log has
    it); run when the operation ends (api/operation_hooks.py)."""
    result = execution_context.result
    if result is not None and result.errors:
        request_id = request_id_of(execution_context.context)
        result.errors = [public_error(e, request_id) for e in result.errors]
