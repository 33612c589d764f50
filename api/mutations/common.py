"""What every mutation does around its write: check the caller's role, run the write in a
worker thread (one write transaction), and turn a refused write into a `ValidationError`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from graphql import FieldNode, InlineFragmentNode, SelectionNode, SelectionSetNode
from strawberry import Info

from api.auth import TokenEntry, require
from api.context import context_of
from api.lookahead import _children  # the read side's fragment merging, reused
from api.types.records import build
from api.types.results import FieldChange, Problem, ValidationError
from graph.queries.selection import Selection
from graph.writes.refusal import WriteRefused

T = TypeVar("T")


def member_selection(info: Info, type_name: str) -> Selection:
    """The selection a union-typed result asks of its `type_name` member: fields of the
    fragments on that type (or on no type), merged as the read side merges them."""
    raw = info._raw_info
    kept: list[SelectionNode] = []
    for node in raw.field_nodes:
        for selection in node.selection_set.selections if node.selection_set else ():
            condition = None
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
            elif not isinstance(selection, FieldNode):
                fragment = raw.fragments.get(selection.name.value)  # type: ignore[attr-defined]
                condition = fragment.type_condition if fragment else None
            if condition is None or condition.name.value == type_name:
                kept.append(selection)
    merged = FieldNode(
        name=raw.field_nodes[0].name, selection_set=SelectionSetNode(selections=tuple(kept))
    )
    return Selection(type_name[:1].lower() + type_name[1:], {}, _children(raw, [merged]))


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
        return await asyncio.to_thread(work, context.graph, *args)
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
    """A write whose answer is the node it wrote, projected as the request selects it;
    with `by`, `work` gets the caller's name after `args`."""
    context = context_of(info)
    entry = require(info, role)
    if by:
        args = (*args, author(entry))
    selection = member_selection(info, type_name)
    result = await run_write(info, role, work, *args, selection, context.limits)
    return result if isinstance(result, ValidationError) else build(type_name, result)
