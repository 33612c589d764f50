"""What a request selects, as the graph layer sees it: field names, arguments and children.

The API turns a GraphQL selection set into `Selection`s (merging fragments and repeated
fields, dropping aliases: aliases are client text and never reach Cypher); projections key
each field's data by `selection_key`, which the API's resolvers compute again to find it.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Selection:
    field: str
    args: Mapping[str, Any]
    children: tuple[Selection, ...] = ()

    @property
    def key(self) -> str:
        return selection_key(self.field, self.args)

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


def selection_key(field: str, args: Mapping[str, Any]) -> str:
    """The projection key of a field with these arguments: the field name, or the name and a
    digest of the arguments when there are some (the same field asked twice with different
    arguments is two entries)."""
    args = plain(args)
    if not args:
        return field
    digest = hashlib.sha256(
        json.dumps(args, sort_keys=True, separators=(",", ":"), default=str).encode()
    ).hexdigest()[:12]
    return f"{field}_{digest}"
