"""The Cypher compiler on its own (no server): values are parameters, names come from the
whitelist, the GraphQL inputs and types match the whitelist, cursors are tamper-evident."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import build_schema

from api.inputs import where as where_inputs
from api.query import Query
from api.schema import CatalogSchema
from graph.queries.cursor import decode_cursor, encode_cursor
from graph.queries.entities import ENTITIES
from graph.queries.errors import QueryInputError
from graph.queries.lists import list_statement
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement, map_key
from graph.queries.where import where_predicate

TECHNIQUE = ENTITIES["Technique"]
LIMITS = Limits()


def compiled(where: dict[str, Any]) -> Statement:
    selection = Selection("techniques", {"where": where}, (Selection("slug", {}),))
    return list_statement(TECHNIQUE, selection, LIMITS)


def test_every_filter_value_is_a_parameter_never_text() -> None:
    evil = "'}) DETACH DELETE n //"
    statement = compiled(
        {
            "name": {"eq": evil, "in": [evil], "contains": evil},
            "goals": {"some": {"name": {"startsWith": evil}}},
            "legacyId": {"gt": 3},
        }
    )
    assert evil not in statement.text
    assert "DELETE" not in statement.text
    assert evil in statement.params.values()
    assert [evil] in statement.params.values()


def test_a_field_outside_the_whitelist_is_refused() -> None:
    with pytest.raises(QueryInputError, match="no field 'password'"):
        compiled({"password": {"eq": "x"}})


def test_an_operator_outside_the_whitelist_is_refused() -> None:
    with pytest.raises(QueryInputError, match="no operator 'matches'"):
        compiled({"name": {"matches": ".*"}})


def test_filter_depth_is_counted_through_every_kind_of_nesting() -> None:
    where: dict[str, Any] = {"slug": {"eq": "x"}}
    for wrap in ("NOT", "AND", "related", "OR", "related", "NOT"):
        if wrap == "NOT":
            where = {"NOT": where}
        elif wrap in ("AND", "OR"):
            where = {wrap: [where]}
        else:
            where = {wrap: {"some": where}}
    assert where_predicate(TECHNIQUE, {"node": "n"}, where, Statement(Limits(max_filter_depth=7)))
    with pytest.raises(QueryInputError, match="7 levels deep"):
        where_predicate(TECHNIQUE, {"node": "n"}, where, Statement(Limits(max_filter_depth=6)))


def test_projections_are_keyed_by_response_key_so_one_field_twice_is_two_entries() -> None:
    tags = (
        Selection("tags", {"limit": 1}, (Selection("name", {}),), alias="few"),
        Selection("tags", {}, (Selection("name", {}, alias="label"),)),
    )
    text = list_statement(TECHNIQUE, Selection("techniques", {}, tags), LIMITS).text
    assert "`few`: COLLECT" in text and "`tags`: COLLECT" in text and "`label`: " in text


@pytest.mark.parametrize("key", ["a`b", "1st", "a b", "", "a-b"])
def test_a_key_that_is_not_a_graphql_name_never_reaches_cypher(key: str) -> None:
    with pytest.raises(ValueError, match="projection key"):
        map_key(key)


def test_a_cursor_round_trips_and_a_tampered_one_is_refused() -> None:
    signature = [["name", "ASC"], ["{node}.slug", "ASC"]]
    cursor = encode_cursor(signature, ["Sobol Indices", "sobol-indices"])
    assert decode_cursor(cursor, signature) == ["Sobol Indices", "sobol-indices"]
    with pytest.raises(QueryInputError, match="sorted differently"):
        decode_cursor(cursor, [["name", "DESC"], ["{node}.slug", "ASC"]])
    with pytest.raises(QueryInputError, match="not a cursor"):
        decode_cursor(cursor[:-3], signature)


def graphql_fields(type_name: str) -> set[str]:
    schema = build_schema(CatalogSchema(query=Query).as_str())
    definition = schema.get_type(type_name)
    assert definition is not None, type_name
    return set(definition.fields)  # type: ignore[union-attr]


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_each_where_input_offers_exactly_the_whitelisted_fields(entity: str) -> None:
    mapped = ENTITIES[entity]
    filtered = {name for name, scalar in mapped.scalars.items() if scalar.filterable}
    # Fields a filter has beyond the table's, declared beside it (a technique's facets).
    extra = {graphql for _, graphql, *_ in where_inputs.EXTRA_FIELDS.get(entity, [])}
    expected = {*filtered, *mapped.relations, *extra, "AND", "OR", "NOT"}
    assert hasattr(where_inputs, f"{entity}Where")
    assert graphql_fields(f"{entity}Where") == expected


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_each_output_type_offers_exactly_the_whitelisted_fields(entity: str) -> None:
    mapped = ENTITIES[entity]
    assert graphql_fields(entity) == {*mapped.scalars, *mapped.relations}


@pytest.mark.parametrize("entity", sorted(e for e in ENTITIES if ENTITIES[e].sortable))
def test_each_sort_input_offers_exactly_the_sortable_fields(entity: str) -> None:
    assert graphql_fields(f"{entity}Sort") == set(ENTITIES[entity].sortable)


def test_the_schema_builds_without_a_server() -> None:
    assert strawberry.Schema(query=Query).as_str().startswith('"""')


def test_a_types_values_are_not_ordered_by_the_type_key_they_all_share() -> None:
    values = Selection("values", {}, (Selection("name", {}),))
    types = Selection("attributeTypes", {}, (Selection("name", {}), values))
    text = list_statement(ENTITIES["AttributeType"], types, LIMITS).text
    inner = text[text.index("OF_TYPE") :]
    order = inner[inner.index("ORDER BY") :].split("}", 1)[0]
    assert "typeKey" not in order and ".position ASC" in order and ".key ASC" in order
