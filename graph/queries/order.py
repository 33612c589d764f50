"""Sorts as ORDER BY, made total by a unique tiebreak, and the keyset that resumes after a row.

A sort is a list of one-field mappings applied in order (`[{"name": "ASC"}, {"slug":
"DESC"}]`), as @neo4j/graphql 7 takes it. The entity's tiebreak (a technique's slug, a goal's
key) always ends the order, so equal values never make a page boundary ambiguous. Neo4j
sorts nulls last ascending and first descending; the keyset predicate follows that rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.queries.entities import Entity
from graph.queries.errors import QueryInputError
from graph.queries.statement import Statement, fill

DIRECTIONS = ("ASC", "DESC")


@dataclass(frozen=True)
class SortKey:
    name: str  # the field, or the tiebreak's expression template: the cursor's signature
    expr: str  # the Cypher expression over this statement's variables
    descending: bool
    nullable: bool
    indexed: bool = False

    @property
    def direction(self) -> str:
        return "DESC" if self.descending else "ASC"


def sort_keys(
    entity: Entity,
    binding: Mapping[str, str],
    sort: Any,
    path: str = "sort",
    skip_tiebreaks: tuple[str, ...] = (),
) -> list[SortKey]:
    """The keys to order by: those asked for (or the entity's default), then the tiebreak
    but for the terms in `skip_tiebreaks` (equal for every row of this list)."""
    keys: list[SortKey] = []
    if sort:
        requested = _requested(entity, sort, path)
    else:
        requested = [(field, "ASC") for field in entity.default_order]
    for field, direction in requested:
        scalar = entity.scalars[field]
        if any(key.name == field for key in keys):
            continue
        keys.append(
            SortKey(
                name=field,
                expr=fill(scalar.sort_expr or scalar.expr, **binding),
                descending=direction == "DESC",
                nullable=not scalar.indexed,
                indexed=scalar.indexed,
            )
        )
    for template in entity.tiebreak:
        if template in skip_tiebreaks:
            continue
        expr = fill(template, **binding)
        if all(key.expr != expr for key in keys):
            keys.append(SortKey(name=template, expr=expr, descending=False, nullable=False))
    return keys


def _requested(entity: Entity, sort: Any, path: str) -> list[tuple[str, str]]:
    items = sort if isinstance(sort, Sequence) and not isinstance(sort, str) else [sort]
    requested = []
    for i, item in enumerate(items):
        given = {k: v for k, v in (item or {}).items() if v is not None}
        if len(given) != 1:
            raise QueryInputError(
                f"{path}[{i}] names {len(given)} fields; give one field per sort object, "
                "in the order to apply them: [{name: ASC}, {slug: DESC}]",
                path,
            )
        ((field, direction),) = given.items()
        direction = str(getattr(direction, "value", direction))
        if field not in entity.sortable or direction not in DIRECTIONS:
            raise QueryInputError(
                f"{path}[{i}]: {entity.name}s sort by {', '.join(sorted(entity.sortable))}, "
                "each ASC or DESC",
                path,
            )
        requested.append((field, direction))
    return requested


def order_by(keys: Sequence[SortKey]) -> str:
    return ", ".join(f"{key.expr} {key.direction}" for key in keys)


def index_hint(keys: Sequence[SortKey]) -> str | None:
    """A predicate that lets the planner walk the first key's range index in order.

    True of every row (the property is always present), but without it Neo4j would read
    and sort every node before taking the first page.
    """
    if keys and keys[0].indexed:
        return f"{keys[0].expr} IS NOT NULL"
    return None


def signature(keys: Sequence[SortKey]) -> list[list[str]]:
    return [[key.name, key.direction] for key in keys]


def values_expr(keys: Sequence[SortKey]) -> str:
    """The list of a row's sort values, which its cursor records."""
    return "[" + ", ".join(key.expr for key in keys) + "]"


def after_predicate(keys: Sequence[SortKey], values: Sequence[Any], statement: Statement) -> str:
    """Rows strictly after the row whose sort values are `values`, in the order of `keys`."""
    disjuncts = []
    equal_so_far: list[str] = []
    for key, value in zip(keys, values, strict=True):
        after = _after(key, value, statement)
        if after is not None:
            disjuncts.append(" AND ".join([*equal_so_far, after]))
        equal_so_far.append(
            f"{key.expr} IS NULL" if value is None else f"{key.expr} = {statement.param(value)}"
        )
    predicate = " OR ".join(f"({d})" for d in disjuncts) if disjuncts else "false"
    first, value = keys[0], values[0]
    if not first.nullable and value is not None:
        # Redundant, but lets the planner seek the index from the cursor instead of scanning.
        bound = "<=" if first.descending else ">="
        predicate = f"{first.expr} {bound} {statement.param(value)} AND ({predicate})"
    return predicate


def _after(key: SortKey, value: Any, statement: Statement) -> str | None:
    if key.descending:
        if value is None:
            return f"{key.expr} IS NOT NULL"
        return f"{key.expr} < {statement.param(value)}"
    if value is None:
        return None
    later = f"{key.expr} > {statement.param(value)}"
    return f"({later} OR {key.expr} IS NULL)" if key.nullable else later
