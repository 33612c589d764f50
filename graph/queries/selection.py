"""What a request selects, as the graph layer sees it: field names, arguments, children, and
the key each field's answer goes under.

The API turns a GraphQL selection set into `Selection`s (fragments merged, `@skip`/`@include`
applied, arguments coerced by GraphQL); a projection puts each field's data in its map under
the field's *response key* (its alias, else its name), so the API hands every value out by
that key with no further work. Response keys are GraphQL names, checked again before they
reach Cypher (`statement.map_key`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Selection:
    field: str
    args: Mapping[str, Any]
    children: tuple[Selection, ...] = ()
    # The response key (the alias, or the field name when there is none).
    alias: str | None = None

    @property
    def key(self) -> str:
        return self.alias or self.field

    def child(self, field: str) -> tuple[Selection, ...]:
        """The selections of `field` among the children, however many times it appears."""
        return tuple(s for s in self.children if s.field == field)

    def selects(self, field: str) -> bool:
        return any(s.field == field for s in self.children)


def plain(value: Any) -> Any:
    """Argument values as plain JSON-like data: enums by value, null entries dropped."""
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
