"""Where GraphQL objects come from: the nested maps a projection returns, in one place.

Every node type registers its `from_record` here under its GraphQL name. A relationship
field's resolver finds its part of the record by `field_key` (its name and arguments, never
its alias) and builds the related objects through this registry, so types that refer to each
other need no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from strawberry import Info

from api.lookahead import field_key

Record = dict[str, Any]
T = TypeVar("T")

_BUILDERS: dict[str, Callable[[Record], Any]] = {}


class LookaheadMismatch(RuntimeError):
    """A resolver found no data under its key: the projection and the lookahead disagree.

    A bug, never the client's doing: the client sees it masked, the log keeps it.
    """


def builds(type_name: str) -> Callable[[type[T]], type[T]]:
    """Register the decorated class's `from_record` as the builder of `type_name`."""

    def register(cls: type[T]) -> type[T]:
        _BUILDERS[type_name] = cls.from_record  # type: ignore[attr-defined]
        return cls

    return register


def builder_types() -> list[str]:
    """The GraphQL names of the types built from records (see api/record_resolvers.py)."""
    return sorted(_BUILDERS)


def build(type_name: str, record: Record) -> Any:
    return _BUILDERS[type_name](record)


def got(record: Record, key: str) -> Any:
    """A projected value; absent when the request did not select it (and never reads it)."""
    return record.get(key)


def field_data(record: Record, info: Info) -> Any:
    key = field_key(info)
    try:
        return record[key]
    except KeyError:
        raise LookaheadMismatch(
            f"{info._raw_info.parent_type.name}.{info.field_name}: no data under {key!r}"
        ) from None


def many(type_name: str, record: Record, info: Info) -> list[Any]:
    return [build(type_name, item) for item in field_data(record, info) or ()]


def one(type_name: str, record: Record, info: Info) -> Any:
    item = field_data(record, info)
    return None if item is None else build(type_name, item)
