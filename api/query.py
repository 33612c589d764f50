"""The read side's root fields. Each one sends one Cypher statement, whatever it selects."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import strawberry

from api.resolvers import insights as i
from api.resolvers import taxonomy as t
from api.resolvers import techniques as tq


def _root(resolver: Callable[..., Any]) -> Any:
    """A root field whose description is its resolver's docstring."""
    return strawberry.field(resolver=resolver, description=inspect.cleandoc(resolver.__doc__ or ""))


@strawberry.type
class Query:
    techniques = _root(tq.techniques)
    techniques_connection = _root(tq.techniques_connection)
    technique = _root(tq.technique)
    search_techniques = _root(tq.search_techniques)
    technique_search = _root(tq.technique_search)
    technique_facets = _root(i.technique_facets)
    related_techniques = _root(i.related_techniques)
    compare_techniques = _root(i.compare_techniques)
    coverage = _root(i.coverage)
    goals = _root(t.goals)
    goal = _root(t.goal)
    categories = _root(t.categories)
    category = _root(t.category)
    sub_categories = _root(t.sub_categories)
    sub_category = _root(t.sub_category)
    tags = _root(t.tags)
    tag = _root(t.tag)
    attribute_types = _root(t.attribute_types)
    attribute_type = _root(t.attribute_type)
    attribute_values = _root(t.attribute_values)
    attribute_schema = _root(t.attribute_schema)
