"""The data-migration steps of the plan (§3), in its order, each a named function.

A step reads its tables from the source, transforms them (pure, `loaders/transform/`) and
hands the records to a sink: the checking pass counts them, the loading pass writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, LiteralString, Protocol

from graph import load_queries as q
from graph.rules import MIGRATED_ATTRIBUTE_TYPES
from loaders.load import DEFAULT_BATCH_SIZE, batched
from loaders.problems import ProblemLog
from loaders.progress import Progress
from loaders.sources.base import LegacySource
from loaders.transform import entities, links
from loaders.transform.index import Index

Record = dict[str, Any]


class Sink(Protocol):
    def __call__(self, kind: str, query: LiteralString, records: list[Record]) -> None: ...


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
    ctx.sink(
        "goals", q.GOALS, entities.transform_goals(ctx.rows("assurance_goal"), ctx.index, ctx.log)
    )


def migrate_categories(ctx: StepContext) -> None:
    records = entities.transform_categories(ctx.rows("category"), ctx.index, ctx.log)
    ctx.sink("categories", q.CATEGORIES, records)
    ctx.sink(
        "merged category goals",
        q.EXTRA_CATEGORY_GOALS,
        entities.category_goal_links(ctx.index, records),
    )


def migrate_subcategories(ctx: StepContext) -> None:
    ctx.sink(
        "subcategories",
        q.SUBCATEGORIES,
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
        "attribute types",
        q.ATTRIBUTE_TYPES,
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
            "attribute values",
            q.ATTRIBUTE_VALUES,
            entities.transform_attribute_values(
                table, type_key, ctx.rows(table), ctx.index, ctx.log
            ),
        )
    ctx.sink("attribute values", q.ATTRIBUTE_VALUES, entities.scope_value_records())


LINK_QUERIES: dict[str, tuple[str, LiteralString]] = {
    "technique_category": ("technique categories", q.TECHNIQUE_CATEGORIES),
    "technique_sub_category": ("technique subcategories", q.TECHNIQUE_SUBCATEGORIES),
    "technique_fairness_approach": ("technique attributes", q.TECHNIQUE_ATTRIBUTES),
    "technique_project_lifecycle_stage": ("technique attributes", q.TECHNIQUE_ATTRIBUTES),
    "technique_tag": ("technique tags", q.TECHNIQUE_TAGS),
}


def _stream_links(ctx: StepContext, table: str) -> None:
    kind, query = LINK_QUERIES[table]
    seen = links.SeenLinks()
    for chunk in ctx.chunks(table, links.LINK_ORDER):
        ctx.sink(
            kind,
            query,
            links.transform_links(links.LINK_KINDS[table], chunk, ctx.index, ctx.log, seen),
        )


def migrate_techniques(ctx: StepContext) -> None:
    """Techniques, then their categories (which complete their goals), subcategories and
    attributes: fairness approaches, lifecycle stages, and the scope column's values."""
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
    for chunk in ctx.source.stream("technique", ctx.batch_size, order_by=("id",)):
        ctx.sink("techniques", q.TECHNIQUES, entities.technique_records(chunk, ctx.index, ctx.log))
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
            "technique attributes",
            q.TECHNIQUE_ATTRIBUTES,
            links.scope_links((r["id"] for r in chunk), ctx.index, ctx.log),
        )


def migrate_tags(ctx: StepContext) -> None:
    tags, ancestors, parents = entities.transform_tags(ctx.rows("tag"), ctx.index, ctx.log)
    ctx.sink("tags", q.TAGS, tags)
    ctx.sink("ancestor tags", q.ANCESTOR_TAGS, ancestors)
    ctx.sink("tag parents", q.TAG_PARENTS, parents)
    _stream_links(ctx, "technique_tag")


def migrate_relationships(ctx: StepContext) -> None:
    seen = links.SeenLinks()
    for chunk in ctx.chunks("technique_relationship", links.RELATIONSHIP_ORDER):
        ctx.sink(
            "technique relationships",
            q.RELATIONSHIPS,
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
