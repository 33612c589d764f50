"""A technique's editable state and what a write changed in it: pure, no I/O.

The state is what the edit history keeps of each version (graph/writes/history.py): the
fields a client writes, lists sorted so two states compare equal when they mean the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

State = dict[str, Any]
Change = dict[str, Any]

# The fields of a technique a write can change, in the order the history shows them.
FIELDS = (
    "name",
    "description",
    "modelDependency",
    "exampleUseCase",
    "primaryGoal",
    "categories",
    "subCategories",
    "tags",
    "attributes",
)


def normal_state(row: Mapping[str, Any]) -> State:
    """A state read from the graph, in its one canonical form."""
    grouped: dict[str, list[str]] = {}
    for pair in row.get("attributes") or ():
        grouped.setdefault(pair["type"], []).append(pair["value"])
    return {
        "name": row.get("name"),
        "description": row.get("description"),
        "modelDependency": row.get("modelDependency"),
        "exampleUseCase": row.get("exampleUseCase"),
        "primaryGoal": row.get("primaryGoal"),
        "categories": sorted(row.get("categories") or ()),
        "subCategories": sorted(row.get("subCategories") or ()),
        "tags": sorted(row.get("tags") or ()),
        "attributes": [
            {"type": t, "values": sorted(set(values))} for t, values in sorted(grouped.items())
        ],
    }


def diff(before: State | None, after: State) -> list[Change]:
    """The fields whose value differs, each with its value before and after."""
    old = before or {}
    return [
        {"field": f, "before": old.get(f), "after": after.get(f)}
        for f in FIELDS
        if old.get(f) != after.get(f)
    ]


def revert(after: State, changes: Sequence[Change]) -> State:
    """The state before a write, from the state after it and what it changed."""
    state = dict(after)
    for change in changes:
        state[change["field"]] = change["before"]
    return state


def changed_fields(changes_since: Sequence[Sequence[Change]]) -> list[str]:
    """Fields changed by any of these writes, in the history's field order."""
    touched = {change["field"] for changes in changes_since for change in changes}
    return [f for f in FIELDS if f in touched]


def encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def decode(text: str | None) -> Any:
    return json.loads(text) if text else None
