"""Entity tables → node records: goals, categories, subcategories, attribute values, techniques,
tags. Each function checks its rows, records what it learnt in the index, and returns the
records the loader writes (plain dicts whose keys are the graph's property names)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.keys import clean_name, name_key, unique_slugs
from loaders.problems import ProblemLog
from loaders.rows import CategoryRow, GoalRow, NamedRow, SubCategoryRow, TagRow, TechniqueRow
from loaders.transform.checks import (
    long_text,
    missing_texts,
    required_name,
    required_text,
    resolve,
    survivors_by_name,
    too_long,
)
from loaders.transform.index import Index, TechniqueInfo
from loaders.transform.limits import SHORT_TEXT_MAX
from loaders.transform.scope import SCOPE_VALUES, parse_scope

Record = dict[str, Any]

FAIRNESS_APPROACH = name_key("Fairness Approach")
LIFECYCLE_STAGE = name_key("Project Lifecycle Stage")
SCOPE = name_key("Scope")


# The required texts of each table, reported for a row skipped for another fault too.
TEXTS = {
    "assurance_goal": ("description",),
    "category": ("description",),
    "sub_category": ("description",),
}


def _named_entities(
    table: str, rows: Iterable[Any], log: ProblemLog, index: Index, *, merge: bool = True
) -> tuple[list[tuple[Any, str]], dict[int, int]]:
    """Rows with a usable name, and each row's survivor after case-insensitive merging."""
    named: list[tuple[Any, str]] = []
    for row in rows:
        name = required_name(row.name, table, row.id, log)
        if name is None:
            index.skipped[table].add(row.id)
            missing_texts(row, table, TEXTS.get(table, ()), log)
        else:
            named.append((row, name))
    survivors = survivors_by_name(table, [(r.id, n) for r, n in named], log, merge=merge)
    return named, survivors


def _with_parent(
    table: str,
    rows: Iterable[Any],
    column: str,
    parents: Mapping[int, str],
    parent_table: str,
    index: Index,
    log: ProblemLog,
) -> tuple[list[Any], dict[int, str]]:
    """Rows whose foreign key `column` resolves, and each one's parent key; the rest are
    logged and skipped."""
    kept, parent_of = [], {}
    for row in rows:
        parent = resolve(
            parents,
            getattr(row, column),
            table=table,
            row_id=row.id,
            column=column,
            target=parent_table,
            skipped=index.skipped[parent_table],
            log=log,
        )
        if parent is None:
            index.skipped[table].add(row.id)
            # The row's other faults, so one round of fixes suffices.
            required_name(row.name, table, row.id, log)
            missing_texts(row, table, TEXTS.get(table, ()), log)
        else:
            kept.append(row)
            parent_of[row.id] = parent
    return kept, parent_of


def transform_goals(rows: Iterable[GoalRow], index: Index, log: ProblemLog) -> list[Record]:
    named, survivors = _named_entities("assurance_goal", rows, log, index)
    records = []
    for row, name in named:
        index.goals[row.id] = name_key(name)
        if survivors[row.id] == row.id:
            index.goal_names[name_key(name)] = name
            description = required_text(
                row.description, "assurance_goal", row.id, "description", log
            )
            records.append(
                {
                    "key": name_key(name),
                    "name": name,
                    "description": description,
                    "legacyId": row.id,
                }
            )
    return records


def transform_categories(
    rows: Iterable[CategoryRow], index: Index, log: ProblemLog
) -> list[Record]:
    """Categories, each with the key of its legacy goal (the SERVES link to write)."""
    kept, goal_of = _with_parent(
        "category", rows, "assurance_goal_id", index.goals, "assurance_goal", index, log
    )
    named, survivors = _named_entities("category", kept, log, index)
    records = []
    for row, name in named:
        key = name_key(name)
        index.categories[row.id] = key
        # A merged duplicate's goal still counts: the category serves both goals.
        index.category_goals[key].add(goal_of[row.id])
        if survivors[row.id] == row.id:
            description = required_text(row.description, "category", row.id, "description", log)
            records.append(
                {
                    "key": key,
                    "name": name,
                    "description": description,
                    "legacyId": row.id,
                    "goalKey": goal_of[row.id],
                }
            )
    return records


def category_goal_links(index: Index, records: list[Record]) -> list[Record]:
    """The SERVES links of merged duplicates that name another goal (not the legacy one)."""
    legacy = {(r["key"], r["goalKey"]) for r in records}
    return [
        {"categoryKey": category, "goalKey": goal}
        for category, goals in sorted(index.category_goals.items())
        for goal in sorted(goals)
        if (category, goal) not in legacy
    ]


def transform_subcategories(
    rows: Iterable[SubCategoryRow], index: Index, log: ProblemLog
) -> list[Record]:
    kept, category_of = _with_parent(
        "sub_category", rows, "category_id", index.categories, "category", index, log
    )
    named, survivors = _named_entities("sub_category", kept, log, index)
    records = []
    for row, name in named:
        index.subcategories[row.id] = name_key(name)
        if survivors[row.id] == row.id:
            description = required_text(row.description, "sub_category", row.id, "description", log)
            records.append(
                {
                    "key": name_key(name),
                    "name": name,
                    "description": description,
                    "legacyId": row.id,
                    "categoryKey": category_of[row.id],
                }
            )
    return records


def transform_attribute_values(
    table: str, type_key: str, rows: Iterable[NamedRow], index: Index, log: ProblemLog
) -> list[Record]:
    """Fairness approaches or lifecycle stages as values of their attribute type."""
    target = index.fairness_approaches if type_key == FAIRNESS_APPROACH else index.lifecycle_stages
    named, survivors = _named_entities(table, rows, log, index)
    records: list[Record] = []
    for row, name in named:
        target[row.id] = name_key(name)
        if survivors[row.id] == row.id:
            records.append(
                {
                    "typeKey": type_key,
                    "key": name_key(name),
                    "name": name,
                    "legacyId": row.id,
                    "position": len(records),
                }
            )
    return records


def scope_value_records() -> list[Record]:
    return [
        {"typeKey": SCOPE, "key": name_key(value), "name": value, "position": position}
        for position, value in enumerate(SCOPE_VALUES)
    ]


def index_techniques(rows: Iterable[TechniqueRow], index: Index, log: ProblemLog) -> None:
    """The techniques' first pass: goals, names, slugs and scopes into the index.

    Needs every technique at once (slugs and case-insensitive duplicates are decided over the
    whole table) but none of their long texts, so the step hands it rows without them and
    streams the table again for `technique_records`."""
    kept_rows, goal_of = _with_parent(
        "technique", rows, "assurance_goal_id", index.goals, "assurance_goal", index, log
    )
    named, survivors = _named_entities("technique", kept_rows, log, index, merge=False)
    kept = [
        (row, name)
        for row, name in named
        if survivors.get(row.id) == row.id
        and not too_long(
            row.model_dependency, SHORT_TEXT_MAX, "technique", row.id, "model_dependency", log
        )
    ]
    kept_ids = {row.id for row, _ in kept}
    index.skipped["technique"].update(row.id for row, _ in named if row.id not in kept_ids)
    slugs = unique_slugs([(row.id, name) for row, name in kept])
    for row, name in kept:
        goal_key = goal_of[row.id]
        index.techniques[row.id] = TechniqueInfo(slugs[row.id], name, goal_key)
        index.technique_goals[row.id].add(goal_key)
        scope = parse_scope(row.scope, row.id, log)
        if scope:
            index.scopes[row.id] = scope
        if row.model_dependency and row.model_dependency.strip():
            name = clean_name(row.model_dependency)
            index.model_dependencies.setdefault(name_key(name), name)


def model_dependency_records(index: Index) -> list[Record]:
    """The vocabulary of the kept techniques' model dependencies, one record per key (the
    name as the first technique by id writes it, whitespace tidied), by key."""
    return [{"key": key, "name": name} for key, name in sorted(index.model_dependencies.items())]


TECHNIQUE_TEXTS = ("description", "model_dependency", "example_use_case")


def technique_records(rows: Iterable[TechniqueRow], index: Index, log: ProblemLog) -> list[Record]:
    """The techniques' second pass, a chunk at a time: the records of those the first kept."""
    records = []
    for row in rows:
        info = index.techniques.get(row.id)
        if info is None:
            # Skipped in the first pass, which saw no texts: their faults are reported here.
            missing_texts(row, "technique", TECHNIQUE_TEXTS, log)
            continue
        records.append(
            {
                "legacyId": row.id,
                "slug": info.slug,
                "key": name_key(info.name),
                "name": info.name,
                "description": long_text(
                    required_text(row.description, "technique", row.id, "description", log),
                    "technique",
                    row.id,
                    "description",
                    log,
                ),
                "modelDependency": required_text(
                    row.model_dependency, "technique", row.id, "model_dependency", log
                ),
                "exampleUseCase": required_text(
                    row.example_use_case, "technique", row.id, "example_use_case", log
                ),
                "primaryGoalKey": info.primary_goal_key,
            }
        )
    return records


def transform_tags(
    rows: Iterable[TagRow], index: Index, log: ProblemLog
) -> tuple[list[Record], list[Record], list[Record]]:
    """Legacy tags, the ancestor tags their `a/b` names imply, and the CHILD_OF links."""
    named, survivors = _named_entities("tag", rows, log, index)
    tags: list[Record] = []
    for row, name in named:
        index.tags[row.id] = name_key(name)
        if survivors[row.id] == row.id:
            tags.append({"key": name_key(name), "name": name, "legacyId": row.id})
    real = {tag["key"] for tag in tags}
    ancestors: dict[str, str] = {}
    parents: set[tuple[str, str]] = set()
    for tag in tags:
        child = tag["name"]
        while "/" in child.rstrip("/"):
            parent = child.rstrip("/").rsplit("/", 1)[0]
            if not parent.strip():
                break
            parents.add((name_key(child), name_key(parent)))
            if name_key(parent) not in real:
                ancestors.setdefault(name_key(parent), parent)
            child = parent
    return (
        tags,
        [{"key": key, "name": name} for key, name in sorted(ancestors.items())],
        [{"childKey": c, "parentKey": p} for c, p in sorted(parents)],
    )
