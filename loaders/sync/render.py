"""A sync plan as text for people (`catalog diff`, a refused sync): one line per change,
field by field old → new, long texts as a unified diff. Pure: a plan in, lines out."""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from loaders.provenance import LONG_TEXT
from loaders.sync.plan import Change, FieldChange, Plan

ACTION_WORDS = {
    "create": "create",
    "update": "update",
    "delete": "delete",
    "adopt": "match",
    "forget": "forget",
    "keep": "keep",
}


def _short(value: Any) -> str:
    if isinstance(value, str) and "\x1f" in value:
        value = value.replace("\x1f", " → ")
    return repr(value)


def field_lines(change: FieldChange) -> list[str]:
    """`name: 'old' → 'new'`, or a unified diff when either side is a long or multi-line text."""
    mark = "  ! " if change.conflict else "    "
    old, new = change.old, change.new
    long = (
        any(isinstance(v, str) and (len(v) > LONG_TEXT or "\n" in v) for v in (old, new))
        and isinstance(old, str)
        and isinstance(new, str)
    )
    if not long:
        return [f"{mark}{change.field}: {_short(old)} → {_short(new)}"]
    # Wrapped first, so a change in one long line shows as the few lines around it.
    diff = difflib.unified_diff(
        _wrapped(old),
        _wrapped(new),
        fromfile=f"{change.field} (graph)",
        tofile=f"{change.field} (source)",
        lineterm="",
        n=1,
    )
    return [f"{mark}{change.field}:"] + [f"{mark}  {line}" for line in diff]


def _wrapped(text: str) -> list[str]:
    return [
        line for paragraph in text.splitlines() for line in (textwrap.wrap(paragraph, 88) or [""])
    ]


def change_lines(change: Change) -> list[str]:
    action, kind = ACTION_WORDS[change.action], change.kind or "-"
    head = f"{action:<7} {kind:<15} {change.src:<34} {change.name}"
    lines = [head]
    if change.note:
        lines.append(f"    ({change.note})")
    if change.conflict:
        lines.append(f"  ! conflict: {change.conflict}")
    if change.action in ("update", "adopt") or change.conflict:
        for f in change.fields:
            lines.extend(field_lines(f))
    return lines


def plan_lines(
    plan: Plan, limit: int = 200, adding: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """The plan for people; `adding`: the names of the records a sync would add to the kinds
    it only adds to (the vocabulary), listed first."""
    counts = plan.counts()
    added = {kind: names for kind, names in (adding or {}).items() if names}
    parts = [f"{n:,} {what}" for what, n in counts.items() if n]
    parts += [f"{len(names):,} {kind} to add" for kind, names in added.items()]
    lines = [f"sync plan: {', '.join(parts) or 'nothing to do'}"]
    for kind, names in added.items():
        lines += [f"{'add':<7} {kind:<15} {name!r}" for name in names]
    shown = 0
    conflicts_first = sorted(plan.changes, key=lambda c: (c.conflict is None, c.action, c.src))
    for change in conflicts_first:
        if change.action == "forget":
            continue
        if shown == limit:
            lines.append(f"... {len(plan.changes) - limit:,} more (--json lists every change)")
            break
        lines.extend(change_lines(change))
        shown += 1
    if plan.conflicts:
        if plan.prefer is None:
            lines.append(
                f"{len(plan.conflicts):,} conflict(s): the sync writes nothing until they are "
                "settled: fix them in the source or the graph, or pass --prefer source "
                "(the source's values win) or --prefer graph (the editors' values stay)"
            )
        else:
            lines.append(f"{len(plan.conflicts):,} conflict(s) settled by --prefer {plan.prefer}")
        unsettleable = [c for c in plan.conflicts if not c.settleable]
        if unsettleable:
            lines.append(
                f"{len(unsettleable):,} of them no --prefer can settle (a name taken by "
                "another row): rename one of the two"
            )
    return lines
