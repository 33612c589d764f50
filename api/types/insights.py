"""Answers that are not nodes: search hits, facet counts, coverage cells, comparisons.

Their statements return maps with one entry per field, under the field's name (their shape is
fixed; the nodes inside them are projected as the request selects them), and
api/resolution.py hands each field its entry.
"""

from __future__ import annotations

import strawberry

from api.fields import PAGE, argument, page, sort, with_arguments
from api.types.taxonomy import Goal, Tag
from api.types.technique import Attribute, Technique


@strawberry.type(description="A piece of text; `highlighted` when it is a word the search matched.")
class TextPart:
    text: str
    highlighted: bool


@strawberry.type(description="Text cut into parts, the words the search matched highlighted.")
class HighlightedText:
    parts: list[TextPart]
    text: str = strawberry.field(description="The whole text, as one string.")


@strawberry.type(description="A search hit: the technique and how well it matches.")
class SearchResult:
    score: float
    technique: Technique
    highlighted_name: HighlightedText = strawberry.field(
        description="The technique's name, the matched words highlighted."
    )
    snippet: HighlightedText = with_arguments(
        strawberry.field(
            description="About `length` characters (20 to 1000) of the description around "
            "the first matched word, the matched words highlighted; an ellipsis marks a cut. "
            "One length per request: the first `snippet` selection's."
        ),
        [argument("length", int, 160)],
    )


@strawberry.type(description="A page of search hits, best first, and how many there are.")
class TechniqueSearchPage:
    total_count: int = strawberry.field(description="Hits in all, on every page.")
    hits: list[SearchResult]


@strawberry.type(description="How many matching techniques fall under one name.")
class FacetCount:
    name: str
    count: int


@strawberry.type(description="Counts per value of one attribute type.")
class AttributeFacet:
    type: str
    values: list[FacetCount]


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
    cross_goal_techniques: list[Technique] = with_arguments(
        strawberry.field(
            description="Techniques whose goals are more than one, by slug unless sorted. " + PAGE
        ),
        [sort("Technique"), *page()],
    )


@strawberry.type(description="Several techniques side by side, and what they all share.")
class TechniqueComparison:
    techniques: list[Technique]
    shared_goals: list[Goal]
    shared_tags: list[Tag]
    shared_attributes: list[Attribute]
