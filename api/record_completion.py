"""Completing record-backed objects by plan: the fast path of api/resolution.py's one resolver.

A root field's records already hold exactly what the request selects, under response keys
(or field names, for fixed shapes). graphql-core would still walk them field by field
(execute, resolve through the middleware, complete, for ~2,300 fields in a 100-row list page),
which profiling showed to be three quarters of such a request's CPU. So this executor turns
each selection on a record type into a plan (response key, record key, leaf or nested plan,
nullability; read with the one selection reader, api/selection.py) and fills the answer from
the record in plain loops. A plan depends on the parsed document and on the variables of
`@skip`/`@include` only, never on arguments, so it is made once per document and those
variables' values and kept for the next requests (`_plan_key`).

It answers exactly what the one resolver answers (tests/api/test_one_path.py runs both):
anything the plan does not cover takes graphql-core's own path for that object, so answers
and errors are the same either way: abstract types, lists of lists, a missing key, a null
where the schema promises a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from graphql import (
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLString,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.selection import DocumentCache, document_key, read_subselection
from graph.queries.selection import Selection

_MISSING = object()


class _Fallback(Exception):
    """The plan cannot produce this object as graphql-core would: let graphql-core do it."""


@dataclass
class _Entry:
    response_key: str
    record_key: str
    non_null: bool
    typename: str | None = None
    leaf: GraphQLLeafType | None = None
    is_list: bool = False
    item_non_null: bool = False
    plan: _Plan | None = None


@dataclass
class _Plan:
    entries: list[_Entry] = field(default_factory=list)


def _unwrap(type_: GraphQLOutputType) -> tuple[bool, bool, bool, Any]:
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


class RecordCompletion(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, filling record-backed objects by plan. `by_response_key` and
    `by_field_name` are set on a subclass when the schema is built (`record_completion`)."""

    by_response_key: frozenset[str] = frozenset()
    by_field_name: frozenset[str] = frozenset()
    # Plans by `_plan_key`, shared by the schema's requests (set by `record_completion`).
    plans: ClassVar[DocumentCache[_Plan | None]] = DocumentCache()

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: GraphQLResolveInfo,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, dict) and (
            return_type.name in self.by_response_key or return_type.name in self.by_field_name
        ):
            plan = self._plan_for(return_type, info)
            if plan is not None:
                try:
                    filled = self._fill(plan, result)
                except _Fallback:
                    pass
                else:
                    count = getattr(self.context_value, "count_planned", None)
                    if count is not None:
                        count()
                    return filled
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _plan_for(self, object_type: GraphQLObjectType, info: GraphQLResolveInfo) -> _Plan | None:
        key = _plan_key(object_type, info)
        cached = self.plans.get(key, _MISSING) if key is not None else _MISSING
        if cached is not _MISSING:
            return cast("_Plan | None", cached)
        try:
            children = read_subselection(info, object_type, keep_typename=True)
            plan: _Plan | None = self._make_plan(object_type, children)
        except _Fallback:
            plan = None
        if key is not None:
            self.plans.put(key, (info.field_nodes, info.operation), plan)
        return plan

    def _make_plan(self, object_type: GraphQLObjectType, children: tuple[Selection, ...]) -> _Plan:
        by_key = object_type.name in self.by_response_key
        if not by_key and object_type.name not in self.by_field_name:
            raise _Fallback
        plan = _Plan()
        for child in children:
            if child.field == "__typename":
                plan.entries.append(_Entry(child.key, child.field, True, typename=object_type.name))
                continue
            record_key = child.key if by_key else child.field
            non_null, is_list, item_non_null, named = _unwrap(object_type.fields[child.field].type)
            if isinstance(named, GraphQLObjectType):
                nested = self._make_plan(named, child.children)
                entry = _Entry(child.key, record_key, non_null, is_list=is_list,
                               item_non_null=item_non_null, plan=nested)  # fmt: skip
            elif isinstance(named, GraphQLLeafType) and not is_list:
                entry = _Entry(child.key, record_key, non_null, leaf=named)
            else:
                raise _Fallback
            plan.entries.append(entry)
        return plan

    def _fill(self, plan: _Plan, record: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for entry in plan.entries:
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
        assert entry.plan is not None
        if not entry.is_list:
            if not isinstance(value, dict):
                raise _Fallback
            return self._fill(entry.plan, value)
        items: list[dict[str, Any] | None] = []
        for item in value:
            if item is None:
                if entry.item_non_null:
                    raise _Fallback
                items.append(None)
            elif isinstance(item, dict):
                items.append(self._fill(entry.plan, item))
            else:
                raise _Fallback
        return items

    @staticmethod
    def _leaf(leaf: GraphQLLeafType, value: Any) -> Any:
        if leaf is GraphQLString and type(value) is str:
            return value  # the common case, as coerce_output_value would answer it
        coerced = leaf.coerce_output_value(value)
        if coerced is None:
            raise _Fallback
        return coerced


def _plan_key(object_type: GraphQLObjectType, info: GraphQLResolveInfo) -> tuple[Any, ...] | None:
    """What a plan depends on: the type, and what the shape of a selection depends on
    (`document_key`)."""
    key = document_key(info)
    return None if key is None else (object_type.name, *key)


def record_completion(
    by_response_key: frozenset[str], by_field_name: frozenset[str]
) -> type[RecordCompletion]:
    """The executor class for a schema whose record types are these."""
    return type(
        "RecordCompletionForSchema",
        (RecordCompletion,),
        {
            "by_response_key": by_response_key,
            "by_field_name": by_field_name,
            "plans": DocumentCache(),
        },
    )
