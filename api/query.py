"""The read side's root fields. Each one sends one Cypher statement, whatever it selects, and
returns its records; the types below the roots read them (api/resolution.py).

A root's arguments are declared here (those of a list come from the entity table, as a
relation's do); its resolver reads their coerced values from the selection.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import strawberry

from api.fields import UNSET, argument, list_arguments, page, sort, where
from api.resolvers import history as h
from api.resolvers import insights as i
from api.resolvers import taxonomy as t
from api.resolvers import techniques as tq
from api.types.insights import (
    Coverage,
    SearchResult,
    TechniqueComparison,
    TechniqueFacets,
    TechniqueSearchPage,
)
from api.types.node import Node
from api.types.pages import TechniquesConnection
from api.types.taxonomy import AttributeType, AttributeValue, Category, Goal, SubCategory, Tag
from api.types.technique import Technique


def _root(resolver: Callable[..., Any], graphql_type: Any, arguments: list[Any]) -> Any:
    """A root field of this type and these arguments; its description is its resolver's
    docstring."""
    field = strawberry.field(
        resolver=resolver,
        graphql_type=graphql_type,
        description=inspect.cleandoc(resolver.__doc__ or ""),
    )
    field.arguments = arguments
    return field


def _plain(resolver: Callable[..., Any]) -> Any:
    """A root field whose arguments and type are its resolver's own (the edit history's
    reads, which are not compiled from the entity table)."""
    return strawberry.field(resolver=resolver, description=inspect.cleandoc(resolver.__doc__ or ""))


def _named() -> list[Any]:
    return [argument("name", str, UNSET)]


@strawberry.type
class Query:
    techniques = _root(tq.techniques, list[Technique], list_arguments("Technique"))
    techniques_connection = _root(
        tq.techniques_connection,
        TechniquesConnection,
        [where("Technique"), sort("Technique"), *page("first", "after")],
    )
    technique = _root(tq.technique, Technique | None, [argument("slug", str, UNSET)])
    search_techniques = _root(
        tq.search_techniques,
        list[SearchResult],
        [argument("phrase", str, UNSET), where("Technique"), *page()],
    )
    technique_search = _root(
        tq.technique_search,
        TechniqueSearchPage,
        [argument("phrase", str, UNSET), where("Technique"), *page()],
    )
    technique_facets = _root(
        i.technique_facets,
        TechniqueFacets,
        [where("Technique"), argument("phrase", str | None)],
    )
    related_techniques = _root(
        i.related_techniques,
        list[Technique],
        [
            argument("slug", str, UNSET),
            argument("maxHops", int | None),
            argument("limit", int | None),
        ],
    )
    compare_techniques = _root(
        i.compare_techniques, TechniqueComparison, [argument("slugs", list[str], UNSET)]
    )
    coverage = _root(i.coverage, Coverage, [])
    node = _root(i.node, Node | None, [argument("id", strawberry.ID, UNSET)])
    goals = _root(t.goals, list[Goal], list_arguments("Goal"))
    goal = _root(t.goal, Goal | None, _named())
    categories = _root(t.categories, list[Category], list_arguments("Category"))
    category = _root(t.category, Category | None, _named())
    sub_categories = _root(t.sub_categories, list[SubCategory], list_arguments("SubCategory"))
    sub_category = _root(t.sub_category, SubCategory | None, _named())
    tags = _root(t.tags, list[Tag], list_arguments("Tag"))
    tag = _root(t.tag, Tag | None, _named())
    attribute_types = _root(t.attribute_types, list[AttributeType], list_arguments("AttributeType"))
    attribute_type = _root(t.attribute_type, AttributeType | None, _named())
    attribute_values = _root(
        t.attribute_values, list[AttributeValue], list_arguments("AttributeValue")
    )
    attribute_schema = _root(
        t.attribute_schema, list[AttributeType], [argument("goals", list[str], UNSET)]
    )
    technique_history = _plain(h.technique_history)
    technique_version = _plain(h.technique_version)
    deleted_techniques = _plain(h.deleted_techniques)
    model_dependencies = _plain(h.model_dependencies)
