"""The data-migration steps of the plan (§3), in its order, each a named function.

A step reads its tables from the source, transforms them (pure, `loaders/transform/`) and
hands the records to a sink: the checking pass counts them, the loading pass writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.migration import writes as w
from graph.migration.kind import WriteKind
from graph.rules import MIGRATED_ATTRIBUTE_TYPES
from loaders.load import DEFAULT_BATCH_SIZE, batched
from loaders.problems import ProblemLog
from loaders.progress import Progress
from loaders.sources.base import LegacySource
from loaders.transform import entities, links
from loaders.transform.index import Index

Record = dict[str, Any]


class Sink(Protocol):
    """Where a step's records go: counted (the checking pass), written to the graph (the
    loading pass), or elsewhere (`loaders/csv_export.py`), by their kind of write."""

    def __call__(self, kind: WriteKind, records: list[Record]) -> None: ...


@dataclass
class StepContext:
    source: LegacySource
    sink: Sink
    batch_size: int = DEFAULT_BATCH_SIZE
    index: Index = field(default_factory=Index)
    log: ProblemLog = field(default_factory=ProblemLog)
    progress: Progress | None = None

    def rows(self, table: str) -> list[Any]:
        """All rows of an entity table (small: one per goal, category, tag, technique...)."""
        return [row for chunk in self.chunks(table, ("id",)) for row in chunk]

    def chunks(self, table: str, order_by: tuple[str, ...]) -> Iterator[list[Any]]:
        for chunk in self.source.stream(table, self.batch_size, order_by=order_by):
            if self.progress is not None:
                self.progress.advance(len(chunk))
            yield chunk


def migrate_goals(ctx: StepContext) -> None:
    ctx.sink(w.GOALS, entities.transform_goals(ctx.rows("assurance_goal"), ctx.index, ctx.log))


def migrate_categories(ctx: StepContext) -> None:
    records = entities.transform_categories(ctx.rows("category"), ctx.index, ctx.log)
    ctx.sink(w.CATEGORIES, records)
    ctx.sink(
        w.EXTRA_CATEGORY_GOALS,
        entities.category_goal_links(ctx.index, records),
    )


def migrate_subcategories(ctx: StepContext) -> None:
    ctx.sink(
        w.SUBCATEGORIES,
        entities.transform_subcategories(ctx.rows("sub_category"), ctx.index, ctx.log),
    )


# Descriptions for the migrated types (the plan's step 4 gives names and applicability only).
ATTRIBUTE_TYPE_DESCRIPTIONS = {
    "fairness approach": "How a fairness technique intervenes (legacy fairness_approach).",
    "project lifecycle stage": "Where in a project the technique is used "
    "(legacy project_lifecycle_stage).",
    "scope": "Whether an explanation covers the whole model or one prediction (legacy scope).",
}


def create_attribute_types(ctx: StepContext) -> None:
    ctx.sink(
        w.ATTRIBUTE_TYPES,
        [
            {
                "key": spec.key,
                "name": spec.name,
                "multiValued": spec.multi_valued,
                "appliesToAll": spec.applies_to_all,
                "description": ATTRIBUTE_TYPE_DESCRIPTIONS[spec.key],
                "goalKeys": sorted(spec.applicable_goal_keys),
            }
            for spec in MIGRATED_ATTRIBUTE_TYPES
        ],
    )


def migrate_attribute_values(ctx: StepContext) -> None:
    for table, type_key in (
        ("fairness_approach", entities.FAIRNESS_APPROACH),
        ("project_lifecycle_stage", entities.LIFECYCLE_STAGE),
    ):
        ctx.sink(
            w.ATTRIBUTE_VALUES,
            entities.transform_attribute_values(
                table, type_key, ctx.rows(table), ctx.index, ctx.log
            ),
        )
    ctx.sink(w.ATTRIBUTE_VALUES, entities.scope_value_records())


LINK_WRITES: dict[str, WriteKind] = {
    "technique_category": w.TECHNIQUE_CATEGORIES,
    "technique_sub_category": w.TECHNIQUE_SUBCATEGORIES,
    "technique_fairness_approach": w.TECHNIQUE_ATTRIBUTES,
    "technique_project_lifecycle_stage": w.TECHNIQUE_ATTRIBUTES,
    "technique_tag": w.TECHNIQUE_TAGS,
}


def _stream_links(ctx: StepContext, table: str) -> None:
    kind = LINK_WRITES[table]
    seen = links.SeenLinks()
    for chunk in ctx.chunks(table, links.LINK_ORDER):
        ctx.sink(
            kind,
            links.transform_links(links.LINK_KINDS[table], chunk, ctx.index, ctx.log, seen),
        )


def migrate_techniques(ctx: StepContext) -> None:
    """The model dependency vocabulary, techniques, then their categories (which complete
    their goals), subcategories and attributes: fairness approaches, lifecycle stages, and
    the scope column's values."""
    # Two reads of the table, so its long texts are never all in memory at once.
    entities.index_techniques(
        (
            # model_dependency stays: it is short, and checked here (an index key).
            row._replace(description=None, example_use_case=None)
            for chunk in ctx.chunks("technique", ("id",))
            for row in chunk
        ),
        ctx.index,
        ctx.log,
    )
    # Before the techniques, so no technique holds a value the vocabulary lacks.
    ctx.sink(w.MODEL_DEPENDENCIES, entities.model_dependency_records(ctx.index))
    for chunk in ctx.source.stream("technique", ctx.batch_size, order_by=("id",)):
        ctx.sink(w.TECHNIQUES, entities.technique_records(chunk, ctx.index, ctx.log))
    for table in (
        "technique_category",
        "technique_sub_category",
        "technique_fairness_approach",
        "technique_project_lifecycle_stage",
    ):
        _stream_links(ctx, table)
    technique_ids = sorted(ctx.index.scopes)
    for chunk in batched(({"id": i} for i in technique_ids), ctx.batch_size):
        ctx.sink(
            w.TECHNIQUE_ATTRIBUTES,
            links.scope_links((r["id"] for r in chunk), ctx.index, ctx.log),
        )


def migrate_tags(ctx: StepContext) -> None:
    tags, ancestors, parents = entities.transform_tags(ctx.rows("tag"), ctx.index, ctx.log)
    ctx.sink(w.TAGS, tags)
    ctx.sink(w.ANCESTOR_TAGS, ancestors)
    ctx.sink(w.TAG_PARENTS, parents)
    _stream_links(ctx, "technique_tag")


def migrate_relationships(ctx: StepContext) -> None:
    seen = links.SeenLinks()
    for chunk in ctx.chunks("technique_relationship", links.RELATIONSHIP_ORDER):
        ctx.sink(
            w.RELATIONSHIPS,
            links.transform_relationships(chunk, ctx.index, ctx.log, seen),
        )


STEPS: tuple[tuple[str, Callable[[StepContext], None]], ...] = (
    ("goals", migrate_goals),
    ("categories", migrate_categories),
    ("subcategories", migrate_subcategories),
    ("attribute types", create_attribute_types),
    ("attribute values", migrate_attribute_values),
    ("techniques", migrate_techniques),
    ("tags", migrate_tags),
    ("relationships", migrate_relationships),
)
