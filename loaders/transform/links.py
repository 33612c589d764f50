"""Link tables → relationship records, one streamed chunk at a time.

Rows arrive ordered by technique id (see `LINK_ORDER`), so a repeated link is caught by
remembering only the current technique's links: memory stays flat however long the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.keys import name_key
from graph.rules import MIGRATED_ATTRIBUTE_TYPES, AttributeTypeSpec, attribute_applies
from loaders.problems import ProblemLog
from loaders.rows import LinkRow, RelationshipRow
from loaders.transform.checks import SKIP_HINT, missing_texts, required_text, resolve
from loaders.transform.index import Index

Record = dict[str, Any]
SPECS = {spec.key: spec for spec in MIGRATED_ATTRIBUTE_TYPES}


@dataclass
class SeenLinks:
    """The links already met for the current technique (the stream is ordered by it)."""

    technique_id: int | None = None
    seen: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def first_row(self, technique_id: int, link: tuple[Any, ...], row_id: int) -> int | None:
        """None if this link is new, else the id of the row that already made it."""
        if technique_id != self.technique_id:
            self.technique_id, self.seen = technique_id, {}
        if link in self.seen:
            return self.seen[link]
        self.seen[link] = row_id
        return None


@dataclass(frozen=True)
class LinkKind:
    table: str
    other_column: str
    other_table: str
    lookup: Callable[[Index], Mapping[int, str]]
    record_field: str
    attribute_type: str | None = None


LINK_KINDS = {
    kind.table: kind
    for kind in (
        LinkKind(
            "technique_category", "category_id", "category", lambda ix: ix.categories, "categoryKey"
        ),
        LinkKind(
            "technique_sub_category",
            "sub_category_id",
            "sub_category",
            lambda ix: ix.subcategories,
            "subCategoryKey",
        ),
        LinkKind("technique_tag", "tag_id", "tag", lambda ix: ix.tags, "tagKey"),
        LinkKind(
            "technique_fairness_approach",
            "fairness_approach_id",
            "fairness_approach",
            lambda ix: ix.fairness_approaches,
            "valueKey",
            "fairness approach",
        ),
        LinkKind(
            "technique_project_lifecycle_stage",
            "project_lifecycle_stage_id",
            "project_lifecycle_stage",
            lambda ix: ix.lifecycle_stages,
            "valueKey",
            "project lifecycle stage",
        ),
    )
}
# The columns link tables are streamed in order of (see the module docstring).
LINK_ORDER = ("technique_id", "id")
RELATIONSHIP_ORDER = ("technique_from_id", "id")


def _technique(
    row_id: int, technique_id: int | None, table: str, column: str, index: Index, log: ProblemLog
) -> int | None:
    found = resolve(
        index.techniques,
        technique_id,
        table=table,
        row_id=row_id,
        column=column,
        target="technique",
        skipped=index.skipped["technique"],
        log=log,
    )
    return technique_id if found is not None else None


def transform_links(
    kind: LinkKind, rows: Iterable[LinkRow], index: Index, log: ProblemLog, seen: SeenLinks
) -> list[Record]:
    records = []
    lookup = kind.lookup(index)
    techniques = index.techniques
    spec = SPECS[name_key(kind.attribute_type)] if kind.attribute_type is not None else None
    # Whether the type applies to a technique, worded once per technique.
    applicable: dict[int, tuple[str, str] | None] = {}
    for row in rows:
        # Both ends resolve (the usual case) with two lookups; `resolve` words the rest.
        technique_id = row.technique_id
        other_key = None if row.other_id is None else lookup.get(row.other_id)
        if technique_id not in techniques or other_key is None:
            technique_id = _technique(
                row.id, row.technique_id, kind.table, "technique_id", index, log
            )
            other_key = resolve(
                lookup,
                row.other_id,
                table=kind.table,
                row_id=row.id,
                column=kind.other_column,
                target=kind.other_table,
                skipped=index.skipped[kind.other_table],
                log=log,
            )
        if technique_id is None or other_key is None:
            continue
        earlier = seen.first_row(technique_id, (other_key,), row.id)
        if earlier is not None:
            log.warning(
                "duplicate-link",
                kind.table,
                row.id,
                kind.other_column,
                f"repeats the link of row {earlier} (technique {technique_id} to "
                f"{kind.other_table} {other_key!r})",
                "delete the repeated row",
                f"merged into row {earlier}",
                merged_into=earlier,
            )
            continue
        if kind.table == "technique_category":
            index.technique_goals[technique_id] |= index.category_goals[other_key]
        record = {"techniqueId": technique_id, kind.record_field: other_key, "legacyId": row.id}
        if spec is not None:
            if technique_id not in applicable:
                applicable[technique_id] = not_applicable(spec, technique_id, index)
            words = applicable[technique_id]
            if words is not None:
                _warn_not_applicable(
                    spec, words, kind.table, row.id, kind.other_column, other_key, log
                )
            record.update(typeKey=spec.key, legacyTable=kind.table)
        records.append(record)
    return records


def warn_if_not_applicable(
    spec: AttributeTypeSpec,
    technique_id: int,
    table: str,
    row_id: int,
    column: str,
    value_key: str,
    index: Index,
    log: ProblemLog,
) -> None:
    """The plan's data breaks the plan's applicability: load it, but never silently."""
    words = not_applicable(spec, technique_id, index)
    if words is not None:
        _warn_not_applicable(spec, words, table, row_id, column, value_key, log)


def not_applicable(
    spec: AttributeTypeSpec, technique_id: int, index: Index
) -> tuple[str, str] | None:
    """None when values of the type may be set on the technique; else what its warnings say
    of the technique and of the goals wanted (the same for each of its rows)."""
    goals = index.technique_goals[technique_id]
    if attribute_applies(spec, goals):
        return None
    wanted = ", ".join(index.goal_names_of(set(spec.applicable_goal_keys)))
    technique = (
        f"technique {technique_id}, whose goals ({', '.join(index.goal_names_of(goals))}) "
        f"do not include {wanted}"
    )
    return technique, wanted


def _warn_not_applicable(
    spec: AttributeTypeSpec,
    words: tuple[str, str],
    table: str,
    row_id: int,
    column: str,
    value_key: str,
    log: ProblemLog,
) -> None:
    technique, wanted = words
    log.warning(
        "attribute-not-applicable",
        table,
        row_id,
        column,
        f"{spec.name} {value_key!r} is set on {technique}",
        f"link the technique to a {wanted} category, or remove the value",
        "loaded; the API will refuse the same write",
    )


def scope_links(technique_ids: Iterable[int], index: Index, log: ProblemLog) -> list[Record]:
    """HAS_ATTRIBUTE links to Scope values, for techniques whose categories are now known."""
    spec = SPECS[name_key("Scope")]
    records = []
    for technique_id in technique_ids:
        for value_key in index.scopes.get(technique_id, []):
            warn_if_not_applicable(
                spec, technique_id, "technique", technique_id, "scope", value_key, index, log
            )
            records.append(
                {
                    "techniqueId": technique_id,
                    "typeKey": spec.key,
                    "valueKey": value_key,
                    "legacyId": None,
                    "legacyTable": None,
                }
            )
    return records


def transform_relationships(
    rows: Iterable[RelationshipRow], index: Index, log: ProblemLog, seen: SeenLinks
) -> list[Record]:
    table = "technique_relationship"
    records = []
    techniques = index.techniques
    for row in rows:
        source, target = row.technique_from_id, row.technique_to_id
        if source not in techniques or target not in techniques:
            source = _technique(row.id, source, table, "technique_from_id", index, log)
            target = _technique(row.id, target, table, "technique_to_id", index, log)
        if source is None or target is None:
            missing_texts(row, table, ("relationship_type",), log)
            continue
        if source == target:
            log.error(
                "self-relationship",
                table,
                row.id,
                "technique_to_id",
                f"technique {source} is related to itself",
                f"delete the row or point it at another technique; {SKIP_HINT}",
                "row skipped",
            )
            continue
        kind = required_text(row.relationship_type, table, row.id, "relationship_type", log)
        earlier = seen.first_row(source, (target, kind), row.id)
        if earlier is not None:
            log.warning(
                "duplicate-link",
                table,
                row.id,
                "technique_to_id",
                f"repeats row {earlier} ({source} → {target}, {kind!r})",
                "delete the repeated row",
                f"merged into row {earlier}",
                merged_into=earlier,
            )
            continue
        records.append({"fromId": source, "toId": target, "type": kind, "legacyId": row.id})
    return records
