"""A root field's whole selection, read ahead from the query, as `graph.queries.Selection`s.

Fragments (named and inline) are merged into their parent, `@skip`/`@include` are honoured,
introspection fields (`__typename`) are left to GraphQL, and a field asked for several times
(under aliases) with the same arguments is one selection whose children are the union of
theirs. Aliases are dropped here: they are client text, and data is keyed by field name and
arguments (`selection_key`), which resolvers compute again to find their part of a record.

Type conditions are not checked: every selection set on the read side is on an object type,
where GraphQL validation already guarantees a fragment applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    BooleanValueNode,
    EnumValueNode,
    FieldNode,
    FloatValueNode,
    FragmentSpreadNode,
    GraphQLResolveInfo,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    SelectionNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)
from strawberry import Info
from strawberry.types.nodes import get_variable_values

from graph.queries.selection import Selection, plain, selection_key


def root_selection(info: Info) -> Selection:
    """The resolving root field with its (coerced, plain) arguments and every child."""
    raw = info._raw_info
    node = raw.field_nodes[0]
    return Selection(raw.field_name, arguments(raw, node), _children(raw, raw.field_nodes))


def field_key(info: Info) -> str:
    """The key under which the projection put the data of the field being resolved."""
    raw = info._raw_info
    return record_key(raw.field_nodes[0], get_variable_values(raw))


def record_key(node: FieldNode, variables: Mapping[str, Any]) -> str:
    """The key under which the projection put the data of the field `node` asks for."""
    name = node.name.value
    if not node.arguments:
        return name
    return selection_key(name, node_arguments(node, variables))


def arguments(raw: GraphQLResolveInfo, node: FieldNode) -> dict[str, Any]:
    return node_arguments(node, get_variable_values(raw))


def node_arguments(node: FieldNode, variables: Mapping[str, Any]) -> dict[str, Any]:
    """A field's arguments as plain data, variables filled in from `variables` (coerced)."""
    return plain({arg.name.value: _value(arg.value, variables) for arg in node.arguments or ()})


def _value(node: ValueNode, variables: Mapping[str, Any]) -> Any:
    # Literals as GraphQL coerces them; variables arrive coerced already.
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, FloatValueNode):
        return float(node.value)
    if isinstance(node, StringValueNode | EnumValueNode):
        return node.value
    if isinstance(node, BooleanValueNode):
        return node.value
    if isinstance(node, ListValueNode):
        return [_value(v, variables) for v in node.values]
    if isinstance(node, ObjectValueNode):
        return {f.name.value: _value(f.value, variables) for f in node.fields}
    return None  # NullValueNode


Groups = dict[str, tuple[str, dict[str, Any], list[FieldNode]]]


def _children(raw: GraphQLResolveInfo, field_nodes: Iterable[FieldNode]) -> tuple[Selection, ...]:
    groups: Groups = {}
    for node in field_nodes:
        if node.selection_set:
            _collect(raw, node.selection_set.selections, groups, frozenset())
    return tuple(
        Selection(name, args, _children(raw, nodes)) for name, args, nodes in groups.values()
    )


def _collect(
    raw: GraphQLResolveInfo,
    selections: Iterable[SelectionNode],
    groups: Groups,
    fragments_seen: frozenset[str],
) -> None:
    for selection in selections:
        if not _included(raw, selection):
            continue
        if isinstance(selection, FieldNode):
            name = selection.name.value
            if name.startswith("__"):
                continue
            args = arguments(raw, selection)
            groups.setdefault(selection_key(name, args), (name, args, []))[2].append(selection)
        elif isinstance(selection, InlineFragmentNode):
            _collect(raw, selection.selection_set.selections, groups, fragments_seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = raw.fragments.get(name)
            if fragment is not None and name not in fragments_seen:
                _collect(raw, fragment.selection_set.selections, groups, fragments_seen | {name})


def _included(raw: GraphQLResolveInfo, node: SelectionNode) -> bool:
    variables = get_variable_values(raw)
    for directive in node.directives or ():
        condition = {a.name.value: _value(a.value, variables) for a in directive.arguments or ()}
        if directive.name.value == "skip" and condition.get("if"):
            return False
        if directive.name.value == "include" and not condition.get("if"):
            return False
    return True
