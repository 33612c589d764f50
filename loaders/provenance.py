"""Where each migrated fact came from: the loader's records as *units* with a source row
(`src`) and a per-field fingerprint of the values migrated (`srcHash`).

A unit is one node or one link the migration makes from one source row: a technique from
`technique:42`, a TAGGED link from `technique_tag:17`. Its fields are the values a sync
compares three ways (last migrated, source now, graph now); `srcHash` holds one short hash
per field, in `FIELDS` order, joined by `.`, so a sync can tell *which* field changed on
either side without storing the old texts (docs/model.md, "Provenance").

Pure: records in, units out; the same function hashes a record and the graph's values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.migration.sync_queries import LINK_TYPES
from loaders.rows import TABLES

Record = dict[str, Any]
Values = tuple[Any, ...]
# A link's src and compared values (all a sync needs to tell whether it changed), and how
# to make the whole unit of it once it has.
Identity = tuple[str, Values]
LinkShape = tuple[
    Callable[["Provenance", Record], Identity],
    Callable[["Provenance", Record, str, Values], "Unit"],
]

# Fields compared per kind of unit (a node label or a relationship type). A parent field
# (`goal`, `category`, `goals`) holds the src of the node linked to; links are compared by
# their ends (the srcs of the nodes they join) and, for RELATED_TO, their type.
NODE_FIELDS: dict[str, tuple[str, ...]] = {
    "Goal": ("name", "description"),
    "Category": ("name", "description", "goal"),
    "SubCategory": ("name", "description", "category"),
    "AttributeType": ("name", "multiValued", "appliesToAll", "description", "goals"),
    "AttributeValue": ("name", "position"),
    "Technique": ("name", "description", "modelDependency", "exampleUseCase", "goal"),
    "Tag": ("name",),
}
LINK_FIELDS: dict[str, tuple[str, ...]] = {
    "SERVES": ("ends",),
    "IN_CATEGORY": ("ends",),
    "IN_SUBCATEGORY": ("ends",),
    "HAS_ATTRIBUTE": ("ends",),
    "TAGGED": ("ends",),
    "CHILD_OF": ("ends",),
    "RELATED_TO": ("ends", "type"),
}
FIELDS: dict[str, tuple[str, ...]] = {**NODE_FIELDS, **LINK_FIELDS}
# The labels of each link type's ends (for finding them by key): the sync's Cypher has them.
LINK_ENDS = LINK_TYPES
# Texts longer than this are shown as a unified diff rather than old and new whole.
LONG_TEXT = 120


def field_hash(value: Any) -> str:
    """12 hex digits of a value's BLAKE2b: short enough for every field of every node, long
    enough that a change goes unnoticed with a chance of one in 2**48."""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    # A copy of a ready hasher: making one from its parameters costs more than the hashing,
    # and a sync hashes every field of every row.
    hasher = _EMPTY_HASH.copy()
    hasher.update(text.encode())
    return hasher.hexdigest()


_EMPTY_HASH = hashlib.blake2b(digest_size=6)


def fingerprint(values: Sequence[Any]) -> str:
    if len(values) == 1:  # most units are links, of one field: no join to pay for
        return field_hash(values[0])
    return ".".join([field_hash(v) for v in values])


def split_hash(src_hash: str | None, width: int) -> list[str | None]:
    """The per-field hashes of a stored `srcHash` (None for each when absent or malformed)."""
    parts = src_hash.split(".") if src_hash else []
    return list(parts) if len(parts) == width else [None] * width


def value_key(type_key: str, key: str) -> str:
    """An attribute value's identity as one string (type keys hold no `/`)."""
    return f"{type_key}/{key}"


def ends(*keys: str) -> str:
    return "\x1f".join(keys)


@dataclass(slots=True)
class Unit:
    """One migrated node or link: its source row, kind, natural key and compared values."""

    src: str
    kind: str
    key: str
    values: tuple[Any, ...]
    # What a create needs beyond the compared values (legacy id, slug, type key, ...).
    extra: Record = field(default_factory=dict)

    @property
    def is_link(self) -> bool:
        return self.kind in LINK_FIELDS

    @property
    def src_hash(self) -> str:
        return fingerprint(self.values)

    def as_fields(self) -> dict[str, Any]:
        return dict(zip(FIELDS[self.kind], self.values, strict=True))


# The table an attribute value row comes from, by its type key.
VALUE_TABLES = {
    "fairness approach": "fairness_approach",
    "project lifecycle stage": "project_lifecycle_stage",
}


class Provenance:
    """Turns the loader's records into units, kind by kind (`loaders.steps` sink kinds).

    A unit's parent and a link's ends are compared by the `src` of the node they name, so
    an editor renaming a goal or a technique changes no other unit; the records name them
    by key (or a technique by legacy id), and the node records, which come first, teach
    this object each node's src and key."""

    def __init__(self) -> None:
        self.technique_keys: dict[int, str] = {}
        self.srcs: dict[tuple[str, str], str] = {}

    def units(self, kind: str, record: Record) -> Unit:
        shape = _LINK_OF.get(kind)
        if shape is None:
            return _NODE_OF[kind](self, record)
        identity, build = shape
        return build(self, record, *identity(self, record))

    def changed(
        self, kind: str, records: list[Record], last: Mapping[str, str], seen: set[str]
    ) -> list[Unit]:
        """The units of `records` whose fingerprint is not the one `last` holds for their src;
        every src goes into `seen`. A link is built as a unit only when it changed (the
        bulk of a catalog is links, and most of them did not); every node is, as the node
        records teach this object the srcs the links name."""
        changed: list[Unit] = []
        shape = _LINK_OF.get(kind)
        if shape is None:
            build_node = _NODE_OF[kind]
            for record in records:
                unit = build_node(self, record)
                seen.add(unit.src)
                if last.get(unit.src) != unit.src_hash:
                    changed.append(unit)
            return changed
        identity, build = shape
        for record in records:
            src, values = identity(self, record)
            seen.add(src)
            if last.get(src) != fingerprint(values):
                changed.append(build(self, record, src, values))
        return changed

    def stamp(self, kind: str, record: Record) -> None:
        """Add `src` and `srcHash` to a record, for the load queries to write."""
        shape = _LINK_OF.get(kind)
        if shape is None:
            unit = _NODE_OF[kind](self, record)
            record["src"], record["srcHash"] = unit.src, unit.src_hash
        else:
            src, values = shape[0](self, record)
            record["src"], record["srcHash"] = src, fingerprint(values)

    def node(self, unit: Unit) -> Unit:
        self.srcs[(unit.kind, unit.key)] = unit.src
        return unit

    def src_of(self, label: str, key: str) -> str:
        # A node no record made (cannot happen for a checked source): its key stands in.
        return self.srcs.get((label, key), key)

    def technique_key(self, legacy_id: int) -> str:
        return self.technique_keys[legacy_id]


def _goal(p: Provenance, r: Record) -> Unit:
    return p.node(
        Unit(
            f"assurance_goal:{r['legacyId']}",
            "Goal",
            r["key"],
            (r["name"], r["description"]),
            {"legacyId": r["legacyId"]},
        )
    )


def _category(p: Provenance, r: Record) -> Unit:
    return p.node(
        Unit(
            f"category:{r['legacyId']}",
            "Category",
            r["key"],
            (r["name"], r["description"], p.src_of("Goal", r["goalKey"])),
            {"legacyId": r["legacyId"], "parentKey": r["goalKey"]},
        )
    )


def _merged_goal_identity(p: Provenance, r: Record) -> Identity:
    category, goal = r["categoryKey"], r["goalKey"]
    return (
        f"category:{category}>goal:{goal}",
        (ends(p.src_of("Category", category), p.src_of("Goal", goal)),),
    )


def _merged_goal(p: Provenance, r: Record, src: str, values: Values) -> Unit:
    return Unit(src, "SERVES", ends(r["categoryKey"], r["goalKey"]), values, {"legacy": False})


def _subcategory(p: Provenance, r: Record) -> Unit:
    return p.node(
        Unit(
            f"sub_category:{r['legacyId']}",
            "SubCategory",
            r["key"],
            (r["name"], r["description"], p.src_of("Category", r["categoryKey"])),
            {"legacyId": r["legacyId"], "parentKey": r["categoryKey"]},
        )
    )


def _attribute_type(p: Provenance, r: Record) -> Unit:
    goals = sorted(p.src_of("Goal", key) for key in r["goalKeys"])
    return p.node(
        Unit(
            f"attribute_type:{r['key']}",
            "AttributeType",
            r["key"],
            (r["name"], r["multiValued"], r["appliesToAll"], r["description"], goals),
            {"goalKeys": sorted(r["goalKeys"])},
        )
    )


def _attribute_value(p: Provenance, r: Record) -> Unit:
    legacy_id = r.get("legacyId")
    src = (
        f"{VALUE_TABLES[r['typeKey']]}:{legacy_id}"
        if legacy_id is not None
        else f"scope:{r['key']}"
    )
    return p.node(
        Unit(
            src,
            "AttributeValue",
            value_key(r["typeKey"], r["key"]),
            (r["name"], r["position"]),
            {"legacyId": legacy_id, "typeKey": r["typeKey"], "key": r["key"]},
        )
    )


def _technique(p: Provenance, r: Record) -> Unit:
    p.technique_keys[r["legacyId"]] = r["key"]
    return p.node(
        Unit(
            f"technique:{r['legacyId']}",
            "Technique",
            r["key"],
            (
                r["name"],
                r["description"],
                r["modelDependency"],
                r["exampleUseCase"],
                p.src_of("Goal", r["primaryGoalKey"]),
            ),
            {"legacyId": r["legacyId"], "slug": r["slug"], "parentKey": r["primaryGoalKey"]},
        )
    )


def _link(kind: str, table: str, other: str, other_label: str) -> LinkShape:
    def identity(p: Provenance, r: Record) -> Identity:
        srcs = ends(f"technique:{r['techniqueId']}", p.src_of(other_label, r[other]))
        return f"{table}:{r['legacyId']}", (srcs,)

    def unit(p: Provenance, r: Record, src: str, values: Values) -> Unit:
        key = ends(p.technique_key(r["techniqueId"]), r[other])
        return Unit(src, kind, key, values, {"legacyId": r["legacyId"]})

    return identity, unit


def _attribute_link_identity(p: Provenance, r: Record) -> Identity:
    technique = r["techniqueId"]
    srcs = ends(
        f"technique:{technique}", p.src_of("AttributeValue", value_key(r["typeKey"], r["valueKey"]))
    )
    table = r.get("legacyTable")
    src = f"{table}:{r['legacyId']}" if table else f"technique:{technique}#scope:{r['valueKey']}"
    return src, (srcs,)


def _attribute_link(p: Provenance, r: Record, src: str, values: Values) -> Unit:
    value = value_key(r["typeKey"], r["valueKey"])
    key = ends(p.technique_key(r["techniqueId"]), value)
    extra = {"legacyId": r.get("legacyId"), "legacyTable": r.get("legacyTable")}
    return Unit(src, "HAS_ATTRIBUTE", key, values, extra)


def _tag(p: Provenance, r: Record) -> Unit:
    return p.node(
        Unit(f"tag:{r['legacyId']}", "Tag", r["key"], (r["name"],), {"legacyId": r["legacyId"]})
    )


def _ancestor_tag(p: Provenance, r: Record) -> Unit:
    return p.node(Unit(f"tag-path:{r['key']}", "Tag", r["key"], (r["name"],)))


def _tag_parent_identity(p: Provenance, r: Record) -> Identity:
    child, parent = r["childKey"], r["parentKey"]
    return f"tag-parent:{child}", (ends(p.src_of("Tag", child), p.src_of("Tag", parent)),)


def _tag_parent(p: Provenance, r: Record, src: str, values: Values) -> Unit:
    return Unit(src, "CHILD_OF", ends(r["childKey"], r["parentKey"]), values)


def _relationship_identity(p: Provenance, r: Record) -> Identity:
    srcs = ends(f"technique:{r['fromId']}", f"technique:{r['toId']}")
    return f"technique_relationship:{r['legacyId']}", (srcs, r["type"])


def _relationship(p: Provenance, r: Record, src: str, values: Values) -> Unit:
    keys = ends(p.technique_key(r["fromId"]), p.technique_key(r["toId"]))
    return Unit(src, "RELATED_TO", ends(keys, r["type"]), values, {"legacyId": r["legacyId"]})


# Where a unit is in the graph, by its src's table: the node label or link type it made.
# A `table:<id>` src is found through the legacy id its node or link carries (indexed);
# the srcs the migration makes itself name keys, and are found by a scan of their label or
# type (few: attribute types, ancestor tags, scope values and links, merged SERVES).
SRC_NODE_TABLES: dict[str, str] = {
    "assurance_goal": "Goal",
    "category": "Category",
    "sub_category": "SubCategory",
    "tag": "Tag",
    "technique": "Technique",
    "fairness_approach": "AttributeValue",
    "project_lifecycle_stage": "AttributeValue",
    "attribute_type": "AttributeType",
    "tag-path": "Tag",
    "scope": "AttributeValue",
}
SRC_LINK_TABLES: dict[str, str] = {
    "technique_category": "IN_CATEGORY",
    "technique_sub_category": "IN_SUBCATEGORY",
    "technique_tag": "TAGGED",
    "technique_fairness_approach": "HAS_ATTRIBUTE",
    "technique_project_lifecycle_stage": "HAS_ATTRIBUTE",
    "technique_relationship": "RELATED_TO",
    "tag-parent": "CHILD_OF",
}
# Srcs of a node table that name a link: `technique:42#scope:global`, `category:k>goal:g`.
_KEYED_LINKS = {"technique": "HAS_ATTRIBUTE", "category": "SERVES"}


@dataclass(frozen=True, slots=True)
class SrcRoute:
    """How to find a src's unit in the graph: a node label or link type (`kind`, empty
    when the src has no known form), and the legacy id to look it up by, if it has one."""

    is_node: bool
    kind: str
    legacy_id: int | None


def route(src: str) -> SrcRoute:
    table, _, rest = src.partition(":")
    # Only a legacy table's rows have ids; the migration's own srcs name keys ("2024").
    by_id = table in TABLES and rest.isascii() and rest.isdigit()
    legacy_id = int(rest) if by_id else None
    if table in SRC_LINK_TABLES:
        return SrcRoute(False, SRC_LINK_TABLES[table], legacy_id)
    if table in _KEYED_LINKS and legacy_id is None:
        return SrcRoute(False, _KEYED_LINKS[table], None)
    if table in SRC_NODE_TABLES:
        return SrcRoute(True, SRC_NODE_TABLES[table], legacy_id)
    return SrcRoute(False, "", None)


_NODE_OF: Mapping[str, Callable[[Provenance, Record], Unit]] = {
    "goals": _goal,
    "categories": _category,
    "subcategories": _subcategory,
    "attribute types": _attribute_type,
    "attribute values": _attribute_value,
    "techniques": _technique,
    "tags": _tag,
    "ancestor tags": _ancestor_tag,
}
_LINK_OF: Mapping[str, LinkShape] = {
    "merged category goals": (_merged_goal_identity, _merged_goal),
    "technique categories": _link("IN_CATEGORY", "technique_category", "categoryKey", "Category"),
    "technique subcategories": _link(
        "IN_SUBCATEGORY", "technique_sub_category", "subCategoryKey", "SubCategory"
    ),
    "technique attributes": (_attribute_link_identity, _attribute_link),
    "tag parents": (_tag_parent_identity, _tag_parent),
    "technique tags": _link("TAGGED", "technique_tag", "tagKey", "Tag"),
    "technique relationships": (_relationship_identity, _relationship),
}
