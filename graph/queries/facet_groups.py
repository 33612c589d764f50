"""Facet selections (`where: {facets: {...}}`): OR within a group, AND across groups.

A selection names, per group, the options a user ticked: goals, categories, tags and model
dependencies by name, attribute values per attribute type (each type a group of its own):
`{"goals": ["Fairness", "Privacy"], "attributes": [{"type": "Scope", "values": ["Local"]}]}`.
A technique matches when, in every group with a selection, it has at least one of the
options. An empty list selects nothing, so sets no condition.

The groups are kept apart (rather than written as plain `where` terms) because facet counts
need them apart: each option's count is taken as if its own group were unselected
(graph/queries/facets.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.queries.entities import TECHNIQUE
from graph.queries.errors import QueryInputError
from graph.queries.statement import Statement, fill

NAMED_GROUPS = ("goals", "categories", "tags", "modelDependencies")


@dataclass(frozen=True)
class Group:
    """One group with a selection: its facet, the attribute type (for attributes), the names."""

    facet: str
    names: tuple[str, ...]
    attribute_type: str | None = None


def selected_groups(selection: Mapping[str, Any] | None, path: str) -> list[Group]:
    """The groups of a selection that select something, in a stable order."""
    if not selection:
        return []
    groups = []
    for facet, names in selection.items():
        if names is None:
            continue
        here = f"{path}.{facet}"
        if facet in NAMED_GROUPS:
            if names:
                groups.append(Group(facet, _names(names, here)))
        elif facet == "attributes":
            groups.extend(_attribute_groups(names, here))
        else:
            raise QueryInputError(
                f"{path} has no group {facet!r}; use {', '.join([*NAMED_GROUPS, 'attributes'])}",
                here,
            )
    return groups


def _names(value: Any, path: str) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    if not all(isinstance(item, str) for item in items):
        raise QueryInputError(f"{path} takes a list of names", path)
    return tuple(dict.fromkeys(items))


def _attribute_groups(value: Any, path: str) -> list[Group]:
    merged: dict[str, tuple[str, ...]] = {}
    items = value if isinstance(value, list | tuple) else [value]
    for i, item in enumerate(items):
        here = f"{path}[{i}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("type"), str):
            raise QueryInputError(f"{here} takes {{type: ..., values: [...]}}", here)
        values = _names(item.get("values") or [], f"{here}.values")
        # The same type given twice is one group: any of its values.
        merged[item["type"]] = tuple(dict.fromkeys(merged.get(item["type"], ()) + values))
    return [Group("attributes", names, kind) for kind, names in merged.items() if names]


def term_count(groups: list[Group]) -> int:
    return sum(len(group.names) for group in groups)


def group_predicate(group: Group, node: str, statement: Statement) -> str:
    """The technique bound to `node` has one of the group's options."""
    names = statement.param(list(group.names))
    if group.facet == "modelDependencies":
        return f"{node}.modelDependency IN {names}"
    dst = statement.variable()
    if group.facet == "attributes":
        kind = statement.param(group.attribute_type)
        return (
            f"EXISTS {{ MATCH ({node})-[:HAS_ATTRIBUTE]->({dst}:AttributeValue)"
            f"-[:OF_TYPE]->(:AttributeType {{name: {kind}}}) WHERE {dst}.name IN {names} }}"
        )
    pattern = fill(TECHNIQUE.relations[group.facet].pattern, src=node, dst=dst)
    return f"EXISTS {{ MATCH {pattern} WHERE {dst}.name IN {names} }}"


def groups_predicate(groups: list[Group], node: str, statement: Statement) -> str | None:
    """Every group holds (None when no group selects anything)."""
    if not groups:
        return None
    return " AND ".join(f"({group_predicate(g, node, statement)})" for g in groups)
