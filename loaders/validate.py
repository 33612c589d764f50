"""`catalog validate`: does the graph hold the source? Counts, every row, orphans, the rules.

Expectations come from the source itself (rows, their fields, their foreign keys) minus the
rows the migration's checks report as skipped or merged, never from the loader's own output.

How it stays fast and flat on millions of rows: each table is streamed from the source in id
order, a batch at a time; for each batch one query reads the graph's rows whose legacy ids
fall between the batch's first and last id (a range seek on the `legacyId` index) as one list
of compact rows, fetched in a worker thread while the previous batch is compared. The checks
that read only the graph (counts, orphans, rules, duplicate keys) run in a thread of their
own meanwhile. Only a few batches are ever in memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from typing import Any, LiteralString

from graph.connection import Graph
from graph.keys import clean_name, name_key
from graph.migration import validate_queries as vq
from loaders.migrate import check_source
from loaders.problems import ProblemLog
from loaders.provenance import FIELDS, field_hash, split_hash
from loaders.rows import TABLES
from loaders.sources.base import LegacySource
from loaders.transform.scope import parse_scope

MAX_DETAILS = 50
# Source rows per batch, and so per graph query. Larger batches mean fewer round trips; the
# graph answers a batch as one list, so this bounds the memory of the client and the server.
BATCH_SIZE = 5000
# Graph batches fetched ahead of the one being compared (each in a worker thread).
PREFETCH = 1


@dataclass
class ValidationReport:
    counts: list[dict[str, Any]] = field(default_factory=list)
    rows_checked: int = 0
    mismatches: list[str] = field(default_factory=list)
    mismatch_count: int = 0
    orphans: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    duplicate_keys: dict[str, int] = field(default_factory=dict)
    expected_not_applicable: int = 0
    # Differences an editor made (the graph moved away from what was migrated): listed,
    # not failures. And the catalog nodes no migration made, by label.
    editor_changes: list[str] = field(default_factory=list)
    editor_change_count: int = 0
    made_by_editors: dict[str, list[str]] = field(default_factory=dict)
    made_by_editors_count: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            all(c["ok"] for c in self.counts)
            and self.mismatch_count == 0
            and not any(self.orphans.values())
            and self.rules.get("singleValuedBroken", 0) == 0
            and self.rules.get("notApplicable", 0) == self.expected_not_applicable
            and not any(self.duplicate_keys.values())
        )

    def mismatch(self, text: str) -> None:
        self.mismatch_count += 1
        if len(self.mismatches) < MAX_DETAILS:
            self.mismatches.append(text)

    def editor_change(self, text: str) -> None:
        self.editor_change_count += 1
        if len(self.editor_changes) < MAX_DETAILS:
            self.editor_changes.append(text)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "editorChangeCount": self.editor_change_count,
            "editorChanges": self.editor_changes,
            "madeByEditors": self.made_by_editors,
            "madeByEditorsCount": self.made_by_editors_count,
            "counts": self.counts,
            "rowsChecked": self.rows_checked,
            "mismatchCount": self.mismatch_count,
            "mismatches": self.mismatches,
            "orphans": self.orphans,
            "rules": self.rules,
            "expectedNotApplicable": self.expected_not_applicable,
            "duplicateKeys": self.duplicate_keys,
        }

    def summary_lines(self) -> list[str]:
        lines = [f"validation: {'OK' if self.ok else 'FAILED'}"]
        for c in self.counts:
            if not c["ok"]:
                lines.append(
                    f"  count {c['what']}: source says {c['expected']:,}, graph has {c['actual']:,}"
                )
        lines.append(
            f"  rows checked field by field: {self.rows_checked:,}, "
            f"mismatches: {self.mismatch_count:,}"
        )
        lines.extend(f"  {m}" for m in self.mismatches[:10])
        lines.extend(f"  orphans {k}: {v}" for k, v in self.orphans.items() if v)
        if self.rules.get("singleValuedBroken"):
            lines.append(
                f"  single-valued types holding 2+ values: {self.rules['singleValuedBroken']}"
            )
        lines.append(
            f"  attribute values outside their type's goals: "
            f"{self.rules.get('notApplicable', 0)} (source warnings: "
            f"{self.expected_not_applicable})"
        )
        lines.extend(f"  duplicate {k} keys: {v}" for k, v in self.duplicate_keys.items() if v)
        if self.editor_change_count:
            lines.append(
                f"  differs from the source because an editor changed it (not a failure): "
                f"{self.editor_change_count:,}"
            )
            lines.extend(f"    {c}" for c in self.editor_changes[:10])
        for label, count in self.made_by_editors_count.items():
            names = ", ".join(self.made_by_editors[label][:10])
            more = f" and {count - 10:,} more" if count > 10 else ""
            lines.append(f"  made through the API ({label}, {count:,}): {names}{more}")
        return lines


class Survivors:
    """Which graph row stands for a source row: itself, the row it merged into, or none."""

    def __init__(self, log: ProblemLog) -> None:
        self.not_loaded = log.not_loaded()

    def of(self, table: str, row_id: int | None) -> int | None:
        not_loaded = self.not_loaded.get(table)
        if not not_loaded or row_id not in not_loaded:
            return row_id  # the usual case, kept cheap: it is asked once per link row
        seen = set()
        while row_id is not None and row_id in not_loaded:
            if row_id in seen:
                return None
            seen.add(row_id)
            row_id = not_loaded[row_id]
        return row_id

    def loaded(self, table: str, row_id: int) -> bool:
        return row_id not in self.not_loaded.get(table, {})

    def loaded_rows(self, table: str, rows: list[Any]) -> list[Any]:
        """The rows of a batch that became a node or link of their own."""
        not_loaded = self.not_loaded.get(table)
        if not not_loaded:
            return rows
        return [row for row in rows if row.id not in not_loaded]


# A compared field: its name in the graph and its expected value, a function of the source row.
Fields = tuple[tuple[str, Callable[[Any], Any]], ...]
_NAMED: Fields = (
    ("name", lambda r: clean_name(r.name or "")),
    ("description", lambda r: r.description or ""),
)


@dataclass(frozen=True)
class EntityCheck:
    """A node table: the graph rows of a batch (`[legacyId, *fields, (parents), (scope)]`)
    and what they are compared with."""

    table: str
    query: LiteralString
    fields: Fields
    parent_column: str | None = None
    parent_table: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


ENTITY_CHECKS: tuple[EntityCheck, ...] = (
    EntityCheck("assurance_goal", vq.GOALS_IN_RANGE, _NAMED),
    EntityCheck("category", vq.CATEGORIES_IN_RANGE, _NAMED, "assurance_goal_id", "assurance_goal"),
    EntityCheck("sub_category", vq.SUBCATEGORIES_IN_RANGE, _NAMED, "category_id", "category"),
    EntityCheck("tag", vq.TAGS_IN_RANGE, (("name", lambda r: clean_name(r.name or "")),)),
    EntityCheck(
        "technique",
        vq.TECHNIQUES_IN_RANGE,
        (
            *_NAMED,
            ("modelDependency", lambda r: r.model_dependency or ""),
            ("exampleUseCase", lambda r: r.example_use_case or ""),
        ),
        "assurance_goal_id",
        "assurance_goal",
    ),
    *(
        EntityCheck(
            table,
            vq.VALUES_IN_RANGE,
            (("name", lambda r: clean_name(r.name or "")),),
            params={"typeKey": type_key},
        )
        for table, type_key in (
            ("fairness_approach", "fairness approach"),
            ("project_lifecycle_stage", "project lifecycle stage"),
        )
    ),
)
LINK_CHECKS: dict[str, tuple[str, str, str]] = {
    # table → (relationship type, legacyTable property, table the other end comes from)
    "technique_category": ("IN_CATEGORY", "", "category"),
    "technique_sub_category": ("IN_SUBCATEGORY", "", "sub_category"),
    "technique_tag": ("TAGGED", "", "tag"),
    "technique_fairness_approach": (
        "HAS_ATTRIBUTE",
        "technique_fairness_approach",
        "fairness_approach",
    ),
    "technique_project_lifecycle_stage": (
        "HAS_ATTRIBUTE",
        "technique_project_lifecycle_stage",
        "project_lifecycle_stage",
    ),
    "technique_relationship": ("RELATED_TO", "", "technique"),
}


class GraphChecks:
    """The checks that read only the graph (counts, orphans, rules, duplicate keys), started
    at once in a thread of their own so they overlap with the work on the source; `result()`
    waits for them. `close()` (or `contextlib.closing`) stops the thread."""

    def __init__(self, graph: Graph) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="validate-graph")
        self._future = self._pool.submit(_graph_checks, graph)

    def result(self) -> dict[str, Any]:
        return self._future.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _graph_checks(graph: Graph) -> dict[str, Any]:
    duplicates = graph.read(vq.DUPLICATE_KEYS)[0]
    made = graph.read(vq.MADE_BY_EDITORS, {"limit": MAX_DETAILS})
    return {
        "outside_vocabulary": outside_vocabulary(graph),
        "made_by_editors": {row["label"]: row["names"] for row in made},
        "made_by_editors_count": {row["label"]: row["n"] for row in made},
        "counts": graph.read(vq.LEGACY_COUNTS)[0],
        "orphans": graph.read(vq.ORPHANS)[0],
        "rules": graph.read(vq.RULES)[0],
        "duplicate_keys": {label: duplicates[label] for label in vq.DUPLICATE_KEY_LABELS},
    }


def outside_vocabulary(graph: Graph) -> list[str]:
    """The model dependencies techniques hold that have no vocabulary node, sorted."""
    keys = set(graph.read(vq.MODEL_DEPENDENCY_KEYS)[0]["keys"])
    held = [row["value"] for row in graph.read(vq.HELD_MODEL_DEPENDENCIES)]
    return sorted(v for v in held if v.strip() and name_key(v) not in keys)


def validate_source(
    source: LegacySource, graph: Graph, batch_size: int = BATCH_SIZE
) -> ValidationReport:
    """`catalog validate`: the migration's check pass over the source (which rows it skips or
    merges), then `validate`; the graph-only checks run meanwhile."""
    with closing(GraphChecks(graph)) as graph_checks:
        problems, _ = check_source(source)
        return validate(source, graph, problems, batch_size, graph_checks=graph_checks)


def validate(
    source: LegacySource,
    graph: Graph,
    log: ProblemLog,
    batch_size: int = BATCH_SIZE,
    *,
    graph_checks: GraphChecks | None = None,
) -> ValidationReport:
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    report = ValidationReport()
    survivors = Survivors(log)
    # The graph-only checks: the caller's, already under way, or started here.
    whole_graph_checks = (
        closing(GraphChecks(graph)) if graph_checks is None else nullcontext(graph_checks)
    )
    with (
        whole_graph_checks as whole_graph,
        ThreadPoolExecutor(PREFETCH, thread_name_prefix="validate-rows") as pool,
    ):
        scope_values = 0
        for check in ENTITY_CHECKS:
            scope_values += _check_entities(
                source, graph, pool, survivors, report, check, batch_size
            )
        for table in LINK_CHECKS:
            _check_links(source, graph, pool, survivors, report, table, batch_size)
        found = whole_graph.result()
    _check_counts(source, survivors, report, found["counts"], scope_values)
    report.orphans = found["orphans"]
    report.rules = found["rules"]
    report.expected_not_applicable = sum(
        1 for p in log.warnings if p.code == "attribute-not-applicable"
    )
    report.duplicate_keys = found["duplicate_keys"]
    for value in found["outside_vocabulary"]:
        report.mismatch(
            f"model dependency {value!r}: techniques hold it but the vocabulary lacks it; "
            "run `catalog migrate` again (a graph migrated before the vocabulary), or have an "
            "admin add it (createModelDependency)"
        )
    report.made_by_editors = found["made_by_editors"]
    report.made_by_editors_count = found["made_by_editors_count"]
    return report


def _check_counts(
    source: LegacySource,
    survivors: Survivors,
    report: ValidationReport,
    actual: dict[str, int],
    scope_values: int,
) -> None:
    expected: dict[str, int] = {}
    for table in TABLES:
        expected[table] = source.count(table) - len(survivors.not_loaded.get(table, {}))
    expected["scope_values"] = scope_values
    expected["category_goal_links"] = expected["category"]
    expected["subcategory_category_links"] = expected["sub_category"]
    expected["technique_goal_links"] = expected["technique"]
    for what, count in expected.items():
        report.counts.append(
            {"what": what, "expected": count, "actual": actual[what], "ok": count == actual[what]}
        )


def _batches_with_graph_rows(
    source: LegacySource,
    graph: Graph,
    pool: ThreadPoolExecutor,
    survivors: Survivors,
    table: str,
    query: LiteralString,
    params: Mapping[str, Any],
    batch_size: int,
) -> Iterator[tuple[list[Any], dict[Any, list[Any]]]]:
    """The loaded rows of `table` in batches (id order), each with the graph's rows of its id
    range by legacy id. The source is read here, in the calling thread (a source connection
    belongs to its thread); the graph in the pool, up to PREFETCH batches ahead."""
    pending: deque[tuple[list[Any], Future[dict[Any, list[Any]]]]] = deque()
    try:
        for chunk in source.stream(table, batch_size):
            rows = survivors.loaded_rows(table, chunk)
            ids = [row.id for row in rows if type(row.id) is int]
            if not ids:  # nothing loaded here (or ids no graph row can have): nothing to read
                done: Future[dict[Any, list[Any]]] = Future()
                done.set_result({})
                pending.append((rows, done))
            else:
                bounds = {"lo": min(ids), "hi": max(ids), **params}
                pending.append((rows, pool.submit(_graph_rows, graph, query, bounds)))
            if len(pending) > PREFETCH:
                rows, future = pending.popleft()
                yield rows, future.result()
        while pending:
            rows, future = pending.popleft()
            yield rows, future.result()
    finally:
        for _, future in pending:
            future.cancel()


def _graph_rows(graph: Graph, query: LiteralString, params: dict[str, Any]) -> dict[Any, list[Any]]:
    """The batch's graph rows by legacy id, its one record's list as the driver decoded it
    (`read_plain`: `Record.data()` would walk every value of it again)."""
    rows: list[list[Any]] = graph.read_plain(query, params)[0]["rows"]
    return {row[0]: row for row in rows}


def _check_entities(
    source: LegacySource,
    graph: Graph,
    pool: ThreadPoolExecutor,
    survivors: Survivors,
    report: ValidationReport,
    check: EntityCheck,
    batch_size: int,
) -> int:
    """Compare every loaded row of an entity table with its node; return how many scope
    values the techniques' rows give (0 for other tables), for the counts."""
    table, fields, parent_column, parent_table = (
        check.table,
        check.fields,
        check.parent_column,
        check.parent_table,
    )
    names = [name for name, _ in fields]
    expected_of = [expected for _, expected in fields]
    width = len(fields) + 1
    scope_values = 0
    quiet = ProblemLog()
    soft_deleted = set(graph.read(vq.SOFT_DELETED)[0]["ids"]) if table == "technique" else set()
    for rows, found in _batches_with_graph_rows(
        source, graph, pool, survivors, table, check.query, check.params, batch_size
    ):
        report.rows_checked += len(rows)
        for row in rows:
            node = found.get(row.id)
            if table == "technique":
                scope = parse_scope(row.scope, row.id, quiet)
                scope_values += len(scope)
                quiet.problems.clear()
            if node is None:
                if table == "technique" and row.id in soft_deleted:
                    report.editor_change(f"technique row {row.id}: deleted by an editor")
                else:
                    report.mismatch(f"{table} row {row.id}: not in the graph")
                continue
            expected = [of(row) for of in expected_of]
            src_hash, parent_src, stamped = node[-1]
            edited = (
                _edited_fields(table, src_hash, parent_src, names, node[1:width])
                if stamped
                else set()
            )
            if node[1:width] != expected:
                for name, actual, wanted in zip(names, node[1:width], expected, strict=True):
                    if actual != wanted:
                        text = (
                            f"{table} row {row.id}: {name} is {actual!r} in the "
                            f"graph, {wanted!r} in the source"
                        )
                        if name in edited:
                            report.editor_change(text)
                        else:
                            report.mismatch(text)
            if parent_column and parent_table:
                parent = survivors.of(parent_table, getattr(row, parent_column))
                if node[width] != [parent]:
                    text = (
                        f"{table} row {row.id}: {parent_column} {parent} is linked "
                        f"as {node[width]} in the graph"
                    )
                    if "parent" in edited:
                        report.editor_change(text)
                    else:
                        report.mismatch(text)
            if table == "technique" and sorted(node[width + 1]) != sorted(scope):
                report.mismatch(
                    f"technique row {row.id}: scope {row.scope!r} is {node[width + 1]} in the graph"
                )
    return scope_values


# The label of each entity table's nodes, and the provenance field of its parent link.
_LABELS = {
    "assurance_goal": ("Goal", None),
    "category": ("Category", "goal"),
    "sub_category": ("SubCategory", "category"),
    "tag": ("Tag", None),
    "technique": ("Technique", "goal"),
    "fairness_approach": ("AttributeValue", None),
    "project_lifecycle_stage": ("AttributeValue", None),
}


def _edited_fields(
    table: str, src_hash: str | None, parent_src: str | None, names: list[str], values: list[Any]
) -> set[str]:
    """The fields whose graph value is not what the migration wrote (their `srcHash` part
    differs): an editor changed them since. `parent` stands for the parent link."""
    label, parent_field = _LABELS[table]
    fields = FIELDS[label]
    parts = split_hash(src_hash, len(fields))
    edited = {
        name
        for name, value in zip(names, values, strict=True)
        if name in fields
        and parts[fields.index(name)] is not None
        and field_hash(value) != parts[fields.index(name)]
    }
    if parent_field is not None:
        part = parts[fields.index(parent_field)]
        if part is not None and field_hash(parent_src) != part:
            edited.add("parent")
    return edited


def _check_links(
    source: LegacySource,
    graph: Graph,
    pool: ThreadPoolExecutor,
    survivors: Survivors,
    report: ValidationReport,
    table: str,
    batch_size: int,
) -> None:
    rel_type, legacy_table, other_table = LINK_CHECKS[table]
    relationship = table == "technique_relationship"
    params = {"legacyTable": legacy_table} if rel_type == "HAS_ATTRIBUTE" else {}
    for rows, found in _batches_with_graph_rows(
        source, graph, pool, survivors, table, vq.LINKS_IN_RANGE[rel_type], params, batch_size
    ):
        report.rows_checked += len(rows)
        for row in rows:
            link = found.get(row.id)
            if relationship:
                ends = (row.technique_from_id, row.technique_to_id)
            else:
                ends = (row.technique_id, survivors.of(other_table, row.other_id))
            if link is None:
                report.mismatch(f"{table} row {row.id}: no {rel_type} link in the graph")
            elif (link[1], link[2]) != ends:
                report.mismatch(
                    f"{table} row {row.id}: links {link[1]} → "
                    f"{link[2]} in the graph, {ends[0]} → {ends[1]} in the source"
                )
            elif relationship and link[3] != (row.relationship_type or ""):
                report.mismatch(
                    f"{table} row {row.id}: type {link[3]!r} in the graph, "
                    f"{row.relationship_type!r} in the source"
                )
