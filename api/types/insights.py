"""Answers that are not nodes: search hits, facet counts, coverage cells, comparisons.

Those whose fields are named as their statement's keys are built from records like the node
types (`@builds`): their fields read the record and api/record_completion.py fills them by
plan, so a 100x facets answer (about 10,000 counts) costs no Python object or graphql-core
field resolution per count.
"""

from __future__ import annotations

import strawberry

from api.inputs.sort import TechniqueSort
from api.types.records import Record, builds, got
from api.types.taxonomy import Goal, Tag
from api.types.technique import Attribute, Technique
from graph.queries.errors import QueryInputError
from graph.queries.search_text import Part, Term, highlight, snippet


@strawberry.type(description="A piece of text; `highlighted` when it is a word the search matched.")
class TextPart:
    text: str
    highlighted: bool


@strawberry.type(description="Text cut into parts, the words the search matched highlighted.")
class HighlightedText:
    parts: list[TextPart]

    @strawberry.field(description="The whole text, as one string.")
    def text(self) -> str:
        return "".join(part.text for part in self.parts)

    @classmethod
    def of(cls, parts: list[Part]) -> HighlightedText:
        return cls(parts=[TextPart(text=p.text, highlighted=p.highlighted) for p in parts])


SNIPPET_LENGTHS = (20, 1000)


@strawberry.type(description="A search hit: the technique and how well it matches.")
class SearchResult:
    score: float
    technique: Technique
    terms: strawberry.Private[list[Term]]
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record, terms: list[Term]) -> SearchResult:
        return cls(
            score=record["score"],
            technique=Technique.from_record(record["technique"]),
            terms=terms,
            record=record,
        )

    @strawberry.field(description="The technique's name, the matched words highlighted.")
    def highlighted_name(self) -> HighlightedText:
        return HighlightedText.of(highlight(self.record["name"], self.terms))

    @strawberry.field(
        description="About `length` characters (20 to 1000) of the description around the "
        "first matched word, the matched words highlighted; an ellipsis marks a cut."
    )
    def snippet(self, length: int = 160) -> HighlightedText:
        low, high = SNIPPET_LENGTHS
        if not low <= length <= high:
            raise QueryInputError(
                f"snippet(length: {length}) must be from {low} to {high}", "snippet.length"
            )
        return HighlightedText.of(snippet(self.record["description"], self.terms, length))


@strawberry.type(description="A page of search hits, best first, and how many there are.")
class TechniqueSearchPage:
    total_count: int = strawberry.field(description="Hits in all, on every page.")
    hits: list[SearchResult]


@builds("FacetCount")
@strawberry.type(description="How many matching techniques fall under one name.")
class FacetCount:
    name: str
    count: int
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> FacetCount:
        return cls(name=record["name"], count=record["count"], record=record)


@builds("AttributeFacet")
@strawberry.type(description="Counts per value of one attribute type.")
class AttributeFacet:
    type: str
    values: list[FacetCount]
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> AttributeFacet:
        return cls(type=record["type"], values=record["values"], record=record)


@builds("TechniqueFacets")
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
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> TechniqueFacets:
        # The lists stay records: the fields read them from `record`, never these attributes.
        return cls(
            total=record["total"],
            goals=got(record, "goals"),
            categories=got(record, "categories"),
            tags=got(record, "tags"),
            model_dependencies=got(record, "modelDependencies"),
            attributes=got(record, "attributes"),
            record=record,
        )


@builds("CoverageCell")
@strawberry.type(description="How many techniques sit in one category under one of its goals.")
class CoverageCell:
    goal: str
    category: str
    technique_count: int
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> CoverageCell:
        return cls(
            goal=record["goal"],
            category=record["category"],
            technique_count=record["techniqueCount"],
            record=record,
        )


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
            cells=got(record, "cells") or [],
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


@builds("TechniqueComparison")
@strawberry.type(description="Several techniques side by side, and what they all share.")
class TechniqueComparison:
    techniques: list[Technique]
    shared_goals: list[Goal]
    shared_tags: list[Tag]
    shared_attributes: list[Attribute]
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> TechniqueComparison:
        # As TechniqueFacets: the fields read `record`.
        return cls(
            techniques=got(record, "techniques"),
            shared_goals=got(record, "sharedGoals"),
            shared_tags=got(record, "sharedTags"),
            shared_attributes=got(record, "sharedAttributes"),
            record=record,
        )
