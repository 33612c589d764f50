"""The whitelist: each GraphQL type the API reads, its fields as Cypher, written once.

A *scalar* is an expression over the entity's variables (`{node}.name`, or `{rel}.type` on an
edge); a *relation* is a pattern from `{src}` to `{dst}` (and `{rel}` when the edge carries
data), or `self` when the field is the same node seen as another type (an attribute's
`value`). Filters, sorts and projections accept exactly the names found here, so no text a
client sends becomes Cypher. Meanings follow docs/model.md and the frontend's contract:
a technique's `goals` are its primary goal plus every goal its categories serve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ScalarKind = Literal["string", "int", "boolean"]


@dataclass(frozen=True)
class Scalar:
    expr: str
    kind: ScalarKind
    # Always present (rule or constraint) and range-indexed: sorting on it may walk the index.
    indexed: bool = False
    # Offered to filters (`where`); an object's global id is looked up by `node(id:)` instead.
    filterable: bool = True
    # What a sort on this field orders by, when not the value itself (a name's `sortName`).
    sort_expr: str | None = None

    @property
    def prop(self) -> str:
        return self.expr.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Relation:
    target: str
    pattern: str = ""
    many: bool = True
    # The pattern can reach one target along several paths: keep each target once.
    distinct: bool = False
    # The field is the same node as another type (an attribute's value).
    self: bool = False
    # Filters over this field test another entity than projections show (`related` is
    # projected as edges with their type, but filtered by the related technique).
    filter_target: str | None = None
    # Grows with the catalog (techniques of a goal, related techniques): without `limit`,
    # a page of API_MAX_PAGE_SIZE. Other lists hold a slice of the taxonomy and come whole.
    paged: bool = False
    # Tiebreak terms of the target equal for every item of this list (a type's values share
    # its typeKey): ordering by them decides nothing and costs a property read per item.
    same_for_all: tuple[str, ...] = ()

    @property
    def filtered(self) -> str:
        return self.filter_target or self.target


@dataclass(frozen=True)
class Entity:
    name: str
    label: str | None
    scalars: dict[str, Scalar]
    relations: dict[str, Relation]
    # The order of a list when the request gives none, then the unique tiebreak that makes
    # every order total (and so pagination stable): field names of `scalars`, or Cypher
    # expressions for entities whose identity is not a GraphQL field.
    default_order: tuple[str, ...]
    tiebreak: tuple[str, ...]
    sortable: frozenset[str] = field(default_factory=frozenset)


def _s(prop: str, kind: ScalarKind = "string", indexed: bool = False) -> Scalar:
    return Scalar("{node}." + prop, kind, indexed)


def _name(indexed: bool = False) -> Scalar:
    """A name, sorted case- and accent-insensitively by the `sortName` every write sets
    (graph/sort_names.py), which is range-indexed where `indexed`."""
    return Scalar("{node}.name", "string", indexed, sort_expr="{node}.sortName")


def _part(expr: str) -> str:
    # `%` and `:` escaped as in a URL, so `:` alone separates the parts (graph/queries/nodes.py).
    return f"replace(replace({expr}, '%', '%25'), ':', '%3A')"


def _id(type_name: str, *parts: str) -> Scalar:
    """The global object id (`Type:part:...`): the type and the values that identify an
    object of it, each a unique constraint's, so `node(id:)` finds it by index."""
    expr = " + ':' + ".join([f"'{type_name}'", *(_part(p) for p in parts)])
    return Scalar(expr, "string", filterable=False)


# Goals of a technique: its primary goal, or a goal one of its categories serves. Only a
# technique has HAS_PRIMARY_GOAL and only a category has SERVES, so one pattern with an
# optional IN_CATEGORY hop says both.
_TECHNIQUE_GOAL = "(()-[:IN_CATEGORY]->(:Category)){0,1}()-[:HAS_PRIMARY_GOAL|SERVES]->"
_NAMED = ("{node}.key",)

TECHNIQUE = Entity(
    name="Technique",
    label="Technique",
    scalars={
        "id": _id("Technique", "{node}.slug"),
        "slug": _s("slug", indexed=True),
        "name": _name(indexed=True),
        "description": _s("description"),
        "modelDependency": _s("modelDependency"),
        "exampleUseCase": _s("exampleUseCase"),
        "legacyId": _s("legacyId", "int"),
        "version": _s("version", "int"),
    },
    relations={
        "primaryGoal": Relation("Goal", "({src})-[:HAS_PRIMARY_GOAL]->({dst}:Goal)", many=False),
        "goals": Relation("Goal", "({src})" + _TECHNIQUE_GOAL + "({dst}:Goal)", distinct=True),
        "categories": Relation("Category", "({src})-[:IN_CATEGORY]->({dst}:Category)"),
        "subCategories": Relation("SubCategory", "({src})-[:IN_SUBCATEGORY]->({dst}:SubCategory)"),
        "tags": Relation("Tag", "({src})-[:TAGGED]->({dst}:Tag)"),
        "attributes": Relation("Attribute", "({src})-[:HAS_ATTRIBUTE]->({dst}:AttributeValue)"),
        "related": Relation(
            "RelatedTechnique",
            "({src})-[{rel}:RELATED_TO]->({dst}:Technique)",
            filter_target="Technique",
            paged=True,
        ),
    },
    default_order=("slug",),
    tiebreak=("{node}.slug",),
    sortable=frozenset(
        {"slug", "name", "description", "modelDependency", "exampleUseCase", "legacyId", "version"}
    ),
)

GOAL = Entity(
    name="Goal",
    label="Goal",
    scalars={
        "id": _id("Goal", "{node}.key"),
        "name": _name(),
        "description": _s("description"),
        "legacyId": _s("legacyId", "int"),
    },
    relations={
        "categories": Relation("Category", "({dst}:Category)-[:SERVES]->({src})"),
        "techniques": Relation(
            "Technique",
            "({dst}:Technique)" + _TECHNIQUE_GOAL + "({src})",
            distinct=True,
            paged=True,
        ),
        "attributeTypes": Relation("AttributeType", "({dst}:AttributeType)-[:APPLIES_TO]->({src})"),
    },
    default_order=("name",),
    tiebreak=_NAMED,
    sortable=frozenset({"name", "legacyId"}),
)

CATEGORY = Entity(
    name="Category",
    label="Category",
    scalars={
        "id": _id("Category", "{node}.key"),
        "name": _name(),
        "description": _s("description"),
        "legacyId": _s("legacyId", "int"),
    },
    relations={
        "goals": Relation("Goal", "({src})-[:SERVES]->({dst}:Goal)"),
        "subCategories": Relation("SubCategory", "({dst}:SubCategory)-[:PART_OF]->({src})"),
        "techniques": Relation(
            "Technique", "({dst}:Technique)-[:IN_CATEGORY]->({src})", paged=True
        ),
    },
    default_order=("name",),
    tiebreak=_NAMED,
    sortable=frozenset({"name", "legacyId"}),
)

SUBCATEGORY = Entity(
    name="SubCategory",
    label="SubCategory",
    scalars={
        "id": _id("SubCategory", "{node}.key"),
        "name": _name(),
        "description": _s("description"),
        "legacyId": _s("legacyId", "int"),
    },
    relations={
        "categories": Relation("Category", "({src})-[:PART_OF]->({dst}:Category)"),
        "techniques": Relation(
            "Technique", "({dst}:Technique)-[:IN_SUBCATEGORY]->({src})", paged=True
        ),
    },
    default_order=("name",),
    tiebreak=_NAMED,
    sortable=frozenset({"name", "legacyId"}),
)

TAG = Entity(
    name="Tag",
    label="Tag",
    scalars={
        "id": _id("Tag", "{node}.key"),
        "name": _name(),
        "legacyId": _s("legacyId", "int"),
    },
    relations={
        "parent": Relation("Tag", "({src})-[:CHILD_OF]->({dst}:Tag)", many=False),
        "children": Relation("Tag", "({dst}:Tag)-[:CHILD_OF]->({src})"),
        "techniques": Relation("Technique", "({dst}:Technique)-[:TAGGED]->({src})", paged=True),
    },
    default_order=("name",),
    tiebreak=_NAMED,
    sortable=frozenset({"name", "legacyId"}),
)

ATTRIBUTE_TYPE = Entity(
    name="AttributeType",
    label="AttributeType",
    scalars={
        "id": _id("AttributeType", "{node}.key"),
        "name": _name(),
        "description": _s("description"),
        "multiValued": _s("multiValued", "boolean"),
        "appliesToAll": _s("appliesToAll", "boolean"),
    },
    relations={
        "applicableGoals": Relation("Goal", "({src})-[:APPLIES_TO]->({dst}:Goal)"),
        "values": Relation(
            "AttributeValue",
            "({dst}:AttributeValue)-[:OF_TYPE]->({src})",
            same_for_all=("{node}.typeKey",),
        ),
    },
    default_order=("name",),
    tiebreak=_NAMED,
    sortable=frozenset({"name"}),
)

# A value's position orders the values of its type (the legacy id order, docs/model.md).
ATTRIBUTE_VALUE = Entity(
    name="AttributeValue",
    label="AttributeValue",
    scalars={
        "id": _id("AttributeValue", "{node}.typeKey", "{node}.key"),
        "name": _name(),
        "position": _s("position", "int"),
        "legacyId": _s("legacyId", "int"),
    },
    relations={
        "type": Relation("AttributeType", "({src})-[:OF_TYPE]->({dst}:AttributeType)", many=False),
        "techniques": Relation(
            "Technique", "({dst}:Technique)-[:HAS_ATTRIBUTE]->({src})", paged=True
        ),
    },
    default_order=("position", "name"),
    tiebreak=("{node}.typeKey", "{node}.key"),
    sortable=frozenset({"name", "position"}),
)

# One (type, value) pair of a technique, held by the value node (a value has one type).
ATTRIBUTE = Entity(
    name="Attribute",
    label=None,
    scalars={"id": _id("Attribute", "{node}.typeKey", "{node}.key")},
    relations={
        "type": Relation("AttributeType", "({src})-[:OF_TYPE]->({dst}:AttributeType)", many=False),
        "value": Relation("AttributeValue", many=False, self=True),
    },
    default_order=(),
    tiebreak=("{node}.typeKey", "{node}.position", "{node}.key"),
)

# One outgoing RELATED_TO edge: its legacy relationship_type and the technique it points to.
RELATED_TECHNIQUE = Entity(
    name="RelatedTechnique",
    label=None,
    scalars={
        "id": _id("RelatedTechnique", "startNode({rel}).slug", "{rel}.type", "{node}.slug"),
        "type": Scalar("{rel}.type", "string"),
    },
    relations={"technique": Relation("Technique", many=False, self=True)},
    default_order=(),
    tiebreak=("{rel}.type", "{node}.slug"),
)

ENTITIES: dict[str, Entity] = {
    entity.name: entity
    for entity in (
        TECHNIQUE,
        GOAL,
        CATEGORY,
        SUBCATEGORY,
        TAG,
        ATTRIBUTE_TYPE,
        ATTRIBUTE_VALUE,
        ATTRIBUTE,
        RELATED_TECHNIQUE,
    )
}


def entity(name: str) -> Entity:
    return ENTITIES[name]
