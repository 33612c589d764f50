"""Filters (`where`) as Cypher predicates, in the shape of @neo4j/graphql 7.

A filter is a plain mapping keyed by GraphQL field names, as a client writes it:
`{"name": {"startsWith": "SHAP"}, "goals": {"some": {"name": {"eq": "Fairness"}}},
"OR": [...], "NOT": {...}}`. Scalars take operators (`eq`, `in`, `contains`, `startsWith`,
`endsWith`; `lt`, `lte`, `gt`, `gte` on numbers), relationships take quantifiers (`some`,
`all`, `none`, `single`) over the related type's filter, and a single relationship
(`primaryGoal`, a tag's `parent`) takes that filter directly. A technique's `facets` are
ticked facet options, OR within a group and AND across groups (graph/queries/facet_groups.py).
Several keys in one mapping must all hold. `AND: []` holds and `OR: []` does not, as in
logic. A null value sets no condition. Every value becomes a parameter; every name is looked
up in `entities`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.queries.entities import ENTITIES, TECHNIQUE, Entity, Relation, Scalar
from graph.queries.errors import LimitExceeded, QueryInputError
from graph.queries.facet_groups import groups_predicate, selected_groups, term_count
from graph.queries.statement import Statement, fill

Binding = dict[str, str]

_STRING_OPERATORS = {
    "eq": "{x} = {p}",
    "in": "{x} IN {p}",
    "contains": "{x} CONTAINS {p}",
    "startsWith": "{x} STARTS WITH {p}",
    "endsWith": "{x} ENDS WITH {p}",
}
_NUMBER_OPERATORS = {
    "eq": "{x} = {p}",
    "in": "{x} IN {p}",
    "lt": "{x} < {p}",
    "lte": "{x} <= {p}",
    "gt": "{x} > {p}",
    "gte": "{x} >= {p}",
}
_OPERATORS = {
    "string": _STRING_OPERATORS,
    "int": _NUMBER_OPERATORS,
    "boolean": {"eq": "{x} = {p}"},
}
QUANTIFIERS = ("some", "all", "none", "single")


def where_predicate(
    entity: Entity,
    binding: Binding,
    where: Mapping[str, Any] | None,
    statement: Statement,
    path: str = "where",
    depth: int = 1,
) -> str | None:
    """The predicate for `where` over the entity bound to `binding`; None when it sets none."""
    if not where:
        return None
    if depth > statement.limits.max_filter_depth:
        raise LimitExceeded(
            f"{path} nests filters {depth} levels deep; the maximum is "
            f"{statement.limits.max_filter_depth} (API_MAX_FILTER_DEPTH)",
            path,
        )
    parts: list[str] = []
    for name, value in where.items():
        if value is None:
            continue
        here = f"{path}.{name}"
        if name in ("AND", "OR"):
            items = [
                where_predicate(entity, binding, item, statement, f"{here}[{i}]", depth + 1)
                for i, item in enumerate(_as_list(value))
            ]
            joiner, empty = (" AND ", "true") if name == "AND" else (" OR ", "false")
            parts.append(joiner.join(f"({p or 'true'})" for p in items) if items else empty)
        elif name == "NOT":
            inner = where_predicate(entity, binding, value, statement, here, depth + 1)
            parts.append(f"NOT coalesce(({inner}), false)" if inner else "false")
        elif name == "facets" and entity is TECHNIQUE:
            groups = selected_groups(value, here)
            count_terms(statement, term_count(groups), here)
            predicate = groups_predicate(groups, binding["node"], statement)
            if predicate:
                parts.append(predicate)
        elif name in entity.scalars and entity.scalars[name].filterable:
            parts.extend(_scalar(entity.scalars[name], binding, value, statement, here))
        elif name in entity.relations:
            parts.append(_relation(entity.relations[name], binding, value, statement, here, depth))
        else:
            raise QueryInputError(f"{entity.name}Where has no field {name!r}", here)
    if not parts:
        return None
    return " AND ".join(f"({p})" for p in parts)


def _as_list(value: Any) -> list[Any]:
    # GraphQL accepts a single item where a list is expected; so do we.
    return list(value) if isinstance(value, list | tuple) else [value]


def count_terms(statement: Statement, n: int, path: str) -> None:
    statement.filter_terms += n
    if statement.filter_terms > statement.limits.max_filter_terms:
        raise LimitExceeded(
            f"{path}: the filter holds more than {statement.limits.max_filter_terms} terms "
            "(conditions and `in` values; API_MAX_FILTER_TERMS); narrow it",
            path,
        )


def _scalar(
    scalar: Scalar, binding: Binding, operators: Any, statement: Statement, path: str
) -> list[str]:
    if not isinstance(operators, Mapping):
        raise QueryInputError(f"{path} takes operators such as {{eq: ...}}", path)
    known = _OPERATORS[scalar.kind]
    parts = []
    for operator, value in operators.items():
        if value is None:
            continue
        if operator not in known:
            raise QueryInputError(
                f"{path} has no operator {operator!r}; use one of {', '.join(known)}", path
            )
        if operator == "in":
            value = _as_list(value)
        count_terms(statement, len(value) if operator == "in" else 1, path)
        expr = fill(scalar.expr, **binding)
        parts.append(known[operator].replace("{x}", expr).replace("{p}", statement.param(value)))
    return parts


def _relation(
    relation: Relation,
    binding: Binding,
    value: Any,
    statement: Statement,
    path: str,
    depth: int,
) -> str:
    target = ENTITIES[relation.filtered]
    if relation.self:
        same = {"node": binding["node"]}
        return where_predicate(target, same, value, statement, path, depth + 1) or "true"
    if not relation.many:
        pattern, inner_binding = _pattern(relation, binding, statement)
        inner = where_predicate(target, inner_binding, value, statement, path, depth + 1)
        return f"EXISTS {{ MATCH {pattern}{_where(inner)} }}"
    if not isinstance(value, Mapping):
        raise QueryInputError(f"{path} takes one of {', '.join(QUANTIFIERS)}", path)
    parts = []
    for quantifier, filter_ in value.items():
        if filter_ is None:
            continue
        if quantifier not in QUANTIFIERS:
            raise QueryInputError(
                f"{path} has no quantifier {quantifier!r}; use one of {', '.join(QUANTIFIERS)}",
                path,
            )
        pattern, inner_binding = _pattern(relation, binding, statement)
        here = f"{path}.{quantifier}"
        inner = where_predicate(target, inner_binding, filter_, statement, here, depth + 1)
        parts.append(_quantified(quantifier, pattern, inner, inner_binding["node"]))
    return " AND ".join(f"({p})" for p in parts) if parts else "true"


def _quantified(quantifier: str, pattern: str, inner: str | None, dst: str) -> str:
    if quantifier == "some":
        return f"EXISTS {{ MATCH {pattern}{_where(inner)} }}"
    if quantifier == "none":
        return f"NOT EXISTS {{ MATCH {pattern}{_where(inner)} }}"
    if quantifier == "all":
        # A condition that is null for a node (a missing property) does not hold for it.
        if not inner:
            return "true"
        return f"NOT EXISTS {{ MATCH {pattern} WHERE NOT coalesce(({inner}), false) }}"
    return f"COUNT {{ MATCH {pattern}{_where(inner)} RETURN DISTINCT {dst} }} = 1"


def _pattern(relation: Relation, binding: Binding, statement: Statement) -> tuple[str, Binding]:
    dst, rel = statement.variable(), statement.variable("r")
    return fill(relation.pattern, src=binding["node"], dst=dst, rel=rel), {"node": dst, "rel": rel}


def _where(predicate: str | None) -> str:
    return f" WHERE {predicate}" if predicate else ""
