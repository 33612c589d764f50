"""`node(id:)`: any object again from its global id (Relay's object identification).

An id is `Type:part:...` (graph/queries/entities.py builds it in every projection): the type,
then the values of the unique constraint that identifies an object of it, each with `%` and
`:` escaped as in a URL. So an id is stable across migrations and edits that keep the object's
identity (a rename changes a name's key, and so its id), and a lookup is an index seek.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from graph.connection import Graph
from graph.queries.entities import ENTITIES
from graph.queries.errors import QueryInputError
from graph.queries.projection import project
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement

# For each type `node(id:)` finds: the properties its id holds, in order.
IDENTITY: dict[str, tuple[str, ...]] = {
    "Technique": ("slug",),
    "Goal": ("key",),
    "Category": ("key",),
    "SubCategory": ("key",),
    "Tag": ("key",),
    "AttributeType": ("key",),
    "AttributeValue": ("typeKey", "key"),
}


@dataclass(frozen=True)
class GlobalId:
    type_name: str
    values: dict[str, str]


def parse_id(value: str) -> GlobalId:
    """The type and identifying values an id names; refuses what no projection makes."""
    type_name, *parts = value.split(":")
    identity = IDENTITY.get(type_name)
    if identity is None or len(parts) != len(identity) or not all(parts):
        raise QueryInputError(
            f"{value!r} is not an object id; use an `id` this API returned "
            f"(one of {', '.join(IDENTITY)})",
            "id",
        )
    return GlobalId(
        type_name, {prop: unquote(part) for prop, part in zip(identity, parts, strict=True)}
    )


def node_statement(found: GlobalId, selection: Selection, limits: Limits) -> Statement:
    entity = ENTITIES[found.type_name]
    statement = Statement(limits)
    node = statement.variable()
    item = project(entity, {"node": node}, selection.children, statement, selection.field)
    props = ", ".join(f"{prop}: {statement.param(v)}" for prop, v in found.values.items())
    statement.text = f"MATCH ({node}:{entity.label} {{{props}}}) RETURN {item} AS item LIMIT 1"
    return statement


def fetch_node(
    graph: Graph, found: GlobalId, selection: Selection, limits: Limits
) -> dict[str, Any] | None:
    """The object, projected as `selection` asks, with its `__typename`; None when no object
    has this id (any more)."""
    rows = node_statement(found, selection, limits).run(graph)
    if not rows:
        return None
    item: dict[str, Any] = rows[0]["item"]
    item["__typename"] = found.type_name
    return item
