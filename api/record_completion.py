"""Completing node types straight from the compiled query's records, one plan per selection.

A list page's answer is already shaped by its one Cypher statement: every nested map holds
exactly the selected fields, filtered, sorted and paged (graph/queries/projection.py).
graphql-core would still walk it field by field (resolve, complete, check, for ~900 fields
in a TechniqueList page of 20), which measured as most of the request's time in-process.
So this executor turns each object selection on a node type into a plan once per request
(response key, record key, leaf or nested plan, nullability) and fills the answer from the
record with it, in plain loops.

Anything the plan does not cover takes graphql-core's own path for that object, so answers
and errors are the same either way: `@defer`, fragment variables, lists of lists, abstract
types, a missing record key, a null where the schema promises a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from graphql.type import GraphQLResolveInfo
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.lookahead import record_key
from api.types.records import builder_types

_NODE_TYPES = frozenset(builder_types())


class _Fallback(Exception):
    """The plan cannot produce this object as graphql-core would: let graphql-core do it."""


@dataclass(frozen=True)
class _Entry:
    response_key: str
    record_key: str
    non_null: bool
    # One of: the type name for __typename; a leaf type; a nested plan (object or list).
    typename: str | None = None
    leaf: GraphQLLeafType | None = None
    is_list: bool = False
    item_non_null: bool = False
    target: GraphQLObjectType | None = None
    details: FieldDetailsList | None = None


_MISSING = object()


def _record(source: Any) -> Any:
    return source if isinstance(source, dict) else getattr(source, "record", _MISSING)


def _unwrap(type_: GraphQLOutputType) -> tuple[bool, bool, bool, GraphQLOutputType]:
    """(non-null, list, items non-null, named type); raises _Fallback for lists of lists."""
    non_null = isinstance(type_, GraphQLNonNull)
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if not isinstance(inner, GraphQLList):
        return non_null, False, False, inner
    item = inner.of_type
    item_non_null = isinstance(item, GraphQLNonNull)
    named = item.of_type if isinstance(item, GraphQLNonNull) else item
    if isinstance(named, GraphQLList):
        raise _Fallback
    return non_null, True, item_non_null, named


class RecordExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor with the node types completed from their records by plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, int], tuple[FieldDetailsList, list[_Entry] | None]] = {}

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if return_type.name in _NODE_TYPES:
            plan = self._plan(return_type, field_details_list)
            record = _record(result)
            if plan is not None and isinstance(record, dict):
                try:
                    return self._fill(plan, record)
                except _Fallback:
                    pass
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _plan(
        self, object_type: GraphQLObjectType, details: FieldDetailsList
    ) -> list[_Entry] | None:
        key = (object_type.name, id(details))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        try:
            plan: list[_Entry] | None = self._make_plan(object_type, details)
        except _Fallback:
            plan = None
        # Keep `details` alive with its plan, so its id is not reused within the request.
        self._plans[key] = (details, plan)
        return plan

    def _make_plan(self, object_type: GraphQLObjectType, details: FieldDetailsList) -> list[_Entry]:
        grouped, defers, *_ = self.collect_subfields(object_type, details)
        if defers:
            raise _Fallback
        plan = []
        variables = self.variable_values.coerced
        for response_key, field_details in grouped.items():
            if any(d.defer_usage or d.fragment_variable_values for d in field_details):
                raise _Fallback
            node = field_details[0].node
            name = node.name.value
            if name == "__typename":
                plan.append(_Entry(response_key, name, True, typename=object_type.name))
                continue
            field = object_type.fields[name]
            key = record_key(node, variables)
            non_null, is_list, item_non_null, named = _unwrap(field.type)
            if isinstance(named, GraphQLObjectType) and named.name in _NODE_TYPES:
                entry = _Entry(
                    response_key, key, non_null, is_list=is_list,
                    item_non_null=item_non_null, target=named, details=field_details,
                )  # fmt: skip
            elif isinstance(named, GraphQLLeafType) and not is_list:
                entry = _Entry(response_key, key, non_null, leaf=named)
            else:
                raise _Fallback
            plan.append(entry)
        return plan

    def _fill(self, plan: list[_Entry], record: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for entry in plan:
            if entry.typename is not None:
                out[entry.response_key] = entry.typename
                continue
            value = record.get(entry.record_key, _MISSING)
            if value is _MISSING:
                raise _Fallback
            if value is None:
                if entry.non_null:
                    raise _Fallback
                out[entry.response_key] = None
            elif entry.leaf is not None:
                out[entry.response_key] = self._leaf(entry.leaf, value)
            else:
                out[entry.response_key] = self._nested(entry, value)
        return out

    def _nested(self, entry: _Entry, value: Any) -> Any:
        assert entry.target is not None and entry.details is not None
        plan = self._plan(entry.target, entry.details)
        if plan is None:
            raise _Fallback
        if not entry.is_list:
            return self._fill(plan, value)
        items: list[dict[str, Any] | None] = []
        for item in value:
            if item is None:
                if entry.item_non_null:
                    raise _Fallback
                items.append(None)
            else:
                items.append(self._fill(plan, item))
        return items

    @staticmethod
    def _leaf(leaf: GraphQLLeafType, value: Any) -> Any:
        if leaf is GraphQLString and type(value) is str:
            return value  # the common case, as coerce_output_value would answer it
        coerced = leaf.coerce_output_value(value)
        if coerced is None:
            raise _Fallback
        return coerced
