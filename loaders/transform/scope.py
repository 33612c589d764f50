"""The legacy free-text `technique.scope` as values of the Scope attribute type."""

from __future__ import annotations

from graph.keys import name_key
from loaders.problems import ProblemLog

SCOPE_VALUES = ("Global", "Local")
_BY_KEY = {name_key(value): value for value in SCOPE_VALUES}


def parse_scope(scope: str | None, technique_id: int, log: ProblemLog) -> list[str]:
    """`Global, Local` → ['global', 'local'] (value keys, in the order written, no repeats).

    An unknown part is an error: it is not loaded, the known parts are.
    """
    if scope is None:
        return []
    if not scope.strip():
        log.warning(
            "blank-scope",
            "technique",
            technique_id,
            "scope",
            "scope is blank",
            "set it to NULL, Global, Local or 'Global, Local'",
            "no scope loaded",
        )
        return []
    keys: list[str] = []
    for part in scope.split(","):
        key = name_key(part)
        if key in _BY_KEY:
            if key not in keys:
                keys.append(key)
            continue
        log.error(
            "unknown-scope",
            "technique",
            technique_id,
            "scope",
            f"scope part {part.strip()!r} of {scope!r} is not one of " + ", ".join(SCOPE_VALUES),
            "write Global, Local or 'Global, Local'; or pass --skip-invalid",
            f"value {part.strip()!r} not loaded",
        )
    return keys
