"""What every mutation does around its write: check the caller's role, run the write in a
worker thread (one write transaction), and turn a refused write into a `ValidationError`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from strawberry import Info

from api.auth import TokenEntry, require
from api.context import call_graph, context_of
from api.resolution import selection_of
from api.types.results import FieldChange, Problem, ValidationError
from graph.writes.refusal import WriteRefused

T = TypeVar("T")


def author(entry: TokenEntry) -> str:
    """Who wrote, as the edit history names them: the token's name, else its role and the
    first characters of its digest (a digest is not the token and reveals nothing of it)."""
    if entry.name not in ("-", "API_TOKENS"):
        return entry.name
    return f"{entry.role} token {entry.digest[:8]}"


def refusal(refused: WriteRefused) -> ValidationError:
    """A refused write as data: every problem, the first also as the contract's field/rule."""
    first = refused.violations[0]
    conflict = refused.conflict
    return ValidationError(
        field=first.field,
        rule=first.rule,
        message="; ".join(v.message for v in refused.violations),
        problems=[
            Problem(field=v.field, rule=v.rule, message=v.message) for v in refused.violations
        ],
        current_version=conflict.current_version if conflict else None,
        changes=None
        if conflict is None
        else [
            FieldChange(field=c["field"], before=c["before"], after=c["after"])
            for c in conflict.changes
        ],
    )


async def run_write(
    info: Info, role: str, work: Callable[..., T], *args: Any, by: bool = False
) -> T | ValidationError:
    """`work(graph, *args)` for a caller allowed `role` (with `by`, the caller's name last);
    a broken rule becomes data."""
    entry = require(info, role)
    context = context_of(info)
    if by:
        args = (*args, author(entry))
    try:
        return await call_graph(work, context.graph, *args)
    except WriteRefused as refused:
        context.refused = True
        return refusal(refused)


async def write_node(
    info: Info,
    role: str,
    type_name: str,
    work: Callable[..., dict[str, Any]],
    *args: Any,
    by: bool = False,
) -> Any:
    """A write whose answer is the node it wrote, projected as the request selects it of the
    result's `type_name` member (the same selection reader as the reads'); with `by`, `work`
    gets the caller's name after `args`."""
    context = context_of(info)
    entry = require(info, role)
    if by:
        args = (*args, author(entry))
    selection = selection_of(info, as_type=type_name)
    return await run_write(info, role, work, *args, selection, context.limits)
