"""`attributeSchema(goals:)`: the attribute types a technique serving any of these goals may
carry (`appliesToAll`, or one of its applicable goals is among them), for the edit form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.connection import Graph
from graph.keys import name_key
from graph.queries.entities import ATTRIBUTE_TYPE
from graph.queries.errors import NotFound
from graph.queries.order import order_by, sort_keys
from graph.queries.projection import project
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement


def attribute_schema_statement(selection: Selection, limits: Limits) -> Statement:
    statement = Statement(limits)
    goals: Sequence[str] = selection.args.get("goals") or []
    named = statement.param([{"name": g, "key": name_key(g)} for g in goals])
    keys_param = statement.param([name_key(g) for g in goals])
    node = statement.variable()
    binding = {"node": node}
    # Every applicable type, unpaged: a form drawn from this alone must miss none. The node
    # budget counts them as one page.
    item = project(
        ATTRIBUTE_TYPE,
        binding,
        selection.children,
        statement,
        "attributeSchema",
        limits.max_page_size,
    )
    order = order_by(sort_keys(ATTRIBUTE_TYPE, binding, None))
    statement.text = (
        f"RETURN [g IN {named} WHERE NOT EXISTS {{ MATCH (:Goal {{key: g.key}}) }} | g.name] "
        f"AS unknown, COLLECT {{ MATCH ({node}:AttributeType) "
        f"WHERE coalesce({node}.appliesToAll, false) "
        f"OR EXISTS {{ MATCH ({node})-[:APPLIES_TO]->(g:Goal) WHERE g.key IN {keys_param} }} "
        f"RETURN {item} AS item ORDER BY {order} }} AS items"
    )
    return statement


def attribute_schema(graph: Graph, selection: Selection, limits: Limits) -> list[dict[str, Any]]:
    row = attribute_schema_statement(selection, limits).run(graph)[0]
    if row["unknown"]:
        names = ", ".join(repr(n) for n in row["unknown"])
        raise NotFound(f"goals names no goal {names}; see the goals query for the names", "goals")
    return row["items"]
