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
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLIncludeDirective,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSkipDirective,
    InlineFragmentNode,
    ListValueNode,
    NamedTypeNode,
    ObjectValueNode,
    SelectionNode,
    Undefined,
    ValueNode,
    VariableNode,
    Visitor,
    get_named_type,
    is_abstract_type,
    value_from_ast,
    visit,
)

from graph.queries.selection import Selection, plain


def read_selection(info: GraphQLResolveInfo, as_type: str | None = None) -> Selection:
    """The field being resolved, with its coerced arguments and every child.

    `as_type`: for a field of an abstract type (a mutation's `Technique | ValidationError`),
    the member whose fields to read.

    What a selection is made of (fields, aliases, fragments applied, `@skip`/`@include`
    decided) depends on the parsed document and on the variables of those directives only;
    its argument values on the other variables too. So each one read is kept per document
    and directive values (`document_key`), and the next request of that document reads again
    only the arguments that take variables: the rest of the tree is the kept one.
    """
    # Strawberry's executor hands resolvers the operation's variables coerced, as a dict.
    variables = cast(Mapping[str, Any], info.variable_values)
    reader = _Reader(info, variables)
    key = document_key(info)
    if key is not None:
        kept = _KEPT.get((*key, as_type))
        if kept is not None:
            return kept.fresh(reader)
    node = info.field_nodes[0]
    definition = info.parent_type.fields[info.field_name]
    named = info.schema.get_type(as_type) if as_type else get_named_type(info.return_type)
    children = reader.children_kept(named, info.field_nodes)
    read = _Kept.of(reader, definition, node, children, _alias(node))
    if key is not None:
        _KEPT.put((*key, as_type), info.field_nodes, read)
    return read.selection


V = TypeVar("V")


class DocumentCache(Generic[V]):
    """Values kept by keys that name parsed-document nodes by id, at most `size` of them,
    emptied when full (a document's values are made again in one request). Each value is
    kept with those nodes, so their ids are not reused while it is kept."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._values: dict[tuple[Any, ...], tuple[Any, V]] = {}

    def get(self, key: tuple[Any, ...], missing: Any = None) -> V | Any:
        found = self._values.get(key)
        return missing if found is None else found[1]

    def put(self, key: tuple[Any, ...], nodes: Any, value: V) -> None:
        if len(self._values) >= self.size:
            self._values.clear()
        self._values[key] = (nodes, value)


# Selections by `document_key` (and the abstract type's member read); the variables of an
# operation's directives by the operation.
_KEPT: DocumentCache[_Kept] = DocumentCache()
_DIRECTIVE_VARIABLES: DocumentCache[tuple[str, ...]] = DocumentCache()


def directive_variables(info: GraphQLResolveInfo) -> tuple[str, ...]:
    """The variables any `@skip(if:)` or `@include(if:)` of the operation or of the
    document's fragments reads."""
    operation = info.operation
    found = _DIRECTIVE_VARIABLES.get((id(operation),))
    if found is not None:
        return found
    names: list[str] = []

    class Directives(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            if node.name.value in ("skip", "include"):
                names.extend(
                    a.value.name.value
                    for a in node.arguments or ()
                    if isinstance(a.value, VariableNode)
                )

    for definition in (operation, *info.fragments.values()):
        visit(definition, Directives())
    variables = tuple(sorted(set(names)))
    _DIRECTIVE_VARIABLES.put((id(operation),), operation, variables)
    return variables


def document_key(info: GraphQLResolveInfo) -> tuple[Any, ...] | None:
    """What the shape of the field's selection depends on: its nodes in the parsed document
    (the same objects for every request of a document the parser cache holds; fragments are
    in that document) and the values of the variables deciding `@skip`/`@include`. None
    when such a value is not a boolean (then nothing is kept)."""
    variables = cast(Mapping[str, Any], info.variable_values)
    flags = tuple(variables.get(name) for name in directive_variables(info))
    if not all(flag is None or isinstance(flag, bool) for flag in flags):
        return None
    return (tuple(map(id, info.field_nodes)), flags)


@dataclass(frozen=True)
class _Kept:
    """A selection as read, with what is needed to read its arguments again."""

    selection: Selection
    definition: GraphQLField | None  # None for `__typename`
    node: FieldNode
    own: bool  # its arguments read variables
    below: bool  # it, or a selection below it, does
    children: tuple[_Kept, ...]

    @classmethod
    def of(
        cls,
        reader: _Reader,
        definition: GraphQLField | None,
        node: FieldNode,
        children: tuple[_Kept, ...],
        alias: str | None,
    ) -> _Kept:
        args = reader.arguments(definition, node) if definition is not None else {}
        own = any(_reads_variables(a.value) for a in node.arguments or ())
        selection = Selection(node.name.value, args, tuple(c.selection for c in children), alias)
        below = own or any(c.below for c in children)
        return cls(selection, definition, node, own, below, children)

    def fresh(self, reader: _Reader) -> Selection:
        """The selection with the arguments that read variables read again."""
        if not self.below:
            return self.selection
        args = self.selection.args
        if self.own and self.definition is not None:
            args = reader.arguments(self.definition, self.node)
        children = tuple(child.fresh(reader) for child in self.children)
        return Selection(self.selection.field, args, children, self.selection.alias)


def _reads_variables(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_reads_variables(v) for v in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_reads_variables(f.value) for f in value.fields)
    return False


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
        return tuple(kept.selection for kept in self.children_kept(parent, field_nodes))

    def children_kept(
        self, parent: GraphQLNamedType | None, field_nodes: Iterable[FieldNode]
    ) -> tuple[_Kept, ...]:
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
                selections.append(_Kept.of(self, None, node, (), _alias(node)))
                continue
            definition = parent.fields[node.name.value]
            below = self.children_kept(get_named_type(definition.type), nodes)
            alias = key if key != node.name.value else None
            selections.append(_Kept.of(self, definition, node, below, alias))
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
