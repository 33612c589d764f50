"""`catalog diff` and `catalog migrate` over a migrated catalog: read the source once (the
migration's checking pass, which also fingerprints every unit), read from the graph only
what changed, plan (`loaders.sync.plan`, pure), and apply the plan in one transaction.

One transaction makes the sync all-or-nothing: killed at any point, the graph is as before
and a re-run plans the same changes again.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString

import neo4j

from graph import catalog_version
from graph.connection import Graph
from graph.errors import CatalogError
from graph.keys import sort_name
from graph.migration import runs
from graph.migration import sync_queries as sq
from graph.migration.kind import WriteKind
from graph.schema import install_schema
from graph.tag_names import tag_caption
from loaders.load import DEFAULT_BATCH_SIZE, batched
from loaders.migrate import run_steps, source_rows
from loaders.problems import ProblemLog
from loaders.provenance import (
    FIELDS,
    LINK_ENDS,
    NODE_FIELDS,
    Provenance,
    Record,
    Unit,
    ends,
    route,
    value_key,
)
from loaders.sources.base import LegacySource
from loaders.sync.ledger import ledger_tables, read_ledger, table_of
from loaders.sync.plan import Change, GraphUnit, LinkLookup, Plan, Prefer, plan_sync

log = logging.getLogger("catalog.sync")
# Srcs per graph read (an IN list the server hashes once per query).
READ_BATCH = 20_000


class UnitCollector:
    """A sink for the checking pass: every record is fingerprinted; only the units whose
    fingerprint differs from the ledger's are kept (the rest cost a hash and a set entry).
    The records of a kind without provenance (the model dependency vocabulary) are kept
    whole, to be merged again by the sync's transaction."""

    def __init__(self, last: Mapping[str, str]) -> None:
        self.last = last
        self.provenance = Provenance()
        self.changed: list[Unit] = []
        self.seen: set[str] = set()
        self.planned: dict[str, int] = {}
        self.additions: dict[WriteKind, list[Record]] = {}

    def __call__(self, kind: WriteKind, records: list[Record]) -> None:
        self.planned[kind.name] = self.planned.get(kind.name, 0) + len(records)
        if not kind.provenance:
            self.additions.setdefault(kind, []).extend(records)
            return
        self.changed += self.provenance.changed(kind.name, records, self.last, self.seen)

    def gone(self) -> dict[str, str]:
        return {src: h for src, h in self.last.items() if src not in self.seen}


@dataclass
class SyncReport:
    run_id: str
    source: str
    target: str
    outcome: str = "pending"  # planned | synced | refused | conflicts
    prefer: Prefer | None = None
    seconds: float = 0.0
    source_rows: dict[str, int] = field(default_factory=dict)
    problems: ProblemLog = field(default_factory=ProblemLog)
    plan: Plan = field(default_factory=Plan)
    timings: dict[str, float] = field(default_factory=dict)
    backup: dict[str, str] = field(default_factory=dict)
    validation: dict[str, Any] | None = None
    # What the sync only adds to (the vocabulary): the source's records by kind, and how
    # many of them were new to the graph.
    additions: dict[WriteKind, list[Record]] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)
    # The names of those records not in the graph when the plan was made, by kind.
    adding: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "runId": self.run_id,
            "source": self.source,
            "target": self.target,
            "outcome": self.outcome,
            "prefer": self.prefer,
            "added": self.added,
            "adding": self.adding,
            "seconds": round(self.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "backup": self.backup,
            "validation": self.validation,
            "sourceRows": self.source_rows,
            "problemCounts": self.problems.counts(),
            "problems": [p.as_dict() for p in self.problems.problems],
            "plan": self.plan.as_dict(),
        }


def load_mode(graph: Graph) -> str:
    """`sync` when a completed migration left its ledger, else `load` (an empty graph, a
    graph loaded before provenance existed, or an unfinished load to resume)."""
    row = graph.read(sq.LOAD_MODE)[0]
    return "sync" if row["ledger"] and not row["unfinished"] else "load"


def _batches(items: list[Any], size: int = READ_BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def node_unit(row: Mapping[str, Any]) -> GraphUnit:
    """A graph node (a `NODES_BY_*` row) in its unit's shape."""
    label = row["label"]
    values: tuple[Any, ...]
    if label in ("Goal",):
        values = (row["name"], row["description"])
    elif label in ("Category", "SubCategory"):
        values = (row["name"], row["description"], row["parent"])
    elif label == "AttributeType":
        values = (
            row["name"],
            row["multiValued"],
            row["appliesToAll"],
            row["description"],
            sorted(row["goals"]),
        )
    elif label == "AttributeValue":
        values = (row["name"], row["position"])
    elif label == "Technique":
        values = (
            row["name"],
            row["description"],
            row["modelDependency"],
            row["exampleUseCase"],
            row["parent"],
        )
    else:
        values = (row["name"],)
    key = value_key(row["typeKey"], row["key"]) if label == "AttributeValue" else row["key"]
    return GraphUnit(
        eid=row["eid"],
        kind=label,
        key=key or "",
        values=values,
        src=row["src"],
        src_hash=row["srcHash"],
        editor_links=row["editorLinks"],
    )


def link_unit(row: Mapping[str, Any]) -> GraphUnit:
    end = value_key(row["endType"], row["end"]) if row["endType"] else row["end"]
    key: str = ends(row["start"], end)
    values: tuple[Any, ...] = (ends(row["startSrc"], row["endSrc"]),)
    if row["type"] == "RELATED_TO":
        key, values = ends(key, row["relType"]), (*values, row["relType"])
    return GraphUnit(row["eid"], row["type"], key, values, row["src"], row["srcHash"])


def _split_key(kind: str, key: str) -> dict[str, Any]:
    """A node's natural key as the `row.key`/`row.keyType` a by-key query matches on."""
    if kind == "AttributeValue":
        type_key, _, own = key.partition("/")
        return {"key": own, "keyType": type_key}
    return {"key": key, "keyType": None}


def _link_row(unit: Unit) -> dict[str, Any]:
    parts = unit.key.split("\x1f")
    start, end = parts[0], parts[1]
    row: dict[str, Any] = {"src": unit.src, "start": start, "startType": None, "end": end}
    row["endType"] = None
    if LINK_ENDS[unit.kind][1] == "AttributeValue":
        row["endType"], _, row["end"] = end.partition("/")
    row["type"] = parts[2] if unit.kind == "RELATED_TO" else None
    return row


def read_units(graph: Graph, srcs: Iterable[str]) -> dict[str, GraphUnit]:
    """The graph's units of `srcs` (those still there), each looked up by its label or type
    (`loaders.provenance.route`): by legacy id where it has one, else by a scan of that
    label or type alone; a src of no known form by a scan of the whole graph."""
    by_id: dict[tuple[bool, str], list[dict[str, Any]]] = defaultdict(list)
    by_src: dict[tuple[bool, str], list[str]] = defaultdict(list)
    for src in srcs:
        where = route(src)
        if where.legacy_id is not None:
            by_id[(where.is_node, where.kind)].append({"src": src, "id": where.legacy_id})
        else:
            by_src[(where.is_node, where.kind)].append(src)
    reads: list[tuple[bool, LiteralString, dict[str, Any]]] = []
    for (is_node, kind), rows in by_id.items():
        query = sq.NODES_BY_LEGACY_ID[kind] if is_node else sq.LINKS_BY_LEGACY_ID[kind]
        reads += [(is_node, query, {"rows": batch}) for batch in _batches(rows)]
    for (is_node, kind), found in by_src.items():
        for batch in _batches(found):
            if not kind:
                reads.append((True, sq.NODES_BY_SRC, {"srcs": batch}))
                reads.append((False, sq.LINKS_BY_SRC, {"srcs": batch}))
            elif is_node:
                reads.append((True, sq.NODES_OF_LABEL_BY_SRC[kind], {"srcs": batch}))
            else:
                reads.append((False, sq.LINKS_OF_TYPE_BY_SRC[kind], {"srcs": batch}))
    units: dict[str, GraphUnit] = {}
    for is_node, query, params in reads:
        for row in graph.read_plain(query, params):
            units[row["src"]] = node_unit(row) if is_node else link_unit(row)
    return units


def fetch(
    graph: Graph, changed: list[Unit], gone: Mapping[str, str]
) -> tuple[dict[str, GraphUnit], dict[tuple[str, str], GraphUnit], dict[str, LinkLookup]]:
    """What the plan needs from the graph, and nothing more: the units of the changed and
    gone srcs, the nodes holding new or renamed keys, and what new links would join."""
    units = read_units(graph, sorted({u.src for u in changed} | set(gone)))
    by_key: dict[tuple[str, str], GraphUnit] = {}
    keyed: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for unit in changed:
        current = units.get(unit.src)
        if not unit.is_link and (current is None or current.key != unit.key):
            keyed[unit.kind].append(_split_key(unit.kind, unit.key))
    for label, rows in keyed.items():
        for batch in _batches(rows):
            for row in graph.read_plain(sq.NODES_BY_KEY[label], {"rows": batch}):
                found = node_unit(row)
                by_key[(label, found.key)] = found
    links: dict[str, LinkLookup] = {}
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for unit in changed:
        if unit.is_link:
            by_type[unit.kind].append(_link_row(unit))
    for rel, rows in by_type.items():
        for batch in _batches(rows):
            for row in graph.read_plain(sq.LINK_LOOKUP[rel], {"rows": batch}):
                found = row["found"]
                existing = None
                if found is not None:
                    existing = GraphUnit(found["eid"], rel, "", (), found["src"], found["srcHash"])
                links[row["want"]] = LinkLookup(row["hasStart"], row["hasEnd"], existing)
    return units, by_key, links


def plan_source(
    source: LegacySource,
    graph: Graph,
    report: SyncReport,
    batch_size: int,
) -> dict[str, str]:
    """Check the source and plan the sync into `report`; returns the ledger read."""
    started = time.perf_counter()
    last = read_ledger(graph)
    report.timings["read ledger"] = time.perf_counter() - started
    source.check_schema()
    collector = UnitCollector(last)
    started = time.perf_counter()
    report.source_rows = source_rows(source)
    ctx = run_steps(source, collector, batch_size, "checking", rows=report.source_rows)
    report.timings["read and check the source"] = time.perf_counter() - started
    report.problems = ctx.log
    report.additions = collector.additions
    gone = collector.gone()
    started = time.perf_counter()
    units, by_key, links = fetch(graph, collector.changed, gone)
    report.timings["read the changed units from the graph"] = time.perf_counter() - started
    report.plan = plan_sync(collector.changed, gone, last, units, by_key, links, report.prefer)
    _free_slugs(graph, report.plan)
    return last


def _free_slugs(graph: Graph, plan: Plan) -> None:
    """A new technique whose slug an editor's technique (live or deleted) has gets its legacy id
    appended (slugs are unique; the source's own slugs are unique among themselves)."""
    new = [c.unit for c in plan.of("create") if c.unit is not None and c.kind == "Technique"]
    if not new:
        return
    taken = {
        row["slug"] for row in graph.read(sq.TAKEN_SLUGS, {"slugs": [u.extra["slug"] for u in new]})
    }
    for unit in new:
        if unit.extra["slug"] in taken:
            unit.extra["slug"] = f"{unit.extra['slug']}-{unit.extra['legacyId']}"


def apply(
    graph: Graph, report: SyncReport, last: Mapping[str, str], validating: bool = False
) -> None:
    """Write the plan, the new ledger and the run's record, in one transaction. With
    `validating` the run is left `validating` for the caller to finish after validation."""
    writes = PlanWrites.of(report.plan)
    ledger = dict(last)
    tables: set[str] = set()
    for src, new_hash in report.plan.ledger_updates().items():
        tables.add(table_of(src))
        if new_hash is None:
            ledger.pop(src, None)
        else:
            ledger[src] = new_hash
    # Only the tables the plan changed are rewritten.
    filled, empty = ledger_tables(ledger, tables)
    summary = json.dumps({"sync": report.plan.counts(), "prefer": report.prefer})

    def work(tx: neo4j.ManagedTransaction) -> None:
        # The vocabulary first, as a load writes it: no technique holds a value it lacks.
        report.added = add_records(tx, report.additions)
        writes.run(tx)
        if filled:
            tx.run(sq.WRITE_LEDGER, {"tables": filled}).consume()
        if empty:
            tx.run(sq.DROP_LEDGER, {"tables": empty}).consume()
        tx.run(runs.START_RUN, {"runId": report.run_id, "source": report.source}).consume()
        if validating:
            tx.run(runs.VALIDATING_RUN, {"runId": report.run_id}).consume()
        else:
            tx.run(runs.FINISH_RUN, {"runId": report.run_id, "report": summary}).consume()
        # Last, so its lock is held only until the commit (answers cached before are stale).
        catalog_version.bump_in(_Statements(tx))

    graph.write_tx(work)


def would_add(graph: Graph, additions: Mapping[WriteKind, list[Record]]) -> dict[str, list[str]]:
    """The names of the records of `additions` the graph does not hold yet, by kind (read
    only: what `add_records` would create)."""
    adding: dict[str, list[str]] = {}
    for kind, records in additions.items():
        assert kind.missing is not None  # checked when the kind was declared
        adding[kind.name] = [row["name"] for row in graph.read(kind.missing, {"rows": records})]
    return adding


def add_records(
    tx: neo4j.ManagedTransaction, additions: Mapping[WriteKind, list[Record]]
) -> dict[str, int]:
    """Merge the records of the kinds a sync only adds to; how many nodes each created."""
    created: dict[str, int] = {}
    for kind, records in additions.items():
        created[kind.name] = 0
        for batch in batched(records, DEFAULT_BATCH_SIZE):
            for row in tx.run(kind.merge, {"rows": batch}):
                if row["outcome"] == "created":
                    created[kind.name] += row["n"]
    return created


@dataclass(frozen=True)
class _Statements:
    """A driver transaction as `catalog_version.Runs` (statement and parameters)."""

    tx: neo4j.ManagedTransaction

    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> Any:
        return self.tx.run(query, params or {})


@dataclass
class PlanWrites:
    """The plan's changes as batches of parameter rows, one list per write query."""

    clear_identity: list[str] = field(default_factory=list)
    update_nodes: list[dict[str, Any]] = field(default_factory=list)
    create_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    parents: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    delete_links: list[str] = field(default_factory=list)
    create_links: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    update_links: list[dict[str, Any]] = field(default_factory=list)
    delete_nodes: list[str] = field(default_factory=list)
    release_nodes: list[str] = field(default_factory=list)
    release_links: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, plan: Plan) -> PlanWrites:
        writes = cls()
        for change in plan.changes:
            if change.writes and not (change.conflict and not change.settleable):
                writes.add(change, plan.prefer)
        return writes

    def add(self, change: Change, prefer: Prefer | None) -> None:
        if change.action == "forget":
            return
        if change.action == "keep":
            if change.target is not None and change.unit is None:  # a delete the graph keeps
                target = self.release_links if change.target.kind in LINK_ENDS else None
                (target if target is not None else self.release_nodes).append(change.target.eid)
            return
        if change.action == "delete":
            assert change.target is not None
            if change.kind in NODE_FIELDS:
                self.delete_nodes.append(change.target.eid)
            else:
                self.delete_links.append(change.target.eid)
            return
        unit = change.unit
        assert unit is not None
        if unit.is_link:
            self._link(change, unit, prefer)
        else:
            self._node(change, unit, prefer)

    def _node(self, change: Change, unit: Unit, prefer: Prefer | None) -> None:
        new = unit.as_fields()
        if change.action == "create":
            created = _create_props(unit)
            created["srcHash"] = change.new_hash
            self.create_nodes.setdefault(unit.kind, []).append({"props": created})
            self._parents(unit, new, exclusive=True)
            return
        target = change.target
        assert target is not None
        written = [f.field for f in change.fields if not (f.conflict and prefer == "graph")]
        props: dict[str, Any] = {"src": unit.src, "srcHash": change.new_hash}
        for name in written:
            if name not in ("goal", "category", "goals"):
                props[name] = new[name]
        if "name" in written:
            props.update(_derived(unit.kind, new["name"]))
        # The key follows the name; a legacy id follows the row (renumbered sources).
        key = _split_key(unit.kind, unit.key if "name" in written else target.key)["key"]
        legacy_id = unit.extra.get("legacyId")
        if key != _split_key(unit.kind, target.key)["key"] or target.src != unit.src:
            self.clear_identity.append(target.eid)
            props["key"] = key
        if legacy_id is not None:
            props["legacyId"] = legacy_id
        self.update_nodes.append({"eid": target.eid, "props": props, "bump": bool(written)})
        parents = {n: new[n] for n in written if n in ("goal", "category", "goals")}
        if parents:
            self._parents(unit, {**new, **parents}, exclusive=True, only=parents)

    def _parents(
        self,
        unit: Unit,
        new: Mapping[str, Any],
        exclusive: bool,
        only: Mapping[str, Any] | None = None,
    ) -> None:
        key = _split_key(unit.kind, unit.key)
        base = {"key": key["key"], "keyType": key["keyType"], "src": unit.src}
        # Goals and tags have no parent: no rows, and no statement for their kind.
        rows: list[dict[str, Any]] = []
        if unit.kind in ("Category", "Technique", "SubCategory"):
            rows.append({**base, "parent": unit.extra["parentKey"], "exclusive": exclusive})
        elif unit.kind == "AttributeValue":
            rows.append({**base, "parent": key["keyType"], "exclusive": False})
        elif unit.kind == "AttributeType":
            for goal in unit.extra["goalKeys"]:
                rows.append({**base, "parent": goal, "exclusive": False})
        if rows:
            self.parents.setdefault(unit.kind, []).extend(rows)

    def _link(self, change: Change, unit: Unit, prefer: Prefer | None) -> None:
        props: dict[str, Any] = {"src": unit.src, "srcHash": change.new_hash}
        for name in ("legacyId", "legacyTable"):
            if name in unit.extra:
                props[name] = unit.extra[name]
        if change.action == "adopt":
            assert change.target is not None
            self.update_links.append({"eid": change.target.eid, "props": props})
            return
        written = [f for f in change.fields if not (f.conflict and prefer == "graph")]
        if change.action == "update":
            assert change.target is not None
            if not written:
                self.update_links.append({"eid": change.target.eid, "props": props})
                return
            self.delete_links.append(change.target.eid)
        row = _link_row(unit)
        if unit.kind == "RELATED_TO":
            props["type"] = row["type"]
        if unit.kind == "SERVES":
            props["legacy"] = False
        row["props"] = props
        self.create_links.setdefault(unit.kind, []).append(row)

    def run(self, tx: neo4j.ManagedTransaction) -> None:
        def go(query: LiteralString, **params: Any) -> None:
            tx.run(query, params).consume()

        if self.clear_identity:
            go(sq.CLEAR_IDENTITY, eids=self.clear_identity)
        if self.update_nodes:
            go(sq.UPDATE_NODES, rows=self.update_nodes)
        for label in sq.LABELS:  # parents before children
            if label in self.create_nodes:
                go(sq.CREATE_NODES[label], rows=self.create_nodes[label])
        for label, rows in self.parents.items():
            go(sq.SET_PARENTS[label], rows=rows)
        if self.delete_links:
            go(sq.DELETE_LINKS, eids=self.delete_links)
        for rel, rows in self.create_links.items():
            created = tx.run(sq.CREATE_LINKS[rel], {"rows": rows}).single()
            if created is None or created["n"] != len(rows):
                raise SyncFailed(
                    f"{rel}: {len(rows) - (created['n'] if created else 0)} of {len(rows)} "
                    "new links found no end node; the graph changed during the sync. "
                    "Run it again"
                )
        if self.update_links:
            props = {row["eid"]: row["props"] for row in self.update_links}
            go(sq.UPDATE_LINKS, eids=list(props), props=props)
        if self.delete_nodes:
            go(sq.DELETE_NODES, eids=self.delete_nodes)
        if self.release_nodes:
            go(sq.RELEASE_NODES, eids=self.release_nodes)
        if self.release_links:
            go(sq.RELEASE_LINKS, eids=self.release_links)


def _create_props(unit: Unit) -> dict[str, Any]:
    fields = unit.as_fields()
    props: dict[str, Any] = {"src": unit.src}
    key = _split_key(unit.kind, unit.key)
    props["key"] = key["key"]
    for name in FIELDS[unit.kind]:
        if name not in ("goal", "category", "goals"):
            props[name] = fields[name]
    if unit.kind == "AttributeValue":
        props["typeKey"] = key["keyType"]
    props.update(_derived(unit.kind, fields["name"]))
    if unit.kind == "Technique":
        props["slug"] = unit.extra["slug"]
        props["version"] = 1
    if unit.extra.get("legacyId") is not None:
        props["legacyId"] = unit.extra["legacyId"]
    return props


def _derived(kind: str, name: str) -> dict[str, str]:
    """What a node keeps derived from its name, set with the name, in the transaction: what
    the API sorts it by (graph/sort_names.py) and a tag's caption (graph/tag_captions.py)."""
    derived = {"sortName": sort_name(name)}
    if kind == "Tag":
        derived["caption"] = tag_caption(name)
    return derived


class SyncFailed(CatalogError):
    """The graph changed under the sync (nothing was written)."""


def sync(
    source: LegacySource,
    graph: Graph,
    *,
    prefer: Prefer | None = None,
    write: bool = True,
    skip_invalid: bool = False,
    batch_size: int = 5000,
    backup: Callable[[Graph], dict[str, str]] | None = None,
    validate: Callable[[Graph, ProblemLog], dict[str, Any]] | None = None,
) -> SyncReport:
    """Plan a sync of `source` into `graph` and, with `write`, apply it unless the source
    has errors (without `skip_invalid`) or the plan has conflicts `prefer` does not settle.
    `backup(graph)` runs before the write, `validate(graph, problems)` after it; the run is
    complete once validation has ended."""
    started = time.perf_counter()
    report = SyncReport(
        run_id=uuid.uuid4().hex[:12],
        source=source.describe(),
        target=graph.settings.safe_uri,
        prefer=prefer,
    )
    last = plan_source(source, graph, report, batch_size)
    report.adding = would_add(graph, report.additions)
    if report.problems.errors and not skip_invalid:
        report.outcome = "refused"
    elif report.plan.blocked:
        report.outcome = "conflicts"
    elif not write:
        report.outcome = "planned"
    else:
        # A plan of no change leaves the catalog as it is: nothing to go back to.
        if backup is not None and report.plan.changes:
            report.backup = backup(graph)
        install_schema(graph)
        applied = time.perf_counter()
        log.info(
            "writing %s changes in one transaction ...",
            f"{sum(1 for c in report.plan.changes if c.writes):,}",
        )
        apply(graph, report, last, validating=validate is not None)
        report.timings["write the changes"] = time.perf_counter() - applied
        report.outcome = "synced"
        if validate is not None:
            report.validation = validate(graph, report.problems)
            summary = json.dumps({"sync": report.plan.counts(), "prefer": report.prefer})
            graph.write(runs.FINISH_RUN, {"runId": report.run_id, "report": summary})
    report.seconds = time.perf_counter() - started
    return report
