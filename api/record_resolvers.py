"""Resolvers that read the compiled query's nested maps directly, for the node types.

By the time a node type's fields resolve, the one Cypher statement of the root field has
already filtered, sorted and paged every nested list (graph/queries/projection.py): each
field only has to pick its entry out of a record. Strawberry's own resolvers would first
convert every argument into input objects and build a Python object per node, which
profiling showed to be most of a list page's time in the API (py-spy, TechniqueList
first: 20: argument conversion and object building ~60% of the request). So the node
types keep their Strawberry classes for the schema (and for the SDL), and these plain
graphql-core resolvers take over their fields once the schema is built.

A source is a record (a dict from Cypher) or an object built from one by a root
resolver (which keeps it in `.record`); a relation's value stays a record.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema, get_named_type
from strawberry.types.nodes import get_variable_values

from api.lookahead import record_key
from api.types.records import LookaheadMismatch, Record, builder_types


def _record(source: Any) -> Record:
    return source if isinstance(source, dict) else source.record


def resolve_scalar(source: Any, info: GraphQLResolveInfo, **_: Any) -> Any:
    return _record(source).get(info.field_name)


def resolve_relation(source: Any, info: GraphQLResolveInfo, **_: Any) -> Any:
    key = record_key(info.field_nodes[0], get_variable_values(info))
    try:
        return _record(source)[key]
    except KeyError:
        message = f"{info.parent_type.name}.{info.field_name}: no data under {key!r}"
        raise LookaheadMismatch(message) from None


def install(schema: GraphQLSchema) -> None:
    """Point every field of the node types at the record (see the module's docstring)."""
    for name in builder_types():
        node_type = schema.type_map[name]
        assert isinstance(node_type, GraphQLObjectType), name
        for field in node_type.fields.values():
            target = get_named_type(field.type)
            related = isinstance(target, GraphQLObjectType)
            field.resolve = resolve_relation if related else resolve_scalar
