"""A written node projected as the mutation's selection asks, in the write's transaction.

The same projection the read side compiles (graph/queries/projection.py), so a mutation's
answer has exactly the shape of a query's, and it shows what this transaction committed.
"""

from __future__ import annotations

from typing import Any, LiteralString, cast

from graph.queries.entities import ATTRIBUTE_VALUE, Entity
from graph.queries.lists import one_statement
from graph.queries.projection import project
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement
from graph.writes.refusal import Tx

Record = dict[str, Any]


def read_back(
    tx: Tx, entity: Entity, prop: str, value: str, selection: Selection, limits: Limits
) -> Record:
    statement = one_statement(entity, prop, value, selection, limits)
    rows = tx.run(cast(LiteralString, statement.text), statement.params)
    item: Record = rows[0]["item"]
    return item


def read_back_value(
    tx: Tx, type_key: str, key: str, selection: Selection, limits: Limits
) -> Record:
    """An attribute value: unique by (typeKey, key), not by key alone."""
    statement = Statement(limits)
    node = statement.variable()
    item = project(ATTRIBUTE_VALUE, {"node": node}, selection.children, statement, selection.field)
    statement.text = (
        f"MATCH ({node}:AttributeValue {{typeKey: {statement.param(type_key)}, "
        f"key: {statement.param(key)}}}) RETURN {item} AS item LIMIT 1"
    )
    rows = tx.run(cast(LiteralString, statement.text), statement.params)
    result: Record = rows[0]["item"]
    return result
