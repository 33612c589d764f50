"""A root field's whole selection, read from GraphQL's resolve info, as `Selection`s.

The one selection reader of the API, for reads and for mutations' read-back alike. It reads
only graphql-core's public resolve info (`field_nodes`, `fragments`, `variable_values`,
`schema`, `return_type`) and coerces every argument with graphql-core's own `value_from_ast`
against the field's definition, so schema defaults and enum values are GraphQL's. Fragments
(named and inline) apply when their type condition holds for the object being read,
`@skip`/`@include` are honoured, introspection fields (`__typename`) are left to GraphQL, and
the fields asked under one response key (which GraphQL validation has made the same field
with the same arguments) are one selection whose children are the union of theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLIncludeDirective,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSkipDirective,
    InlineFragmentNode,
    NamedTypeNode,
    SelectionNode,
    Undefined,
    get_named_type,
    is_abstract_type,
    value_from_ast,
)

from graph.queries.selection import Selection, plain


def read_selection(info: GraphQLResolveInfo, as_type: str | None = None) -> Selection:
    """The field being resolved, with its coerced arguments and every child.

    `as_type`: for a field of an abstract type (a mutation's `Technique | ValidationError`),
    the member whose fields to read.
    """
    # Strawberry's executor hands resolvers the operation's variables coerced, as a dict.
    variables = cast(Mapping[str, Any], info.variable_values)
    reader = _Reader(info, variables)
    node = info.field_nodes[0]
    definition = info.parent_type.fields[info.field_name]
    named = info.schema.get_type(as_type) if as_type else get_named_type(info.return_type)
    return Selection(
        info.field_name,
        reader.arguments(definition, node),
        reader.children(named, info.field_nodes),
        _alias(node),
    )


def _alias(node: FieldNode) -> str | None:
    return node.alias.value if node.alias else None


def read_subselection(
    info: GraphQLResolveInfo, parent: GraphQLObjectType, keep_typename: bool = False
) -> tuple[Selection, ...]:
    """What the field being completed selects of its value, an object of type `parent`
    (api/record_completion.py plans from it); `keep_typename` keeps `__typename` selections."""
    variables = cast(Mapping[str, Any], info.variable_values)
    return _Reader(info, variables, keep_typename).children(parent, info.field_nodes)


class _Reader:
    def __init__(
        self, info: GraphQLResolveInfo, variables: Mapping[str, Any], keep_typename: bool = False
    ) -> None:
        self.info = info
        self.variables = dict(variables)
        self.keep_typename = keep_typename

    def arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        """The field's arguments as GraphQL coerces them (defaults included), as plain data."""
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        values: dict[str, Any] = {}
        for name, argument in definition.args.items():
            value = Undefined
            if name in given:
                value = value_from_ast(given[name], argument.type, self.variables)
            if value is Undefined:
                value = argument.default_value
            if value is not Undefined:
                values[name] = value
        coerced: dict[str, Any] = plain(values)
        return coerced

    def children(
        self, parent: GraphQLNamedType | None, field_nodes: Iterable[FieldNode]
    ) -> tuple[Selection, ...]:
        if not isinstance(parent, GraphQLObjectType):
            return ()
        groups: dict[str, list[FieldNode]] = {}
        for node in field_nodes:
            if node.selection_set:
                self._collect(parent, node.selection_set.selections, groups, frozenset())
        selections = []
        for key, nodes in groups.items():
            node = nodes[0]
            if node.name.value == "__typename":
                selections.append(Selection("__typename", {}, (), _alias(node)))
                continue
            definition = parent.fields[node.name.value]
            selections.append(
                Selection(
                    node.name.value,
                    self.arguments(definition, node),
                    self.children(get_named_type(definition.type), nodes),
                    key if key != node.name.value else None,
                )
            )
        return tuple(selections)

    def _collect(
        self,
        parent: GraphQLObjectType,
        selections: Iterable[SelectionNode],
        groups: dict[str, list[FieldNode]],
        fragments_seen: frozenset[str],
    ) -> None:
        for selection in selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if not name.startswith("__") or (self.keep_typename and name == "__typename"):
                    key = _alias(selection) or selection.name.value
                    groups.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, parent):
                    self._collect(
                        parent, selection.selection_set.selections, groups, fragments_seen
                    )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.info.fragments.get(name)
                if (
                    fragment is not None
                    and name not in fragments_seen
                    and self._applies(fragment.type_condition, parent)
                ):
                    inner = fragment.selection_set.selections
                    self._collect(parent, inner, groups, fragments_seen | {name})

    def _applies(self, condition: NamedTypeNode | None, parent: GraphQLObjectType) -> bool:
        if condition is None or condition.name.value == parent.name:
            return True
        named = self.info.schema.get_type(condition.name.value)
        return is_abstract_type(named) and self.info.schema.is_sub_type(named, parent)

    def _included(self, node: SelectionNode) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            definition = GraphQLSkipDirective if name == "skip" else GraphQLIncludeDirective
            condition = next(a for a in directive.arguments or () if a.name.value == "if")
            value = value_from_ast(condition.value, definition.args["if"].type, self.variables)
            if (name == "skip") == bool(value):
                return False
        return True
