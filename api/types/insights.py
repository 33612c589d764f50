"""Answers that are not nodes: search hits, facet counts, coverage cells, comparisons."""

from __future__ import annotations

from typing import Any

import strawberry

from api.inputs.sort import TechniqueSort
from api.types.records import Record, build, got
from api.types.taxonomy import Goal, Tag
from api.types.technique import Attribute, Technique


@strawberry.type(description="A search hit: the technique and how well it matches.")
class SearchResult:
    score: float
    technique: Technique

    @classmethod
    def from_record(cls, record: Record) -> SearchResult:
        return cls(score=record["score"], technique=Technique.from_record(record["technique"]))


@strawberry.type(description="How many matching techniques fall under one name.")
class FacetCount:
    name: str
    count: int


@strawberry.type(description="Counts per value of one attribute type.")
class AttributeFacet:
    type: str
    values: list[FacetCount]


def _counts(rows: list[dict[str, Any]] | None) -> list[FacetCount]:
    return [FacetCount(name=r["name"], count=r["count"]) for r in rows or ()]


@strawberry.type(
    description="Counts of distinct matching techniques per group; only groups holding one or "
    "more, most first, then by name."
)
class TechniqueFacets:
    total: int
    goals: list[FacetCount]
    categories: list[FacetCount]
    tags: list[FacetCount]
    model_dependencies: list[FacetCount]
    attributes: list[AttributeFacet]

    @classmethod
    def from_record(cls, record: Record) -> TechniqueFacets:
        return cls(
            total=record["total"],
            goals=_counts(got(record, "goals")),
            categories=_counts(got(record, "categories")),
            tags=_counts(got(record, "tags")),
            model_dependencies=_counts(got(record, "modelDependencies")),
            attributes=[
                AttributeFacet(type=a["type"], values=_counts(a["values"]))
                for a in got(record, "attributes") or ()
            ],
        )


@strawberry.type(description="How many techniques sit in one category under one of its goals.")
class CoverageCell:
    goal: str
    category: str
    technique_count: int


@strawberry.type(description="Techniques per (goal, category) cell, and those spanning goals.")
class Coverage:
    cells: list[CoverageCell]
    cross_goal_technique_count: int = strawberry.field(
        description="How many techniques have more than one goal."
    )
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> Coverage:
        return cls(
            cells=[
                CoverageCell(
                    goal=c["goal"], category=c["category"], technique_count=c["techniqueCount"]
                )
                for c in got(record, "cells") or ()
            ],
            cross_goal_technique_count=got(record, "crossCount"),
            record=record,
        )

    @strawberry.field(
        description="Techniques whose goals are more than one, by slug unless sorted. At most "
        "`limit` (default and maximum: API_MAX_PAGE_SIZE) after `offset`."
    )
    def cross_goal_techniques(
        self,
        sort: list[TechniqueSort] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Technique]:
        return [Technique.from_record(r) for r in got(self.record, "crossing") or ()]


@strawberry.type(description="Several techniques side by side, and what they all share.")
class TechniqueComparison:
    techniques: list[Technique]
    shared_goals: list[Goal]
    shared_tags: list[Tag]
    shared_attributes: list[Attribute]

    @classmethod
    def from_record(cls, record: Record) -> TechniqueComparison:
        def each(key: str, type_name: str) -> list[Any]:
            return [build(type_name, r) for r in record.get(key) or ()]

        return cls(
            techniques=each("techniques", "Technique"),
            shared_goals=each("sharedGoals", "Goal"),
            shared_tags=each("sharedTags", "Tag"),
            shared_attributes=each("sharedAttributes", "Attribute"),
        )
