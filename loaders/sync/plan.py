"""What a sync does, decided from three states without touching either side (pure).

For each unit (`loaders.provenance`) that changed in the source since the last migration,
or left it, the plan compares field by field:

* **last migrated**: the per-field hashes the ledger recorded (`srcHash`),
* **source now**: the unit the transform made of the row today,
* **graph now**: the node or link the row became, as it is now (editors may have changed it).

A field the source changed and the graph did not is written; one the graph changed and the
source did not is left (an editor's change); one both changed differently is a **conflict**.
A unit the source no longer has is deleted unless an editor changed it or still uses it
(links no migration made); a new unit whose natural key the graph already holds is matched
to that node: a renumbered row when the node's own row left the source, a conflict when an
editor made it through the API. Conflicts refuse the whole sync unless `prefer` settles them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from loaders.provenance import FIELDS, LINK_ENDS, Unit, field_hash, fingerprint, split_hash

Prefer = Literal["source", "graph"]
Action = Literal["create", "update", "delete", "adopt", "forget", "keep"]


@dataclass(slots=True)
class GraphUnit:
    """A node or link of the graph as it is now, in the compared fields' shape."""

    eid: str
    kind: str
    key: str
    values: tuple[Any, ...]
    src: str | None = None
    src_hash: str | None = None
    # Relationships on a node that no migration made (an editor's), which a delete would take.
    editor_links: int = 0


@dataclass(frozen=True, slots=True)
class LinkLookup:
    """For a link the source adds: whether its ends are in the graph, and a link of the same
    type between them if there is one already."""

    has_start: bool
    has_end: bool
    existing: GraphUnit | None = None


@dataclass(slots=True)
class FieldChange:
    field: str
    old: Any  # the graph's value now (None when there is no node yet)
    new: Any  # the source's value now
    conflict: bool = False


@dataclass(slots=True)
class Change:
    """One unit's fate: what is done, to which fields, and why."""

    action: Action
    src: str
    kind: str
    key: str
    fields: list[FieldChange] = field(default_factory=list)
    conflict: str | None = None
    # False when no `--prefer` can settle the conflict (the sync stays refused).
    settleable: bool = True
    note: str | None = None
    unit: Unit | None = None
    target: GraphUnit | None = None
    # The srcHash to store (None: forget the unit) and whether the graph is written at all.
    new_hash: str | None = None
    writes: bool = True
    old_src: str | None = None  # a renumbered unit's former row

    @property
    def name(self) -> str:
        return self.key.replace("\x1f", " → ")

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "src": self.src,
            "kind": self.kind,
            "key": self.name,
            "fields": [
                {"field": f.field, "old": f.old, "new": f.new, "conflict": f.conflict}
                for f in self.fields
            ],
            "conflict": self.conflict,
            "note": self.note,
            "oldSrc": self.old_src,
        }


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    prefer: Prefer | None = None

    def of(self, action: Action) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.conflict is not None]

    @property
    def blocked(self) -> bool:
        """Unsettled conflicts: the sync refuses to write anything."""
        return any(
            c.conflict is not None and (self.prefer is None or not c.settleable)
            for c in self.changes
        )

    def counts(self) -> dict[str, int]:
        out = {a: 0 for a in ("create", "update", "delete", "adopt", "forget", "keep")}
        for change in self.changes:
            out[change.action] += 1
        out["conflict"] = len(self.conflicts)
        return out

    def ledger_updates(self) -> dict[str, str | None]:
        """src → the hash to record, or None to forget it (renumbered rows drop the old src)."""
        updates: dict[str, str | None] = {}
        for change in self.changes:
            if change.old_src is not None:
                updates[change.old_src] = None
            updates[change.src] = change.new_hash
        return updates

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "prefer": self.prefer,
            "changes": [c.as_dict() for c in self.changes],
        }


def node_key(kind: str, key: str) -> tuple[str, str]:
    return (kind, key)


def plan_sync(
    changed: Iterable[Unit],
    gone: Mapping[str, str],
    last: Mapping[str, str],
    graph: Mapping[str, GraphUnit],
    by_key: Mapping[tuple[str, str], GraphUnit],
    links: Mapping[str, LinkLookup],
    prefer: Prefer | None = None,
) -> Plan:
    """The plan for `changed` units (source hash differs from `last`, or new) and `gone` ones
    (in `last`, not in the source). `graph` holds the graph's units of those srcs that are
    still there; `by_key` the graph's nodes found by the natural keys of new or renamed
    units; `links` what the graph holds for each new link."""
    plan = Plan(prefer=prefer)
    changed = list(changed)
    gone_srcs = set(gone)
    adopted: set[str] = set()
    # Nodes this plan makes or renames, so a new link may end at them.
    planned: set[tuple[str, str]] = set()
    renamed_away: set[tuple[str, str]] = set()
    for unit in changed:
        current = graph.get(unit.src)
        if not unit.is_link and current is not None and current.key != unit.key:
            renamed_away.add(node_key(unit.kind, current.key))
    for unit in changed:
        if unit.is_link:
            continue
        change = _node_change(unit, last, graph, by_key, gone_srcs, renamed_away, prefer)
        if change.action in ("create", "adopt", "update") and change.writes:
            planned.add(node_key(unit.kind, unit.key))
        if change.old_src is not None:
            adopted.add(change.old_src)
        plan.changes.append(change)
    for unit in changed:
        if unit.is_link:
            change = _link_change(unit, last, graph, links, gone_srcs, planned, prefer)
            if change.old_src is not None:
                adopted.add(change.old_src)
            plan.changes.append(change)
    for src, last_hash in sorted(gone.items()):
        if src not in adopted:
            plan.changes.append(_gone_change(src, last_hash, graph.get(src), prefer))
    return plan


def _three_way(
    unit: Unit, last_hash: str | None, current: GraphUnit, prefer: Prefer | None
) -> tuple[list[FieldChange], str, bool]:
    """Field changes to write, the srcHash to store, and whether any field conflicts."""
    names = FIELDS[unit.kind]
    last_parts = split_hash(last_hash, len(names))
    merged: list[str] = []
    changes: list[FieldChange] = []
    conflicted = False
    for name, new, old, was in zip(names, unit.values, current.values, last_parts, strict=True):
        new_h, old_h = field_hash(new), field_hash(old)
        source_changed = new_h != was
        graph_changed = was is not None and old_h != was
        merged.append(new_h if source_changed or was is None else was)
        if not source_changed or new_h == old_h:
            continue
        if graph_changed or was is None:
            conflicted = True
            changes.append(FieldChange(name, old, new, conflict=True))
        else:
            changes.append(FieldChange(name, old, new))
    return changes, ".".join(merged), conflicted


def _settle(changes: list[FieldChange], prefer: Prefer | None) -> list[FieldChange]:
    """The field changes to write once `prefer` settles the conflicting ones."""
    if prefer == "graph":
        return [c for c in changes if not c.conflict]
    return changes


def _node_change(
    unit: Unit,
    last: Mapping[str, str],
    graph: Mapping[str, GraphUnit],
    by_key: Mapping[tuple[str, str], GraphUnit],
    gone: set[str],
    renamed_away: set[tuple[str, str]],
    prefer: Prefer | None,
) -> Change:
    last_hash = last.get(unit.src)
    current = graph.get(unit.src)
    if last_hash is not None and current is None:
        # The row was migrated and its node is gone: an editor deleted it.
        change = Change("create", unit.src, unit.kind, unit.key, unit=unit)
        change.fields = [FieldChange(f, None, v, True) for f, v in unit.as_fields().items()]
        change.conflict = "deleted in the graph, changed in the source"
        change.new_hash = unit.src_hash
        change.writes = prefer == "source"
        if prefer == "graph":
            change.action = "keep"
        return change
    if current is not None:
        return _update(unit, last_hash, current, by_key, gone, renamed_away, prefer)
    holder = by_key.get(node_key(unit.kind, unit.key))
    if holder is not None and node_key(unit.kind, unit.key) not in renamed_away:
        if holder.src is not None and holder.src in gone:
            # Same name, another row id: the catalog was renumbered. Match by name.
            change = _update(unit, last.get(holder.src), holder, by_key, gone, renamed_away, prefer)
            change.action, change.old_src = "adopt", holder.src
            change.note = f"matched by name: was {holder.src}"
            return change
        change = _update(unit, None, holder, by_key, gone, renamed_away, prefer)
        change.action = "adopt"
        if holder.src is None:
            change.conflict = "made through the API with the same name"
        else:
            change.conflict = f"the name is taken by {holder.src}"
            change.settleable = False
        change.writes = prefer is not None and holder.src is None
        return change
    change = Change("create", unit.src, unit.kind, unit.key, unit=unit)
    change.fields = [FieldChange(f, None, v) for f, v in unit.as_fields().items()]
    change.new_hash = unit.src_hash
    return change


def _update(
    unit: Unit,
    last_hash: str | None,
    current: GraphUnit,
    by_key: Mapping[tuple[str, str], GraphUnit],
    gone: set[str],
    renamed_away: set[tuple[str, str]],
    prefer: Prefer | None,
) -> Change:
    fields, new_hash, conflicted = _three_way(unit, last_hash, current, prefer)
    change = Change("update", unit.src, unit.kind, unit.key, unit=unit, target=current)
    change.fields, change.new_hash = fields, new_hash
    if conflicted:
        names = ", ".join(f.field for f in fields if f.conflict)
        change.conflict = f"changed in both the source and the graph: {names}"
    written = _settle(fields, prefer)
    if current.key != unit.key and any(f.field == "name" for f in written):
        holder = by_key.get(node_key(unit.kind, unit.key))
        if (
            holder is not None
            and holder.eid != current.eid
            and not (holder.src in gone or node_key(unit.kind, holder.key) in renamed_away)
        ):
            change.conflict = f"the new name is taken by {holder.src or 'a node an editor made'}"
            change.settleable = False
    change.fields = fields
    change.writes = bool(written) or current.src != unit.src or current.src_hash != new_hash
    return change


def _link_change(
    unit: Unit,
    last: Mapping[str, str],
    graph: Mapping[str, GraphUnit],
    links: Mapping[str, LinkLookup],
    gone: set[str],
    planned: set[tuple[str, str]],
    prefer: Prefer | None,
) -> Change:
    last_hash = last.get(unit.src)
    current = graph.get(unit.src)
    if current is not None:
        fields, new_hash, conflicted = _three_way(unit, last_hash, current, prefer)
        change = Change("update", unit.src, unit.kind, unit.key, fields, unit=unit, target=current)
        change.new_hash = new_hash
        if conflicted:
            change.conflict = "changed in both the source and the graph"
        change.writes = bool(_settle(fields, prefer)) or current.src_hash != new_hash
        if change.writes and bool(_settle(fields, prefer)):
            _check_ends(change, links.get(unit.src), planned, prefer)
        return change
    change = Change("create", unit.src, unit.kind, unit.key, unit=unit, new_hash=unit.src_hash)
    change.fields = [FieldChange(f, None, v) for f, v in unit.as_fields().items()]
    lookup = links.get(unit.src)
    existing = lookup.existing if lookup is not None else None
    if existing is not None and (existing.src is None or existing.src in gone):
        change.action, change.target = "adopt", existing
        if existing.src is not None:
            change.old_src, change.note = existing.src, f"matched by its ends: was {existing.src}"
        else:
            change.note = "an editor made the same link"
        change.fields = []
        return change
    if last_hash is not None:
        change.conflict = "deleted in the graph, changed in the source"
        change.writes = prefer == "source"
        if prefer == "graph":
            change.action = "keep"
    _check_ends(change, lookup, planned, prefer)
    return change


def _check_ends(
    change: Change, lookup: LinkLookup | None, planned: set[tuple[str, str]], prefer: Prefer | None
) -> None:
    """A link can be written only between nodes the graph holds or this plan makes."""
    assert change.unit is not None
    start_label, end_label = LINK_ENDS[change.kind]
    start_key, end_key = change.unit.key.split("\x1f")[:2]
    has_start = (lookup is not None and lookup.has_start) or (start_label, start_key) in planned
    has_end = (lookup is not None and lookup.has_end) or (end_label, end_key) in planned
    if has_start and has_end:
        return
    missing = start_key if not has_start else end_key
    change.conflict = f"{missing!r} is not in the graph (an editor deleted it?)"
    # Nothing can settle a link to a node that is not there: keep the row's hash, write nothing.
    change.writes = False
    if prefer is not None:
        change.action = "keep"


def _gone_change(
    src: str, last_hash: str, current: GraphUnit | None, prefer: Prefer | None
) -> Change:
    if current is None:
        return Change("forget", src, "", src, writes=False, note="already gone from the graph")
    change = Change("delete", src, current.kind, current.key, target=current)
    change.fields = [
        FieldChange(f, v, None) for f, v in zip(FIELDS[current.kind], current.values, strict=True)
    ]
    graph_hash = fingerprint(current.values)
    reasons = []
    if graph_hash != last_hash:
        reasons.append("changed in the graph since the last migration")
    if current.editor_links:
        reasons.append(f"still has {current.editor_links} link(s) an editor made")
    if reasons:
        change.conflict = "deleted in the source, but " + " and ".join(reasons)
        if prefer == "graph":
            change.action = "keep"
            change.note = "kept; no longer tied to the source"
    return change
