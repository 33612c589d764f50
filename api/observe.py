"""Per-request accounting: how many Cypher statements a request sent, and how long it took.

`Graph` calls a listener for every statement; the listener finds the request it belongs to
through a context variable, which asyncio carries into the worker threads resolvers use.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from typing import Any

from strawberry.types import ExecutionContext

log = logging.getLogger("catalog.api")

_statements: ContextVar[list[str] | None] = ContextVar("catalog_statements", default=None)


def start_counting(statements: list[str]) -> None:
    """Count the statements of the current request (and its threads) into `statements`."""
    _statements.set(statements)


def count_statement(query: str) -> None:
    """The listener registered on the process's `Graph`."""
    statements = _statements.get()
    if statements is not None:
        statements.append(query)


def outcome_of(context: Any, result: Any) -> str:
    """A request's outcome for logs and metrics: "refused" when auth or a rule turned a write
    away, "error" for any other GraphQL error, else "ok"."""
    if getattr(context, "refused", False):
        return "refused"
    if result is not None and result.errors:
        return "error"
    return "ok"


def log_operation(execution_context: ExecutionContext, seconds: float) -> None:
    """One JSON log line per operation: request id, operation, milliseconds, statements
    sent, outcome (ok, error, refused) and role (never its token); run when the operation
    ends (api/operation_hooks.py)."""
    context = execution_context.context
    line = {
        "requestId": getattr(context, "request_id", "-"),
        "operation": execution_context.operation_name or "anonymous",
        "ms": round(seconds * 1000, 1),
        "statements": len(getattr(context, "statements", ())),
        "outcome": outcome_of(context, execution_context.result),
        "role": getattr(context, "role", None),
    }
    log.info(json.dumps(line))
