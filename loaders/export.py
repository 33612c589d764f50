"""Graph records → legacy rows, and the list of what the legacy schema cannot hold.

Pure: the records are those of `graph/migration/export_queries.py`, fed in the order that
module gives (maxima, goals, categories, subcategories, tags, attribute values and types, the
technique pre-pass, techniques, the model dependency vocabulary), because each step resolves
references to the nodes numbered before it.
Legacy ids are kept; nodes and links made later through the API get fresh ids above the
largest legacy id of their table. Whatever cannot be written is recorded as a `Loss`, never
dropped silently: a category serving several goals, a subcategory in several categories,
one with no legacy link, attribute types the legacy schema has no table for, Scope values
other than Global and Local, model dependency values no technique holds. A technique's goals
beyond its primary goal are not a loss: they come from its categories, which are written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from graph.keys import name_key
from graph.rules import MIGRATED_ATTRIBUTE_TYPES
from loaders.rows import (
    TABLES,
    CategoryRow,
    GoalRow,
    LinkRow,
    NamedRow,
    RelationshipRow,
    SubCategoryRow,
    TagRow,
    TechniqueRow,
)

Record = Mapping[str, Any]
TableRow = tuple[str, NamedTuple]

FAIRNESS_APPROACH = name_key("Fairness Approach")
LIFECYCLE_STAGE = name_key("Project Lifecycle Stage")
SCOPE = name_key("Scope")
# Attribute types with a legacy home: the value table and the link table of each list type.
VALUE_TABLES = {
    FAIRNESS_APPROACH: ("fairness_approach", "technique_fairness_approach"),
    LIFECYCLE_STAGE: ("project_lifecycle_stage", "technique_project_lifecycle_stage"),
}
SCOPE_VALUE_KEYS = frozenset({name_key("Global"), name_key("Local")})
MIGRATED_TYPES = {spec.key: spec for spec in MIGRATED_ATTRIBUTE_TYPES}


# What the export does with each kind of thing the legacy schema cannot hold.
OUTCOMES = {
    "category-extra-goal": "exported with its legacy goal only",
    "category-without-legacy-goal": "not exported, nor its links: a legacy category has "
    "exactly one goal, and picking one would be a guess",
    "subcategory-extra-category": "exported with its legacy category only",
    "subcategory-without-legacy-category": "not exported, nor its links: a legacy "
    "subcategory has exactly one category, and picking one would be a guess",
    "technique-without-primary-goal": "not exported, nor its links: technique."
    "assurance_goal_id is NOT NULL",
    "technique-extra-primary-goal": "exported with its first primary goal only",
    "attribute-type": "not exported: the legacy schema has no table for it",
    "attribute-type-applies-to": "not exported: the legacy application applies the type "
    "as migrated",
    "attribute-link": "not exported: the legacy schema has no table for that type",
    "scope-value": "not exported: the legacy scope column holds only Global and Local",
    "scope-value-link": "left out of the technique's scope column",
    "link-to-left-out": "link not exported: its target is not exported",
    "duplicate-link": "exported once",
    "missing-text": "written as '' (the legacy column is NOT NULL)",
    "model-dependency-value": "not exported: the legacy schema holds a model dependency only "
    "as the text of the techniques that have it",
}


@dataclass(frozen=True)
class Loss:
    """Something in the graph the legacy schema cannot hold (`code`: a key of OUTCOMES)."""

    code: str
    subject: str
    what: str

    @property
    def outcome(self) -> str:
        return OUTCOMES[self.code]

    def line(self) -> str:
        return f"{self.subject}: {self.what} [{self.outcome}]"

    def as_dict(self) -> dict[str, str]:
        return {**asdict(self), "outcome": self.outcome}


def subject(kind: str, record: Record) -> str:
    """`category 'Group' (id 2)`, or `(no legacy id)` for a node made through the API."""
    legacy_id = record.get("legacyId")
    where = f"id {legacy_id}" if legacy_id is not None else "no legacy id"
    return f"{kind} {record.get('name')!r} ({where})"


class LegacyExport:
    """The state one export carries from step to step: ids given out, nodes left out, losses."""

    def __init__(self, maxima: Mapping[str, int | None]) -> None:
        self.last_ids = {table: maxima.get(table) or 0 for table in TABLES}
        self.fresh: dict[str, dict[str, int]] = defaultdict(dict)  # table → ref → fresh id
        self.left_out: dict[str, set[str]] = defaultdict(set)  # table → refs not written
        self.losses: list[Loss] = []
        # The keys of the model dependencies the written techniques hold.
        self.held_dependencies: set[str] = set()

    def lose(self, code: str, who: str, what: str) -> None:
        self.losses.append(Loss(code, who, what))

    def _own_id(self, table: str, record: Record) -> int:
        if record["legacyId"] is not None:
            return int(record["legacyId"])
        if record["ref"] not in self.fresh[table]:
            self.fresh[table][record["ref"]] = self._next_id(table)
        return self.fresh[table][record["ref"]]

    def _next_id(self, table: str) -> int:
        self.last_ids[table] += 1
        return self.last_ids[table]

    def id_of(self, table: str, node: Record) -> int | None:
        """The row id a reference to `node` writes, or None when the node is not written."""
        if node["ref"] in self.left_out[table]:
            return None
        if node["legacyId"] is not None:
            return int(node["legacyId"])
        return self.fresh[table].get(node["ref"])

    def _text(self, value: str | None, who: str, column: str) -> str:
        if value is None:
            self.lose("missing-text", who, f"has no {column}")
        return value or ""

    def goals(self, records: Iterable[Record]) -> Iterator[GoalRow]:
        for goal in records:
            text = self._text(goal["description"], subject("goal", goal), "description")
            yield GoalRow(self._own_id("assurance_goal", goal), goal["name"], text)

    def categories(self, records: Iterable[Record]) -> Iterator[CategoryRow]:
        for category in records:
            who = subject("category", category)
            goal_id = self._owner(category, who, "category", "goal", "assurance_goal")
            if goal_id is not None:
                text = self._text(category["description"], who, "description")
                yield CategoryRow(
                    self._own_id("category", category), category["name"], text, goal_id
                )

    def sub_categories(self, records: Iterable[Record]) -> Iterator[SubCategoryRow]:
        for sub in records:
            who = subject("subcategory", sub)
            category_id = self._owner(sub, who, "sub_category", "category", "category")
            if category_id is not None:
                text = self._text(sub["description"], who, "description")
                yield SubCategoryRow(
                    self._own_id("sub_category", sub), sub["name"], text, category_id
                )

    def _owner(self, record: Record, who: str, table: str, kind: str, owner: str) -> int | None:
        """The one parent the legacy schema holds: the one linked by the legacy foreign key.

        Extra parents are listed; with no legacy parent (or one not written) the node cannot
        be written at all, since the legacy column is NOT NULL.
        """
        parents = record["parents"]
        legacy = [p for p in parents if p["legacy"]]
        owner_id = self.id_of(owner, legacy[0]) if legacy else None
        code = "subcategory" if table == "sub_category" else table
        if owner_id is None:
            self.left_out[table].add(record["ref"])
            linked = ", ".join(repr(p["name"]) for p in parents) or f"no {kind}"
            why = "which is not exported" if legacy else "none of them by the legacy link"
            self.lose(f"{code}-without-legacy-{kind}", who, f"belongs to {linked}, {why}")
            return None
        for extra in parents:
            if extra is not legacy[0]:
                self.lose(
                    f"{code}-extra-{kind}",
                    who,
                    f"also belongs to {kind} "
                    f"{extra['name']!r} (legacy {kind}: {legacy[0]['name']!r})",
                )
        return owner_id

    def tags(self, records: Iterable[Record]) -> Iterator[TagRow]:
        for tag in records:
            yield TagRow(self._own_id("tag", tag), tag["name"])

    def attribute_values(self, records: Iterable[Record]) -> Iterator[TableRow]:
        """Fairness approaches and lifecycle stages as rows; Scope values checked."""
        for value in records:
            if value["typeKey"] in VALUE_TABLES:
                table = VALUE_TABLES[value["typeKey"]][0]
                yield table, NamedRow(self._own_id(table, value), value["name"])
            elif value["key"] not in SCOPE_VALUE_KEYS:
                self.lose("scope-value", subject("Scope value", value), "is a Scope value")

    def attribute_types(self, records: Iterable[Record]) -> None:
        """List the types the legacy schema has no place for, and changed migrated types."""
        for kind in records:
            who = f"attribute type {kind['name']!r}"
            spec = MIGRATED_TYPES.get(kind["key"])
            goals = set(kind["goalKeys"])
            if spec is None:
                values = ", ".join(repr(v) for v in kind["values"]) or "no values"
                self.lose(
                    "attribute-type", who, f"has {values}, set {kind['links']} times on techniques"
                )
            elif (bool(kind["appliesToAll"]), goals) != (
                spec.applies_to_all,
                set(spec.applicable_goal_keys),
            ):
                applies = "every goal" if kind["appliesToAll"] else ", ".join(sorted(goals))
                self.lose(
                    "attribute-type-applies-to",
                    who,
                    f"applies to {applies or 'no goal'}, not as migrated",
                )

    def number_techniques(self, records: Iterable[Record]) -> None:
        """Give fresh ids to techniques with none, and leave out those with no primary goal,
        before any link to them is read."""
        for technique in records:
            if not technique["hasPrimaryGoal"]:
                self.left_out["technique"].add(technique["ref"])
                self.lose(
                    "technique-without-primary-goal",
                    subject("technique", technique),
                    "has no primary goal",
                )
            elif technique["legacyId"] is None:
                self._own_id("technique", technique)

    def technique(self, record: Record) -> list[TableRow]:
        """The technique's row and the rows of every link it starts."""
        technique_id = self.id_of("technique", record)
        if technique_id is None:
            return []
        who = subject("technique", record)
        goals: Sequence[Record] = record["primaryGoals"]
        for extra in goals[1:]:
            self.lose(
                "technique-extra-primary-goal",
                who,
                f"also has primary goal {extra['name']!r} (first: {goals[0]['name']!r})",
            )
        rows: list[TableRow] = []
        for table, field, target in (
            ("technique_category", "categories", "category"),
            ("technique_sub_category", "subCategories", "sub_category"),
            ("technique_tag", "tags", "tag"),
            ("technique_relationship", "related", "technique"),
        ):
            rows += self._links(table, target, technique_id, who, record[field])
        scope = self._attributes(technique_id, who, record["attributes"], rows)
        if record["modelDependency"]:
            self.held_dependencies.add(name_key(record["modelDependency"]))
        row = TechniqueRow(
            technique_id,
            record["name"],
            self._text(record["description"], who, "description"),
            self.id_of("assurance_goal", goals[0]),
            self._text(record["modelDependency"], who, "model dependency"),
            self._text(record["exampleUseCase"], who, "example use case"),
            scope,
        )
        return [("technique", row), *rows]

    def model_dependencies(self, records: Iterable[Record]) -> None:
        """List the vocabulary's values no written technique holds (after `technique`)."""
        for value in records:
            if value["key"] not in self.held_dependencies:
                self.lose(
                    "model-dependency-value",
                    f"model dependency {value['name']!r}",
                    "is held by no exported technique",
                )

    def _attributes(
        self, technique_id: int, who: str, links: Sequence[Record], rows: list[TableRow]
    ) -> str | None:
        """Link rows of the two list types into `rows`; the scope column's text returned."""
        for type_key, (value_table, link_table) in VALUE_TABLES.items():
            of_type = [link for link in links if link["typeKey"] == type_key]
            rows += self._links(link_table, value_table, technique_id, who, of_type)
        scope: list[str] = []
        for link in sorted(
            links, key=lambda link: (link["position"] is None, link["position"] or 0, link["name"])
        ):
            if link["typeKey"] == SCOPE and link["key"] in SCOPE_VALUE_KEYS:
                scope.append(link["name"])
            elif link["typeKey"] == SCOPE:
                self.lose("scope-value-link", who, f"has Scope {link['name']!r}")
            elif link["typeKey"] not in VALUE_TABLES:
                self.lose("attribute-link", who, f"has {link['typeKey']} {link['name']!r}")
        return ", ".join(scope) or None

    def _links(
        self, table: str, target: str, technique_id: int, who: str, links: Sequence[Record]
    ) -> list[TableRow]:
        """Link rows, each under its legacy id when it came from `table`, else a fresh one."""
        rows: list[TableRow] = []
        seen: set[tuple[int, str]] = set()
        for link in sorted(links, key=_link_order):
            other_id, kind = self.id_of(target, link), link.get("type") or ""
            if other_id is None:
                self.lose("link-to-left-out", who, f"is linked to {subject(target, link)}")
                continue
            if (other_id, kind) in seen:
                self.lose("duplicate-link", who, f"is linked twice to {subject(target, link)}")
                continue
            seen.add((other_id, kind))
            legacy_id = link["linkId"] if link.get("linkTable", table) == table else None
            row_id = self._next_id(table) if legacy_id is None else int(legacy_id)
            row = (
                LinkRow(row_id, technique_id, other_id)
                if table != "technique_relationship"
                else RelationshipRow(row_id, technique_id, other_id, kind)
            )
            rows.append((table, row))
        return rows


def _link_order(link: Record) -> tuple[Any, ...]:
    """Legacy links in legacy id order, then new ones by target, so fresh ids are stable."""
    return (
        link["linkId"] is None,
        link["linkId"] or 0,
        link["legacyId"] is None,
        link["legacyId"] or 0,
        link["name"] or "",
    )
