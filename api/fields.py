"""Fields whose arguments come from the entity table: every relation of a node type and every
root list takes the `where`, `sort`, `limit` and `offset` the compiler understands for it.

A node type's fields have no resolver of their own: `api/resolution.py` hands each one its
value from the record its root field's statement returned. The arguments declared here are
what GraphQL validates and coerces; `api/selection.py` reads their coerced values.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.annotation import StrawberryAnnotation
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from api.inputs.sort import SORT
from api.inputs.where import WHERE
from graph.queries.entities import ENTITIES, Relation

UNSET: Any = strawberry.UNSET
PAGE = "At most `limit` (default and maximum: API_MAX_PAGE_SIZE) after `offset`."
WHOLE = "All of them, unless `limit` (at most API_MAX_PAGE_SIZE) is given, after `offset`."


def argument(name: str, annotation: Any, default: Any = None) -> StrawberryArgument:
    """An argument `name` of this type; optional (default null) unless `default` is UNSET."""
    return StrawberryArgument(
        python_name=name,
        graphql_name=name,
        type_annotation=StrawberryAnnotation(annotation),
        default=default,
    )


def where(entity: str) -> StrawberryArgument:
    return argument("where", WHERE[entity] | None)


def sort(entity: str) -> StrawberryArgument:
    sort_type: Any = SORT[entity]
    return argument("sort", list[sort_type] | None)


def page(first: str = "limit", then: str = "offset") -> list[StrawberryArgument]:
    annotation = int | None if then == "offset" else str | None
    return [argument(first, int | None), argument(then, annotation)]


def list_arguments(entity: str, sortable: bool = True) -> list[StrawberryArgument]:
    """`where`, `sort` (when the entity sorts), `limit`, `offset`."""
    arguments = [where(entity)]
    if sortable and ENTITIES[entity].sortable:
        arguments.append(sort(entity))
    return [*arguments, *page()]


def with_arguments(field: Any, arguments: list[StrawberryArgument]) -> Any:
    """`field` taking exactly these arguments (its resolver, if any, takes them as **kwargs)."""
    assert isinstance(field, StrawberryField)
    field.arguments = arguments
    return field


def relation(entity: str, name: str, description: str) -> Any:
    """The relation `name` of `entity` (a field of a node type): a list takes the list
    arguments of its target and says whether it is paged or whole; a single one takes none."""
    rel: Relation = ENTITIES[entity].relations[name]
    if not rel.many:
        return strawberry.field(description=description or None)
    text = f"{description} {PAGE if rel.paged else WHOLE}".strip()
    return with_arguments(strawberry.field(description=text), list_arguments(rel.target))
