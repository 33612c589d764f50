"""Selections as nested Cypher maps: one expression fetches a node and all it selects.

Each selected field becomes an entry of a map literal, keyed by its response key: a
scalar is a property; a relationship is a `COLLECT { }` subquery with its own filter, order
and page (or the first match, for a single one), projected the same way, recursively. So a
whole result tree comes back from one statement however many rows it holds: the number of
statements a request sends depends on its root fields only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph.queries.entities import ENTITIES, Entity, Relation
from graph.queries.order import order_by, sort_keys
from graph.queries.paging import offset, page_size
from graph.queries.selection import Selection
from graph.queries.statement import Statement, fill, map_key
from graph.queries.where import where_predicate


def project(
    entity: Entity,
    binding: Mapping[str, str],
    selections: Sequence[Selection],
    statement: Statement,
    path: str,
    scale: int = 1,
) -> str:
    """A map expression holding each selection of `entity` (bound to `binding`) by its key.

    `scale` is how many of these maps the answer may hold (the page sizes it is nested in).
    """
    statement.add_nodes(scale, path)
    entries: dict[str, str] = {}
    for selection in selections:
        key = selection.key
        if key in entries:
            continue
        if selection.field in entity.scalars:
            expr = fill(entity.scalars[selection.field].expr, **binding)
        elif selection.field in entity.relations:
            relation = entity.relations[selection.field]
            here = f"{path}.{selection.field}"
            expr = _relation(relation, binding, selection, statement, here, scale)
        else:
            raise ValueError(
                f"{entity.name}.{selection.field} is selected but not mapped in "
                "graph/queries/entities.py"
            )
        entries[key] = expr
    return "{" + ", ".join(f"{map_key(key)}: {expr}" for key, expr in entries.items()) + "}"


def _relation(
    relation: Relation,
    binding: Mapping[str, str],
    selection: Selection,
    statement: Statement,
    path: str,
    scale: int,
) -> str:
    target = ENTITIES[relation.target]
    if relation.self:
        same = {"node": binding["node"]}
        return project(target, same, selection.children, statement, path, scale)
    dst, rel = statement.variable(), statement.variable("r")
    pattern = fill(relation.pattern, src=binding["node"], dst=dst, rel=rel)
    inner = {"node": dst, "rel": rel}
    if not relation.many:
        item = project(target, inner, selection.children, statement, path, scale)
        return f"head(COLLECT {{ MATCH {pattern} RETURN {item} AS item LIMIT 1 }})"
    limit = page_size(selection.args.get("limit"), statement.limits, f"{path}(limit)")
    item = project(target, inner, selection.children, statement, path, scale * limit)
    body = list_body(
        target,
        inner,
        pattern,
        item,
        selection,
        statement,
        path,
        distinct=relation.distinct,
        whole=not relation.paged,
        same_for_all=relation.same_for_all,
    )
    return "COLLECT { " + body + " }"


def list_body(
    target: Entity,
    binding: Mapping[str, str],
    pattern: str,
    item: str,
    selection: Selection,
    statement: Statement,
    path: str,
    distinct: bool = False,
    whole: bool = False,
    same_for_all: tuple[str, ...] = (),
) -> str:
    """MATCH, filter, order and page a list of `target`s, returning each as `item`.

    `whole`: without a `limit` argument, every item (a taxonomy list, which a client draws
    whole: a type's values, a goal's categories); API_MAX_NODES still counts it as one page.
    """
    node = binding["node"]
    where = where_predicate(
        target, dict(binding), selection.args.get("where"), statement, f"{path}(where)"
    )
    keys = sort_keys(
        target, binding, selection.args.get("sort"), f"{path}(sort)", skip_tiebreaks=same_for_all
    )
    limit = page_size(selection.args.get("limit"), statement.limits, f"{path}(limit)")
    skip = offset(selection.args.get("offset"), f"{path}(offset)")
    text = f"MATCH {pattern}"
    if distinct:
        text += f" WITH DISTINCT {node}"
    if where:
        text += f" WHERE {where}"
    text += f" RETURN {item} AS item ORDER BY {order_by(keys)}"
    if skip:
        text += f" SKIP {statement.param(skip)}"
    if whole and selection.args.get("limit") is None:
        return text
    return text + f" LIMIT {statement.param(limit)}"
