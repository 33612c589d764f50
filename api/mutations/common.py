"""What every mutation does around its write: check the caller's role, run the write in a
worker thread (one write transaction), and turn a refused write into a `ValidationError`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from graphql import FieldNode, InlineFragmentNode, SelectionNode, SelectionSetNode
from strawberry import Info

from api.auth import require
from api.context import context_of
from api.lookahead import _children  # the read side's fragment merging, reused
from api.types.records import build
from api.types.results import ValidationError
from graph.queries.selection import Selection
from graph.queries.statement import Limits
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
    """A write whose answer is the node it wrote, projected as the request selects it."""
    limits: Limits = context_of(info).limits
    result = await run_write(info, role, work, *args, member_selection(info, type_name), limits)
    return result if isinstance(result, ValidationError) else build(type_name, result)
