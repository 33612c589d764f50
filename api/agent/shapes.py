"""What each agent tool returns, as selections of the graph layer (no GraphQL involved).

The field names are the GraphQL schema's, so an answer here reads like the API's answer to
the same question (the tests compare the two on the bundled catalog).
"""

from __future__ import annotations

from typing import Any

from graph.queries.selection import Selection


def field(name: str, *children: Selection, **args: Any) -> Selection:
    """A field with its children; arguments left None are not given (as in a GraphQL query)."""
    return Selection(name, {k: v for k, v in args.items() if v is not None}, children)


def named(name: str) -> Selection:
    """A relation shown by its targets' names."""
    return field(name, field("name"))


# A technique in a list: enough to choose which to open.
TECHNIQUE_SUMMARY = (
    field("slug"),
    field("name"),
    field("modelDependency"),
    named("primaryGoal"),
    named("goals"),
    named("categories"),
    named("tags"),
)

# One technique, whole: the frontend contract's TechniqueDetail.
TECHNIQUE_DETAIL = (
    field("slug"),
    field("name"),
    field("description"),
    field("modelDependency"),
    field("exampleUseCase"),
    named("primaryGoal"),
    field("goals", field("name"), field("description")),
    field("categories", field("name"), named("goals")),
    field("subCategories", field("name"), named("categories")),
    field("tags", field("name"), named("parent")),
    field("attributes", field("type", field("name"), field("multiValued")), named("value")),
    field("related", field("type"), field("technique", field("slug"), field("name"))),
)

TECHNIQUE_REFERENCE = (field("slug"), field("name"))

ATTRIBUTE_TYPE = (
    field("name"),
    field("multiValued"),
    field("appliesToAll"),
    named("applicableGoals"),
    named("values"),
)

GOAL_TREE = (
    field("name"),
    field("description"),
    field("categories", field("name"), named("subCategories")),
)

COMPARISON = (
    field("techniques", *TECHNIQUE_REFERENCE),
    named("sharedGoals"),
    named("sharedTags"),
    field("sharedAttributes", named("type"), named("value")),
)

COVERAGE = (
    field("cells", field("goal"), field("category"), field("techniqueCount")),
    field("crossGoalTechniques", field("slug"), named("goals")),
)
