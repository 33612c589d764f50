"""`catalog validate`: does the graph hold the source? Counts, every row, orphans, the rules.

Expectations come from the source itself (rows, their fields, their foreign keys) minus the
rows the migration's checks report as skipped or merged, never from the loader's own output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, LiteralString

from graph import validate_queries as vq
from graph.connection import Graph
from graph.keys import clean_name
from loaders.problems import ProblemLog
from loaders.rows import TABLES
from loaders.sources.base import LegacySource
from loaders.transform.scope import parse_scope

MAX_DETAILS = 50


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
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
                    f"  count {c['what']}: source says {c['expected']}, graph has {c['actual']}"
                )
        lines.append(
            f"  rows checked field by field: {self.rows_checked}, mismatches: {self.mismatch_count}"
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
        return lines


class Survivors:
    """Which graph row stands for a source row: itself, the row it merged into, or none."""

    def __init__(self, log: ProblemLog) -> None:
        self.not_loaded = log.not_loaded()

    def of(self, table: str, row_id: int | None) -> int | None:
        seen = set()
        while row_id is not None and row_id in self.not_loaded.get(table, {}):
            if row_id in seen:
                return None
            seen.add(row_id)
            row_id = self.not_loaded[table][row_id]
        return row_id

    def loaded(self, table: str, row_id: int) -> bool:
        return row_id not in self.not_loaded.get(table, {})


# (table, query, fields compared: graph field → function of the source row)
Fields = dict[str, Callable[[Any], Any]]
ENTITY_CHECKS: tuple[tuple[str, LiteralString, Fields, str | None, str | None], ...] = (
    (
        "assurance_goal",
        vq.GOALS_BY_ID,
        {"name": lambda r: clean_name(r.name or ""), "description": lambda r: r.description or ""},
        None,
        None,
    ),
    (
        "category",
        vq.CATEGORIES_BY_ID,
        {"name": lambda r: clean_name(r.name or ""), "description": lambda r: r.description or ""},
        "assurance_goal_id",
        "assurance_goal",
    ),
    (
        "sub_category",
        vq.SUBCATEGORIES_BY_ID,
        {"name": lambda r: clean_name(r.name or ""), "description": lambda r: r.description or ""},
        "category_id",
        "category",
    ),
    ("tag", vq.TAGS_BY_ID, {"name": lambda r: clean_name(r.name or "")}, None, None),
    (
        "technique",
        vq.TECHNIQUES_BY_ID,
        {
            "name": lambda r: clean_name(r.name or ""),
            "description": lambda r: r.description or "",
            "modelDependency": lambda r: r.model_dependency or "",
            "exampleUseCase": lambda r: r.example_use_case or "",
        },
        "assurance_goal_id",
        "assurance_goal",
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
}


def validate(
    source: LegacySource, graph: Graph, log: ProblemLog, batch_size: int = 5000
) -> ValidationReport:
    report = ValidationReport()
    survivors = Survivors(log)
    _check_counts(source, graph, survivors, report, batch_size)
    for table, query, fields, parent_column, parent_table in ENTITY_CHECKS:
        _check_entities(
            source,
            graph,
            survivors,
            report,
            table,
            query,
            fields,
            parent_column,
            parent_table,
            batch_size,
        )
    for table, type_key in (
        ("fairness_approach", "fairness approach"),
        ("project_lifecycle_stage", "project lifecycle stage"),
    ):
        _check_entities(
            source,
            graph,
            survivors,
            report,
            table,
            vq.VALUES_BY_ID,
            {"name": lambda r: clean_name(r.name or "")},
            None,
            None,
            batch_size,
            extra={"typeKey": type_key},
        )
    for table in LINK_CHECKS:
        _check_links(source, graph, survivors, report, table, batch_size)
    _check_links(source, graph, survivors, report, "technique_relationship", batch_size)
    report.orphans = graph.read(vq.ORPHANS)[0]
    report.rules = graph.read(vq.RULES)[0]
    report.expected_not_applicable = sum(
        1 for p in log.warnings if p.code == "attribute-not-applicable"
    )
    report.duplicate_keys = {r["label"]: r["duplicates"] for r in graph.read(vq.DUPLICATE_KEYS)}
    return report


def _loaded_rows(
    source: LegacySource, table: str, survivors: Survivors, batch_size: int
) -> Iterable[list[Any]]:
    for chunk in source.stream(table, batch_size):
        yield [row for row in chunk if survivors.loaded(table, row.id)]


def _check_counts(
    source: LegacySource,
    graph: Graph,
    survivors: Survivors,
    report: ValidationReport,
    batch_size: int,
) -> None:
    actual = graph.read(vq.LEGACY_COUNTS)[0]
    expected: dict[str, int] = {}
    for table in TABLES:
        expected[table] = source.count(table) - len(survivors.not_loaded.get(table, {}))
    scope_values = 0
    quiet = ProblemLog()
    for chunk in _loaded_rows(source, "technique", survivors, batch_size):
        scope_values += sum(len(parse_scope(row.scope, row.id, quiet)) for row in chunk)
    expected["scope_values"] = scope_values
    expected["category_goal_links"] = expected["category"]
    expected["subcategory_category_links"] = expected["sub_category"]
    expected["technique_goal_links"] = expected["technique"]
    for what, count in expected.items():
        report.counts.append(
            {"what": what, "expected": count, "actual": actual[what], "ok": count == actual[what]}
        )


def _check_entities(
    source: LegacySource,
    graph: Graph,
    survivors: Survivors,
    report: ValidationReport,
    table: str,
    query: LiteralString,
    fields: Fields,
    parent_column: str | None,
    parent_table: str | None,
    batch_size: int,
    extra: dict[str, Any] | None = None,
) -> None:
    for rows in _loaded_rows(source, table, survivors, batch_size):
        found = {
            r["id"]: r for r in graph.read(query, {"ids": [r.id for r in rows], **(extra or {})})
        }
        for row in rows:
            report.rows_checked += 1
            node = found.get(row.id)
            if node is None:
                report.mismatch(f"{table} row {row.id}: not in the graph")
                continue
            for name, expected_of in fields.items():
                if node[name] != expected_of(row):
                    report.mismatch(
                        f"{table} row {row.id}: {name} is {node[name]!r} in the "
                        f"graph, {expected_of(row)!r} in the source"
                    )
            if parent_column and parent_table:
                parent = survivors.of(parent_table, getattr(row, parent_column))
                if node["parents"] != [parent]:
                    report.mismatch(
                        f"{table} row {row.id}: {parent_column} {parent} is linked "
                        f"as {node['parents']} in the graph"
                    )
            if table == "technique":
                scope = parse_scope(row.scope, row.id, ProblemLog())
                if sorted(node["scope"]) != sorted(scope):
                    report.mismatch(
                        f"technique row {row.id}: scope {row.scope!r} is "
                        f"{node['scope']} in the graph"
                    )


def _check_links(
    source: LegacySource,
    graph: Graph,
    survivors: Survivors,
    report: ValidationReport,
    table: str,
    batch_size: int,
) -> None:
    if table == "technique_relationship":
        rel_type, legacy_table, other_table = "RELATED_TO", "", "technique"
    else:
        rel_type, legacy_table, other_table = LINK_CHECKS[table]
    for rows in _loaded_rows(source, table, survivors, batch_size):
        found = {
            r["id"]: r
            for r in graph.read(
                vq.LINKS_BY_ID[rel_type],
                {"ids": [r.id for r in rows], "legacyTable": legacy_table},
            )
        }
        for row in rows:
            report.rows_checked += 1
            link = found.get(row.id)
            if table == "technique_relationship":
                ends = (row.technique_from_id, row.technique_to_id)
            else:
                ends = (row.technique_id, survivors.of(other_table, row.other_id))
            if link is None:
                report.mismatch(f"{table} row {row.id}: no {rel_type} link in the graph")
            elif (link["technique"], link["other"]) != ends:
                report.mismatch(
                    f"{table} row {row.id}: links {link['technique']} → "
                    f"{link['other']} in the graph, {ends[0]} → {ends[1]} in the source"
                )
            elif table == "technique_relationship" and link["kind"] != (
                row.relationship_type or ""
            ):
                report.mismatch(
                    f"{table} row {row.id}: type {link['kind']!r} in the graph, "
                    f"{row.relationship_type!r} in the source"
                )
