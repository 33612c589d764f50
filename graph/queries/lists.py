"""Root lists of any entity: a page by offset, a Relay page by cursor, or one node by key.

Each is one statement. The page is ordered and cut (`WITH n ORDER BY ... LIMIT`) before the
projection runs, so only the rows returned are projected; when the order starts on an
indexed property, Neo4j walks that index and stops after the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.connection import Graph
from graph.queries.cursor import decode_cursor, encode_cursor
from graph.queries.entities import Entity
from graph.queries.order import (
    after_predicate,
    index_hint,
    order_by,
    signature,
    sort_keys,
    values_expr,
)
from graph.queries.paging import offset, page_size
from graph.queries.projection import project
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement
from graph.queries.where import where_predicate

Record = dict[str, Any]


def where_clause(conditions: Sequence[str | None]) -> str:
    present = [c for c in conditions if c]
    return " WHERE " + " AND ".join(f"({c})" for c in present) if present else ""


def list_statement(entity: Entity, selection: Selection, limits: Limits) -> Statement:
    """`entities(where, sort, limit, offset)`: one row holding `items`, in order."""
    statement = Statement(limits)
    node = statement.variable()
    binding = {"node": node}
    args = selection.args
    keys = sort_keys(entity, binding, args.get("sort"))
    where = where_predicate(entity, binding, args.get("where"), statement)
    limit = page_size(args.get("limit"), limits, "limit")
    skip = offset(args.get("offset"))
    item = project(entity, binding, selection.children, statement, selection.field, limit)
    statement.text = (
        f"MATCH ({node}:{entity.label}){where_clause([index_hint(keys), where])} "
        f"WITH {node} ORDER BY {order_by(keys)} "
        f"SKIP {statement.param(skip)} LIMIT {statement.param(limit)} "
        f"RETURN collect({item}) AS items"
    )
    return statement


def fetch_list(graph: Graph, entity: Entity, selection: Selection, limits: Limits) -> list[Record]:
    return list_statement(entity, selection, limits).run(graph)[0]["items"]


def one_statement(
    entity: Entity, prop: str, value: Any, selection: Selection, limits: Limits
) -> Statement:
    """One node by a unique property (`technique(slug:)`, `goal(name:)` by key)."""
    statement = Statement(limits)
    node = statement.variable()
    item = project(entity, {"node": node}, selection.children, statement, selection.field)
    if prop not in ("slug", "key"):
        raise ValueError(f"{prop!r} is not a unique property to look nodes up by")
    statement.text = (
        f"MATCH ({node}:{entity.label} {{{prop}: {statement.param(value)}}}) "
        f"RETURN {item} AS item LIMIT 1"
    )
    return statement


def fetch_one(
    graph: Graph, entity: Entity, prop: str, value: Any, selection: Selection, limits: Limits
) -> Record | None:
    rows = one_statement(entity, prop, value, selection, limits).run(graph)
    return rows[0]["item"] if rows else None


@dataclass(frozen=True)
class Edge:
    node: Record
    cursor: str


@dataclass(frozen=True)
class ConnectionPage:
    edges: list[Edge]
    total: int | None
    has_next: bool
    has_previous: bool


def connection_statement(
    entity: Entity, selection: Selection, limits: Limits
) -> tuple[Statement, list[list[str]], int]:
    """`entitiesConnection(where, sort, first, after)`: the page (one row more, to know if
    another follows) and, when `totalCount` is selected, the count of every match."""
    statement = Statement(limits)
    node = statement.variable()
    binding = {"node": node}
    args = selection.args
    keys = sort_keys(entity, binding, args.get("sort"))
    sig = signature(keys)
    where = where_predicate(entity, binding, args.get("where"), statement)
    first = page_size(args.get("first"), limits, "first")
    after = None
    if args.get("after") is not None:
        after = after_predicate(keys, decode_cursor(args["after"], sig), statement)
    nodes = tuple(n for edges in selection.child("edges") for n in edges.child("node"))
    children = tuple(c for n in nodes for c in n.children)
    item = project(entity, binding, children, statement, f"{selection.field}.edges.node", first)
    label = entity.label
    text = ""
    if selection.selects("totalCount"):
        # Variables inside CALL are local: the page below reuses the same names and filter.
        text += (
            f"CALL () {{ MATCH ({node}:{label}){where_clause([where])} RETURN count(*) AS total }} "
        )
    else:
        text += "WITH null AS total "
    text += (
        f"CALL () {{ MATCH ({node}:{label}){where_clause([index_hint(keys), where, after])} "
        f"WITH {node} ORDER BY {order_by(keys)} LIMIT {statement.param(first + 1)} "
        f"RETURN collect({{node: {item}, sortKey: {values_expr(keys)}}}) AS items }} "
        "RETURN total, items"
    )
    statement.text = text
    return statement, sig, first


def fetch_connection(
    graph: Graph, entity: Entity, selection: Selection, limits: Limits
) -> ConnectionPage:
    statement, sig, first = connection_statement(entity, selection, limits)
    row = statement.run(graph)[0]
    items = row["items"]
    edges = [Edge(item["node"], encode_cursor(sig, item["sortKey"])) for item in items[:first]]
    return ConnectionPage(
        edges=edges,
        total=row["total"],
        has_next=len(items) > first,
        has_previous=selection.args.get("after") is not None,
    )
