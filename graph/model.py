"""The graph model of docs/model.md as neomodel classes: the project's vocabulary in code.

Python attribute names are the graph's property names exactly as the doc writes them
(`legacyId`, `modelDependency`, `typeKey`…), so one name means one thing everywhere: in
Cypher, here, and in the GraphQL layer. Uniqueness and indexes are declared here
(`unique_index`, `index`) for readers and for a test; `graph/schema.py` installs them,
never neomodel's `install_labels`.
"""

from __future__ import annotations

from typing import Any

from neomodel import (
    BooleanProperty,
    DateTimeNeo4jFormatProperty,
    IntegerProperty,
    JSONProperty,
    One,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
    ZeroOrOne,
)

from graph.keys import clean_name, name_key, sort_name
from graph.tag_names import tag_caption

# --- relationships with properties -------------------------------------------------------


class ServesRel(StructuredRel):
    """(:Category)-[:SERVES]->(:Goal); `legacy` marks the link from the legacy foreign key."""

    legacy = BooleanProperty(default=False)


class PartOfRel(StructuredRel):
    """(:SubCategory)-[:PART_OF]->(:Category); `legacy` as on SERVES."""

    legacy = BooleanProperty(default=False)


class LegacyLinkRel(StructuredRel):
    """IN_CATEGORY, IN_SUBCATEGORY and TAGGED: the id of the legacy link-table row."""

    legacyId = IntegerProperty()


class HasAttributeRel(StructuredRel):
    """(:Technique)-[:HAS_ATTRIBUTE]->(:AttributeValue); no legacy link table for scope."""

    legacyId = IntegerProperty()
    legacyTable = StringProperty()


class RelatedToRel(StructuredRel):
    """(:Technique)-[:RELATED_TO]->(:Technique), typed by the legacy `relationship_type`."""

    type = StringProperty(required=True)
    legacyId = IntegerProperty()


# --- nodes -------------------------------------------------------------------------------


class NamedNode(StructuredNode):
    """A node with a `name` as written and the `key` it is unique by (`graph.keys.name_key`)."""

    __abstract_node__ = True

    name = StringProperty(required=True)
    key = StringProperty()
    # What the name sorts by (`graph.keys.sort_name`: case folded, accents dropped).
    sortName = StringProperty()

    def pre_save(self) -> None:
        # The key is the name's identity; deriving it here keeps the two from drifting apart
        # when a name is edited through the model. A missing name is neomodel's to refuse.
        if self.name is not None:
            self.name = clean_name(self.name)
            self.key = name_key(self.name)
            self.sortName = sort_name(self.name)


class Goal(NamedNode):
    key = StringProperty(unique_index=True)
    description = StringProperty()
    legacyId = IntegerProperty(index=True)

    categories = RelationshipFrom("Category", "SERVES", model=ServesRel)
    techniques = RelationshipFrom("Technique", "HAS_PRIMARY_GOAL")
    attributeTypes = RelationshipFrom("AttributeType", "APPLIES_TO")


class Category(NamedNode):
    key = StringProperty(unique_index=True)
    description = StringProperty()
    legacyId = IntegerProperty(index=True)

    goals = RelationshipTo(Goal, "SERVES", model=ServesRel)
    subCategories = RelationshipFrom("SubCategory", "PART_OF", model=PartOfRel)
    techniques = RelationshipFrom("Technique", "IN_CATEGORY", model=LegacyLinkRel)


class SubCategory(NamedNode):
    key = StringProperty(unique_index=True)
    description = StringProperty()
    legacyId = IntegerProperty(index=True)

    categories = RelationshipTo(Category, "PART_OF", model=PartOfRel)
    techniques = RelationshipFrom("Technique", "IN_SUBCATEGORY", model=LegacyLinkRel)


class Tag(NamedNode):
    """`data-type/tabular` is a CHILD_OF `data-type`; ancestors made from paths have no legacyId."""

    key = StringProperty(unique_index=True)
    legacyId = IntegerProperty(index=True)
    # What the tag is shown as (`graph.tag_names.tag_caption`): Neo4j Browser's caption.
    caption = StringProperty()

    parent = RelationshipTo("Tag", "CHILD_OF", cardinality=ZeroOrOne)
    children = RelationshipFrom("Tag", "CHILD_OF")
    techniques = RelationshipFrom("Technique", "TAGGED", model=LegacyLinkRel)

    def pre_save(self) -> None:
        super().pre_save()
        if self.name is not None:
            self.caption = tag_caption(self.name)


class AttributeType(NamedNode):
    key = StringProperty(unique_index=True)
    multiValued = BooleanProperty(default=False)
    appliesToAll = BooleanProperty(default=False)
    description = StringProperty()

    goals = RelationshipTo(Goal, "APPLIES_TO")
    values = RelationshipFrom("AttributeValue", "OF_TYPE")


class AttributeValue(NamedNode):
    """Unique by (`typeKey`, `key`): a composite constraint, so no `unique_index` here."""

    key = StringProperty(required=True)
    typeKey = StringProperty(required=True)
    legacyId = IntegerProperty(index=True)
    position = IntegerProperty()

    attributeType = RelationshipTo(AttributeType, "OF_TYPE", cardinality=One)
    techniques = RelationshipFrom("Technique", "HAS_ATTRIBUTE", model=HasAttributeRel)


class TechniqueFields(NamedNode):
    """What a technique holds, live (`Technique`) or soft-deleted (`DeletedTechnique`): one
    declaration, so the label that replaces `Technique` on a deleted node has exactly its
    properties and links. Indexes and uniqueness are each label's own."""

    __abstract_node__ = True

    slug = StringProperty()
    description = StringProperty()
    modelDependency = StringProperty()
    exampleUseCase = StringProperty()
    legacyId = IntegerProperty()
    # Grows by one on every write through the API (optimistic concurrency).
    version = IntegerProperty(default=1)
    # The last API write's token name and ISO UTC time (graph/writes/history.py).
    updatedBy = StringProperty()
    updatedAt = StringProperty()

    primaryGoal = RelationshipTo(Goal, "HAS_PRIMARY_GOAL", cardinality=One)
    categories = RelationshipTo(Category, "IN_CATEGORY", model=LegacyLinkRel)
    subCategories = RelationshipTo(SubCategory, "IN_SUBCATEGORY", model=LegacyLinkRel)
    tags = RelationshipTo(Tag, "TAGGED", model=LegacyLinkRel)
    attributes = RelationshipTo(AttributeValue, "HAS_ATTRIBUTE", model=HasAttributeRel)
    relatedTo = RelationshipTo("Technique", "RELATED_TO", model=RelatedToRel)
    relatedFrom = RelationshipFrom("Technique", "RELATED_TO", model=RelatedToRel)
    history = RelationshipTo("Change", "HAS_CHANGE")


class Technique(TechniqueFields):
    slug = StringProperty(unique_index=True)
    key = StringProperty(unique_index=True)
    name = StringProperty(required=True, index=True)
    sortName = StringProperty(index=True)
    modelDependency = StringProperty(index=True)
    legacyId = IntegerProperty(unique_index=True)


class DeletedTechnique(TechniqueFields):
    """A soft-deleted technique: the node loses `Technique` (so no read sees it) and gains
    this label, keeping its properties, links and history until `purgeTechnique`. Nothing is
    unique by constraint here: a live technique may take a deleted one's name (its key), and
    the writes keep slugs apart (a new slug avoids deleted ones), so a delete never fails on
    a constraint."""

    slug = StringProperty(index=True)
    legacyId = IntegerProperty(index=True)
    deletedAt = StringProperty()
    deletedBy = StringProperty()


# A label that takes another's place on the same node, with that label's properties and
# links (docs/model.md).
REPLACED_LABELS: dict[str, str] = {"DeletedTechnique": "Technique"}

CHANGE_ACTIONS = ("create", "update", "delete", "undelete", "restore")


class Change(StructuredNode):
    """One accepted API write of a technique, `(t)-[:HAS_CHANGE]->(c)`: its version after the
    write, when, who, what kind of write, each changed field's before/after and the whole
    state after it (graph/writes/history.py)."""

    version = IntegerProperty(required=True)
    at = StringProperty()
    by = StringProperty()
    action = StringProperty(choices={action: action for action in CHANGE_ACTIONS})
    changes = JSONProperty()
    state = JSONProperty()
    # The version a `restore` went back to.
    restoredFrom = IntegerProperty()


class ModelDependency(StructuredNode):
    """A value of the model dependency vocabulary (graph/writes/vocabulary.py): the values a
    technique's `modelDependency` may take. `key` is `graph.keys.name_key(name)`."""

    key = StringProperty(unique_index=True)
    name = StringProperty(required=True)


MIGRATION_STATES = ("running", "complete", "failed")


class MigrationRun(StructuredNode):
    """One run of the migration; `running` until it completes or fails (see `catalog status`)."""

    runId = StringProperty(unique_index=True)
    source = StringProperty()
    state = StringProperty(choices={state: state for state in MIGRATION_STATES})
    # Native Neo4j datetimes (not neomodel's float timestamps), so Cypher can order and print
    # them; give timezone-aware values, a naive one would be stored as a LocalDateTime.
    startedAt = DateTimeNeo4jFormatProperty()
    finishedAt = DateTimeNeo4jFormatProperty()
    report = JSONProperty()


class CatalogVersion(StructuredNode):
    """The one node holding the version every write bumps (graph/catalog_version.py)."""

    key = StringProperty(unique_index=True)
    epoch = StringProperty()
    number = IntegerProperty()
    changedAt = StringProperty()


class PersistedOperation(StructuredNode):
    """A GraphQL operation registered for the API's allow-list (`catalog operations register`),
    found by the SHA-256 of its text as Apollo's persisted queries send it."""

    sha256 = StringProperty(unique_index=True)
    # The SHA-256 of the text as graphql-core prints it, so the same operation sent as text
    # with other spacing or comments is still recognised.
    normalized = StringProperty(index=True)
    name = StringProperty()
    text = StringProperty()
    registeredAt = StringProperty()


class SyncLedger(StructuredNode):
    """One per legacy table: the rows a migration or sync last wrote (their `src`) and the
    fingerprints it wrote them with, so a sync tells an editor's delete from a new row
    (docs/model.md, Provenance)."""

    table = StringProperty(unique_index=True)
    # src → srcHash of every unit of the table, one JSON object (loaders/sync/ledger.py).
    entries = StringProperty()
    size = IntegerProperty()


# --- the vocabulary, derived from the classes above -------------------------------------

NODE_CLASSES: tuple[type[StructuredNode], ...] = (
    Goal,
    Category,
    SubCategory,
    Technique,
    Tag,
    AttributeType,
    AttributeValue,
    DeletedTechnique,
    Change,
    ModelDependency,
    MigrationRun,
    CatalogVersion,
    PersistedOperation,
    SyncLedger,
)
LABELS: tuple[str, ...] = tuple(cls.__label__ for cls in NODE_CLASSES)


def _relationship_types(classes: tuple[type[StructuredNode], ...]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for cls in classes:
        for _name, definition in cls.__all_relationships__:
            found[definition.definition["relation_type"]] = None
    return tuple(sorted(found))


RELATIONSHIP_TYPES: tuple[str, ...] = _relationship_types(NODE_CLASSES)


def node_properties(cls: type[StructuredNode]) -> dict[str, Any]:
    """The neomodel properties of a node class by their graph property name."""
    return {
        prop.get_db_property_name(name): prop
        for name, prop in cls.defined_properties(aliases=False, rels=False).items()
    }
