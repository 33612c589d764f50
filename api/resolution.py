"""The one resolver of the read path: a field of a record-backed type reads its value from its
parent's record, under its response key.

A root field's one statement has already shaped the whole answer below it
(graph/queries/projection.py): every nested map holds exactly the selected fields, under their
response keys (aliases), filtered, sorted and paged. So no field below the roots runs code of
its own: this schema extension (strawberry's public `resolve` hook, installed by graphql-core
as middleware) answers each one with `record[response key]`. Fixed-shape answers (facet
counts, coverage cells, a connection's page info) are keyed by field name instead. Which type
is which is decided when the schema is built (api/schema.py).

It also keeps each root field's resolve info for the root resolver, which reads the field's
whole selection from it (`selection_of`, api/selection.py): strawberry's own `Info` exposes
no public way to graphql-core's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry import Info
from strawberry.extensions import SchemaExtension

from api.context import context_of
from api.selection import read_selection
from graph.queries.selection import Selection


class ProjectionMismatch(RuntimeError):
    """A record lacks a selected field: the projection and the selection disagree.

    A bug, never the client's doing: the client sees it masked, the log keeps it.
    """


class RecordResolution(SchemaExtension):
    def __init__(
        self,
        *,
        by_response_key: frozenset[str],
        by_field_name: frozenset[str],
        roots: frozenset[str],
    ) -> None:
        self.by_response_key = by_response_key
        self.by_field_name = by_field_name
        self.roots = roots

    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        parent = info.parent_type.name
        if parent in self.by_response_key:
            key = info.path.key
        elif parent in self.by_field_name:
            key = info.field_name
        else:
            if parent in self.roots:
                context_of(info).root_infos[str(info.path.key)] = info
            return _next(root, info, *args, **kwargs)
        try:
            return root[key]
        except (KeyError, TypeError):
            if info.field_name.startswith("__"):  # `__typename`: GraphQL's own
                return _next(root, info, *args, **kwargs)
            raise ProjectionMismatch(
                f"{parent}.{info.field_name}: no value under {key!r} in {type(root).__name__}"
            ) from None


def selection_of(info: Info, as_type: str | None = None) -> Selection:
    """The whole selection of the root field being resolved (see `read_selection`)."""
    return read_selection(context_of(info).root_infos[str(info.path.key)], as_type)


def is_record(type_name: str) -> Callable[[Any, Any], bool]:
    """An `is_type_of` for a record-backed type: a record is of this type unless it names
    another (`__typename`, set where a field's type is abstract, as `node(id:)`'s)."""

    def is_type_of(obj: Any, _info: Any) -> bool:
        return isinstance(obj, dict) and obj.get("__typename", type_name) == type_name

    return is_type_of
