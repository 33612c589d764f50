"""Whether two systems answered an operation the same: both answers in one canonical form.

The contract fixes the order of some lists (a sorted page, search hits best first, the
taxonomy sorted by name, compared techniques in the order given, related nearest first)
and leaves the rest to the server, so every other list is sorted before comparing. Cursors
are opaque per server and are dropped; scores are rounded (float formatting differs).
"""

from __future__ import annotations

import json
from typing import Any

# Lists whose order the operation fixes, as dotted paths from `data` (list items add no step).
ORDERED: dict[str, frozenset[str]] = {
    "TechniqueList": frozenset({"techniquesConnection.edges"}),
    "TechniqueNames": frozenset({"techniques"}),
    "Search": frozenset({"searchTechniques"}),
    "Related": frozenset({"relatedTechniques"}),
    "Taxonomy": frozenset({"goals", "goals.categories", "attributeTypes"}),
    "AttributeSchema": frozenset({"attributeSchema"}),
    "Compare": frozenset({"compareTechniques.techniques"}),
}
OPAQUE = frozenset({"cursor", "endCursor"})


def canonical(operation: str, data: Any) -> Any:
    return _canonical(data, "", ORDERED.get(operation, frozenset()))


def _canonical(value: Any, path: str, ordered: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {
            k: _canonical(v, f"{path}.{k}" if path else k, ordered)
            for k, v in sorted(value.items())
            if k not in OPAQUE
        }
    if isinstance(value, list):
        items = [_canonical(v, path, ordered) for v in value]
        if path in ordered:
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, float):
        return round(value, 4)
    return value


def differences(operation: str, reference: Any, other: Any, limit: int = 5) -> list[str]:
    """Where `other` differs from `reference` (both canonical): up to `limit` paths."""
    found: list[str] = []
    _diff(canonical(operation, reference), canonical(operation, other), "data", found, limit)
    return found


def _diff(a: Any, b: Any, path: str, found: list[str], limit: int) -> None:
    if len(found) >= limit or a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                found.append(
                    f"{path}.{key}: only in {'the reference' if key in a else 'the other'}"
                )
            else:
                _diff(a[key], b[key], f"{path}.{key}", found, limit)
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            found.append(f"{path}: {len(a)} items vs {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _diff(x, y, f"{path}[{i}]", found, limit)
        return
    found.append(f"{path}: {_short(a)} vs {_short(b)}")


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "..."
