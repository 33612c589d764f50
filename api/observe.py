"""Per-request accounting: how many Cypher statements a request sent, and how long it took.

`Graph` calls a listener for every statement; the listener finds the request it belongs to
through a context variable, which asyncio carries into the worker threads resolvers use.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextvars import ContextVar

from strawberry.extensions import SchemaExtension

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


class RequestLog(SchemaExtension):
    """One log line per operation: request id, operation, statements sent, milliseconds."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self._log(started)

    def _log(self, started: float) -> None:
        context = self.execution_context.context
        log.info(
            "request %s: %s, %d statements, %.1f ms",
            getattr(context, "request_id", "-"),
            self.execution_context.operation_name or "anonymous",
            len(getattr(context, "statements", ())),
            (time.perf_counter() - started) * 1000,
        )
