"""Page sizes and offsets, checked against the configured maximum (API_MAX_PAGE_SIZE)."""

from __future__ import annotations

from typing import Any

from graph.queries.errors import LimitExceeded, QueryInputError
from graph.queries.statement import Limits


def page_size(value: Any, limits: Limits, argument: str) -> int:
    """A requested page size, or the maximum when none is given."""
    if value is None:
        return limits.max_page_size
    if not isinstance(value, int) or value < 0:
        raise QueryInputError(f"{argument} must be 0 or more, not {value!r}", argument)
    if value > limits.max_page_size:
        raise LimitExceeded(
            f"{argument}: {value} is over the maximum page size of {limits.max_page_size} "
            "(API_MAX_PAGE_SIZE); page through the rest",
            argument,
        )
    return value


def offset(value: Any, argument: str = "offset") -> int:
    if value is None:
        return 0
    if not isinstance(value, int) or value < 0:
        raise QueryInputError(f"{argument} must be 0 or more, not {value!r}", argument)
    return value
