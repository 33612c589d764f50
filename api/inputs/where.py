"""Filters (`where`), generated from the entity table (graph/queries/entities.py), nesting
as @neo4j/graphql 7's do.

Scalars take operators (`{ name: { eq: "SHAP" } }`), list relationships take quantifiers
over the related type's filter (`{ goals: { some: { name: { eq: "Fairness" } } } }`), single
relationships take that filter directly (`{ primaryGoal: { name: { eq: "Fairness" } } }`),
and `AND`, `OR`, `NOT` combine filters. graph/queries/where.py gives them their meaning; both
read the same table, so a field filters here exactly when the compiler knows it.
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.inputs.scalars import BooleanScalarFilters, IntScalarFilters, StringScalarFilters
from graph.queries.entities import ENTITIES, Entity

_OPERATORS = {
    "string": StringScalarFilters,
    "int": IntScalarFilters,
    "boolean": BooleanScalarFilters,
}
_QUANTIFIERS = {
    "some": "some of the related {0}s match this filter",
    "all": "all of the related {0}s match this filter",
    "none": "none of the related {0}s match this filter",
    "single": "exactly one of the related {0}s matches this filter",
}
_COMBINATORS = (
    ("and_", "AND", "list[{0}] | None", "Every filter holds."),
    ("or_", "OR", "list[{0}] | None", "At least one filter holds."),
    ("not_", "NOT", "{0} | None", "The filter does not hold."),
)
# What a filter field means where its name alone does not say it.
_FIELD_DESCRIPTIONS = {
    ("Technique", "goals"): "The technique's goals: its primary goal and its categories'.",
    ("Technique", "related"): "Techniques this one points to with RELATED_TO.",
}
_TYPE_DESCRIPTIONS = {
    "Attribute": "One (type, value) pair of a technique.",
    "RelatedTechnique": "One RELATED_TO edge: its type and the technique it points to.",
}


def where_name(entity: str) -> str:
    return f"{entity}Where"


def quantifiers_name(entity: str) -> str:
    return f"{entity}RelationshipFilters"


def _input(
    name: str, fields: list[tuple[str, str, Any, str | None]], description: str | None
) -> Any:
    """A strawberry input type `name` with (python name, GraphQL name, annotation,
    description) fields, every one optional. Annotations may name generated types: they are
    resolved in this module, where every generated type is placed."""
    namespace: dict[str, Any] = {"__module__": __name__, "__annotations__": {}}
    for python_name, graphql_name, annotation, field_description in fields:
        namespace["__annotations__"][python_name] = annotation
        namespace[python_name] = strawberry.field(
            default=None, name=graphql_name, description=field_description
        )
    generated = strawberry.input(type(name, (), namespace), description=description)
    globals()[name] = generated
    return generated


@strawberry.input(description="Values of one attribute type, any of which will do.")
class AttributeSelection:
    type: str
    values: list[str]


@strawberry.input(
    description="Facet options by name: a technique matches when it has at least one option "
    "of every group given (an empty list selects nothing)."
)
class FacetSelection:
    goals: list[str] | None = None
    categories: list[str] | None = None
    tags: list[str] | None = None
    model_dependencies: list[str] | None = None
    attributes: list[AttributeSelection] | None = strawberry.field(
        default=None, description="Values per attribute type; each type is a group of its own."
    )


# Filter fields beyond the entity table's: a technique's ticked facet options
# (graph/queries/facet_groups.py gives them their meaning).
_EXTRA_FIELDS: dict[str, list[tuple[str, str, Any, str | None]]] = {
    "Technique": [
        (
            "facets",
            "facets",
            "FacetSelection | None",
            "Ticked facet options: any of them within a group, every group given. "
            "techniqueFacets counts each group as if its own selection were not made.",
        )
    ]
}


def _where(entity: Entity) -> Any:
    own = where_name(entity.name)
    fields: list[tuple[str, str, Any, str | None]] = [
        (python, graphql, annotation.format(own), text)
        for python, graphql, annotation, text in _COMBINATORS
    ]
    for name, scalar in entity.scalars.items():
        if scalar.filterable:
            fields.append((name, name, f"{_OPERATORS[scalar.kind].__name__} | None", None))
    for name, relation in entity.relations.items():
        target = relation.filtered
        annotation = quantifiers_name(target) if relation.many else where_name(target)
        text = _FIELD_DESCRIPTIONS.get((entity.name, name))
        fields.append((name, name, f"{annotation} | None", text))
    fields.extend(_EXTRA_FIELDS.get(entity.name, []))
    return _input(own, fields, _TYPE_DESCRIPTIONS.get(entity.name))


def _quantifiers(target: str) -> Any:
    fields: list[tuple[str, str, Any, str | None]] = [
        (q, q, f"{where_name(target)} | None", text.format(target))
        for q, text in _QUANTIFIERS.items()
    ]
    return _input(quantifiers_name(target), fields, f"Quantifiers over related {target}s.")


WHERE: dict[str, Any] = {name: _where(entity) for name, entity in ENTITIES.items()}
QUANTIFIERS: dict[str, Any] = {
    target: _quantifiers(target)
    for target in dict.fromkeys(
        r.filtered for e in ENTITIES.values() for r in e.relations.values() if r.many
    )
}
