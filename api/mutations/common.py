"""What every mutation does around its write: check the caller's role, run the write in a
worker thread (one write transaction), and turn a refused write into a `ValidationError`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from strawberry import Info

from api.auth import require
from api.context import context_of
from api.resolution import selection_of
from api.types.results import ValidationError
from graph.queries.statement import Limits
from graph.writes.refusal import WriteRefused

T = TypeVar("T")


async def run_write(
    info: Info, role: str, work: Callable[..., T], *args: Any
) -> T | ValidationError:
    """`work(graph, *args)` for a caller allowed `role`; a broken rule becomes data."""
    require(info, role)
    context = context_of(info)
    try:
        return await asyncio.to_thread(work, context.graph, *args)
    except WriteRefused as refused:
        context.refused = True
        first = refused.violations[0]
        message = "; ".join(v.message for v in refused.violations)
        return ValidationError(field=first.field, rule=first.rule, message=message)


async def write_node(
    info: Info, role: str, type_name: str, work: Callable[..., dict[str, Any]], *args: Any
) -> Any:
    """A write whose answer is the node it wrote, projected as the request selects it of the
    result's `type_name` member (the same selection reader as the reads')."""
    limits: Limits = context_of(info).limits
    selection = selection_of(info, as_type=type_name)
    return await run_write(info, role, work, *args, selection, limits)
