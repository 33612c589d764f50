"""Everything the API does around an operation, as one strawberry extension.

Before it runs: the token limit for the parser and the limit rules for validation (as
strawberry's MaxTokensLimiter and AddValidationRules would set them). When it ends, in this
order: errors replaced by their public form (api/errors.py), the operation counted and timed
(api/metrics.py), one log line (api/observe.py).

One extension rather than five: strawberry builds, for every request, each extension and a
context manager per extension and hook, which profiling showed to be a tenth of a small
request's CPU (docs/benchmarks.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from graphql import ASTValidationRule
from strawberry.extensions import SchemaExtension

from api.errors import publish_errors
from api.metrics import record_operation
from api.observe import log_operation


class OperationHooks(SchemaExtension):
    def __init__(self, max_tokens: int, rules: Sequence[type[ASTValidationRule]]) -> None:
        self.max_tokens = max_tokens
        self.rules = tuple(rules)

    def on_operation(self) -> Iterator[None]:
        execution_context = self.execution_context
        execution_context.parse_options["max_tokens"] = self.max_tokens
        execution_context.validation_rules = execution_context.validation_rules + self.rules
        started = time.perf_counter()
        # `finally`: strawberry throws a parse error into this hook when the operation ends.
        try:
            yield
        finally:
            seconds = time.perf_counter() - started
            publish_errors(execution_context)
            record_operation(execution_context, seconds)
            log_operation(execution_context, seconds)
