"""Constraints and indexes of docs/model.md, installed idempotently and checked for readiness.

The schema is a table of `SchemaItem`s. Schema commands take no parameters in Cypher, so each
statement is rendered from this table; every name in it is a constant of this module, checked
to be a plain identifier, never input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from graph.connection import Graph
from graph.errors import GraphError
from graph.sort_names import refresh_sort_names
from graph.tag_captions import refresh_tag_captions

Kind = Literal["unique", "range", "relationship-range", "fulltext"]
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
INDEX_WAIT_SECONDS = 300


@dataclass(frozen=True)
class SchemaItem:
    """One constraint or index: its name, what it covers, and the statement that creates it."""

    name: str
    kind: Kind
    label: str
    properties: tuple[str, ...]

    def __post_init__(self) -> None:
        for word in (self.name, self.label, *self.properties):
            if not _IDENTIFIER.match(word):
                raise ValueError(f"schema item {self.name!r}: {word!r} is not an identifier")

    @property
    def statement(self) -> str:
        props = ", ".join(f"n.{prop}" for prop in self.properties)
        if self.kind == "unique":
            return (
                f"CREATE CONSTRAINT {self.name} IF NOT EXISTS "
                f"FOR (n:{self.label}) REQUIRE ({props}) IS UNIQUE"
            )
        if self.kind == "range":
            return f"CREATE RANGE INDEX {self.name} IF NOT EXISTS FOR (n:{self.label}) ON ({props})"
        if self.kind == "relationship-range":
            # `label` is the relationship type here.
            return (
                f"CREATE RANGE INDEX {self.name} IF NOT EXISTS "
                f"FOR ()-[n:{self.label}]-() ON ({props})"
            )
        return (
            f"CREATE FULLTEXT INDEX {self.name} IF NOT EXISTS "
            f"FOR (n:{self.label}) ON EACH [{props}]"
        )

    @property
    def drop_statement(self) -> str:
        what = "CONSTRAINT" if self.kind == "unique" else "INDEX"
        return f"DROP {what} {self.name} IF EXISTS"


def _unique(name: str, label: str, *properties: str) -> SchemaItem:
    return SchemaItem(name, "unique", label, properties)


def _range(name: str, label: str, *properties: str) -> SchemaItem:
    return SchemaItem(name, "range", label, properties)


# Technique.legacyId is unique, and its constraint's own range index serves lookups by it.
CONSTRAINTS: tuple[SchemaItem, ...] = (
    _unique("goalKey", "Goal", "key"),
    _unique("categoryKey", "Category", "key"),
    _unique("subCategoryKey", "SubCategory", "key"),
    _unique("techniqueSlug", "Technique", "slug"),
    _unique("techniqueKey", "Technique", "key"),
    _unique("techniqueLegacyId", "Technique", "legacyId"),
    _unique("tagKey", "Tag", "key"),
    _unique("attributeTypeKey", "AttributeType", "key"),
    _unique("attributeValueTypeKeyKey", "AttributeValue", "typeKey", "key"),
    _unique("migrationRunId", "MigrationRun", "runId"),
    _unique("catalogVersionKey", "CatalogVersion", "key"),
    _unique("persistedOperationSha256", "PersistedOperation", "sha256"),
    _unique("syncLedgerTable", "SyncLedger", "table"),
    _unique("modelDependencyKey", "ModelDependency", "key"),
)
INDEXES: tuple[SchemaItem, ...] = (
    _range("goalLegacyId", "Goal", "legacyId"),
    _range("categoryLegacyId", "Category", "legacyId"),
    _range("subCategoryLegacyId", "SubCategory", "legacyId"),
    _range("tagLegacyId", "Tag", "legacyId"),
    _range("attributeValueLegacyId", "AttributeValue", "legacyId"),
    _range("techniqueName", "Technique", "name"),
    # Name-sorted technique pages walk this index (graph/sort_names.py).
    _range("techniqueSortName", "Technique", "sortName"),
    _range("techniqueModelDependency", "Technique", "modelDependency"),
    _range("persistedOperationNormalized", "PersistedOperation", "normalized"),
    # A deleted technique is found by its slug (history, undelete) and legacy id (validation).
    _range("deletedTechniqueSlug", "DeletedTechnique", "slug"),
    _range("deletedTechniqueLegacyId", "DeletedTechnique", "legacyId"),
    SchemaItem("techniqueText", "fulltext", "Technique", ("name", "description")),
    # Links found by their legacy row id: validation and export look them up this way.
    *(
        SchemaItem(f"{name}LegacyId", "relationship-range", rel_type, ("legacyId",))
        for name, rel_type in (
            ("inCategory", "IN_CATEGORY"),
            ("inSubCategory", "IN_SUBCATEGORY"),
            ("tagged", "TAGGED"),
            ("hasAttribute", "HAS_ATTRIBUTE"),
            ("relatedTo", "RELATED_TO"),
        )
    ),
)
SCHEMA: tuple[SchemaItem, ...] = CONSTRAINTS + INDEXES

SHOW_CONSTRAINTS = """
SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties
RETURN name, type, labelsOrTypes, properties
"""
SHOW_INDEXES = """
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state, owningConstraint
WHERE owningConstraint IS NULL
RETURN name, type, labelsOrTypes, properties, state
"""
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

_SERVER_TYPES: dict[Kind, str] = {
    "unique": "UNIQUENESS",
    "range": "RANGE",
    "relationship-range": "RANGE",
    "fulltext": "FULLTEXT",
}


def _present(graph: Graph) -> dict[str, str]:
    """Each expected item found on the server (by what it covers, whatever its name): its state.

    Constraints are always ONLINE once created; indexes may be POPULATING or FAILED.
    """
    found: dict[tuple[str, str, tuple[str, ...]], str] = {}
    for row in graph.read(SHOW_CONSTRAINTS):
        found[_shape(row)] = "ONLINE"
    for row in graph.read(SHOW_INDEXES):
        found[_shape(row)] = row["state"]
    states = {}
    for item in SCHEMA:
        shape = (_SERVER_TYPES[item.kind], item.label, item.properties)
        if shape in found:
            states[item.name] = found[shape]
    return states


def _shape(row: dict[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    # Lookup indexes have no labels or properties.
    labels, properties = row["labelsOrTypes"] or [], row["properties"] or []
    return (row["type"], ",".join(labels), tuple(properties))


def install_schema(graph: Graph) -> list[str]:
    """Create every constraint and index not there yet; wait until all are online.

    Safe to run again: returns the names of the items it created (none the second time).
    An item already present under another name counts as present and is left alone. Derived
    properties a graph written by an older version lacks (`sortName`, a tag's `caption`) are
    filled in on the way.
    """
    present = _present(graph)
    created = [item.name for item in SCHEMA if item.name not in present]
    for item in SCHEMA:
        if item.name not in present:
            graph.write(item.statement)
    graph.read(AWAIT_INDEXES, {"seconds": INDEX_WAIT_SECONDS})
    failed = [name for name, state in _present(graph).items() if state == "FAILED"]
    if failed:
        raise GraphError(
            f"Neo4j could not build the indexes {', '.join(failed)}; see `SHOW INDEXES` and "
            "the server's debug.log, drop them and run the install again"
        )
    if "techniqueSortName" in created:
        # A graph written before names had sort names: give them theirs (the index is new).
        refresh_sort_names(graph)
    # A graph written before tags had captions gets them (a no-op read of the tags after).
    refresh_tag_captions(graph)
    return created


def missing_schema(graph: Graph) -> list[str]:
    """Names of the expected constraints and indexes that are absent or not yet online."""
    present = _present(graph)
    return [item.name for item in SCHEMA if present.get(item.name) != "ONLINE"]


def drop_schema(graph: Graph) -> list[str]:
    """Drop the constraints and indexes of this module found under their names; return those."""
    on_server = {row["name"] for row in graph.read(SHOW_CONSTRAINTS) + graph.read(SHOW_INDEXES)}
    dropped = [item for item in SCHEMA if item.name in on_server]
    for item in dropped:
        graph.write(item.drop_statement)
    return [item.name for item in dropped]
