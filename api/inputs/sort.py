"""Sort inputs, generated from the entity table: a list of them is applied in order, each
naming one field of the entity's `sortable` ones.

`sort: [{ name: ASC }, { legacyId: DESC }]`; a unique tiebreak (a technique's slug, else the
name's key) always ends the order, so pages never overlap.
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.inputs.scalars import SortDirection
from graph.queries.entities import ENTITIES, Entity

_ONE = "Fields to sort {0}s by. Give one field per object; a list of objects is applied in order."


def sort_name(entity: str) -> str:
    return f"{entity}Sort"


def _sort(entity: Entity) -> Any:
    # In the order the entity lists its scalars, so the schema reads as the table does.
    names = [name for name in entity.scalars if name in entity.sortable]
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__annotations__": dict.fromkeys(names, SortDirection | None),
    }
    for name in names:
        namespace[name] = strawberry.field(default=None, name=name)
    cls = type(sort_name(entity.name), (), namespace)
    return strawberry.input(cls, description=_ONE.format(entity.name))


SORT: dict[str, Any] = {name: _sort(e) for name, e in ENTITIES.items() if e.sortable}
