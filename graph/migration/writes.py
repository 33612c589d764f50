"""The migration's writes: one `WriteKind` per kind of record, in the plan's order.

Each takes a batch of records as `$rows` (shapes built by `loaders/transform/`): its MERGE form
on natural keys returns how many were created, updated (something differed) or unchanged;
its CREATE form writes the same into a graph with no catalog yet (`kind.py` says how).
"""

from __future__ import annotations

from typing import LiteralString

from graph.migration.kind import End, WriteKind, link_create

GOALS = WriteKind(
    "goals",
    merge="""
UNWIND $rows AS row
OPTIONAL MATCH (old:Goal {key: row.key})
WITH row, CASE
  WHEN old IS NULL THEN 'created'
  WHEN old.name = row.name AND old.description = row.description
       AND old.legacyId = row.legacyId THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (g:Goal {key: row.key})
SET g.name = row.name, g.description = row.description, g.legacyId = row.legacyId,
    g.src = row.src, g.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create="""
UNWIND $rows AS row
CREATE (:Goal {key: row.key, name: row.name, description: row.description,
               legacyId: row.legacyId, src: row.src, srcHash: row.srcHash})
RETURN 'created' AS outcome, count(*) AS n
""",
)


def _legacy_child(
    name: LiteralString,
    label: LiteralString,
    var: LiteralString,
    rel: LiteralString,
    link: LiteralString,
    parent: LiteralString,
    parent_label: LiteralString,
    parent_key: LiteralString,
) -> WriteKind:
    """A kind of named node under one legacy parent (a category's goal, a subcategory's
    category): the link to it marked legacy; when the source names another parent, the old
    legacy link goes (links added later through the API stay)."""
    return WriteKind(
        name,
        merge=f"""
UNWIND $rows AS row
MATCH ({parent}:{parent_label} {{key: row.{parent_key}}})
OPTIONAL MATCH (old:{label} {{key: row.key}})
OPTIONAL MATCH (old)-[was:{rel} {{legacy: true}}]->({parent})
WITH row, {parent}, CASE
  WHEN old IS NULL THEN 'created'
  WHEN old.name = row.name AND old.description = row.description
       AND old.legacyId = row.legacyId AND was IS NOT NULL THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE ({var}:{label} {{key: row.key}})
SET {var}.name = row.name, {var}.description = row.description, {var}.legacyId = row.legacyId,
    {var}.src = row.src, {var}.srcHash = row.srcHash
MERGE ({var})-[{link}:{rel}]->({parent})
SET {link}.legacy = true, {link}.src = row.src
WITH {var}, {parent}, outcome
CALL ({var}, {parent}) {{
  MATCH ({var})-[stale:{rel} {{legacy: true}}]->(other:{parent_label}) WHERE other <> {parent}
  DELETE stale
}}
RETURN outcome, count(*) AS n
""",
        create=f"""
UNWIND $rows AS row
MATCH ({parent}:{parent_label} {{key: row.{parent_key}}})
CREATE (n:{label} {{key: row.key, name: row.name, description: row.description,
{" " * (len(label) + 12)}legacyId: row.legacyId, src: row.src, srcHash: row.srcHash}})
       -[:{rel} {{legacy: true, src: row.src}}]->({parent})
RETURN [row.key] AS ref, elementId(n) AS eid
""",
        node=End(label, ("key",)),
    )


CATEGORIES = _legacy_child(
    "categories", "Category", "c", "SERVES", "serves", "goal", "Goal", "goalKey"
)

EXTRA_CATEGORY_GOALS = WriteKind(
    "merged category goals",
    merge="""
UNWIND $rows AS row
MATCH (c:Category {key: row.categoryKey}), (goal:Goal {key: row.goalKey})
OPTIONAL MATCH (c)-[old:SERVES]->(goal)
WITH row, c, goal, CASE WHEN old IS NULL THEN 'created' ELSE 'unchanged' END AS outcome
MERGE (c)-[serves:SERVES]->(goal)
ON CREATE SET serves.legacy = false, serves.src = row.src, serves.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create="""
UNWIND $rows AS row
MATCH (c:Category {key: row.categoryKey})
MATCH (goal:Goal {key: row.goalKey})
CREATE (c)-[:SERVES {legacy: false, src: row.src, srcHash: row.srcHash}]->(goal)
RETURN 'created' AS outcome, count(*) AS n
""",
)

SUBCATEGORIES = _legacy_child(
    "subcategories", "SubCategory", "s", "PART_OF", "part", "category", "Category", "categoryKey"
)

ATTRIBUTE_TYPES = WriteKind(
    "attribute types",
    merge="""
UNWIND $rows AS row
OPTIONAL MATCH (old:AttributeType {key: row.key})
WITH row, CASE
  WHEN old IS NULL THEN 'created'
  WHEN old.name = row.name AND old.multiValued = row.multiValued
       AND old.appliesToAll = row.appliesToAll AND old.description = row.description
       AND COUNT { (old)-[:APPLIES_TO]->(g:Goal) WHERE g.key IN row.goalKeys }
           = size(row.goalKeys) THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (t:AttributeType {key: row.key})
SET t.name = row.name, t.multiValued = row.multiValued, t.appliesToAll = row.appliesToAll,
    t.description = row.description, t.src = row.src, t.srcHash = row.srcHash
WITH t, row, outcome
CALL (t, row) {
  UNWIND row.goalKeys AS goalKey
  MATCH (goal:Goal {key: goalKey})
  MERGE (t)-[applies:APPLIES_TO]->(goal)
  SET applies.src = row.src
}
RETURN outcome, count(*) AS n
""",
    create="""
UNWIND $rows AS row
CREATE (t:AttributeType {key: row.key, name: row.name, multiValued: row.multiValued,
                         appliesToAll: row.appliesToAll, description: row.description,
                         src: row.src, srcHash: row.srcHash})
WITH t, row
CALL (t, row) {
  UNWIND row.goalKeys AS goalKey
  MATCH (goal:Goal {key: goalKey})
  CREATE (t)-[:APPLIES_TO {src: row.src}]->(goal)
}
RETURN 'created' AS outcome, count(*) AS n
""",
)

ATTRIBUTE_VALUES = WriteKind(
    "attribute values",
    merge="""
UNWIND $rows AS row
MATCH (type:AttributeType {key: row.typeKey})
OPTIONAL MATCH (old:AttributeValue {typeKey: row.typeKey, key: row.key})
WITH row, type, CASE
  WHEN old IS NULL THEN 'created'
  WHEN old.name = row.name AND coalesce(old.legacyId, -1) = coalesce(row.legacyId, -1)
       AND old.position = row.position AND EXISTS { (old)-[:OF_TYPE]->(type) } THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (v:AttributeValue {typeKey: row.typeKey, key: row.key})
SET v.name = row.name, v.legacyId = row.legacyId, v.position = row.position,
    v.src = row.src, v.srcHash = row.srcHash
MERGE (v)-[of:OF_TYPE]->(type)
SET of.src = row.src
RETURN outcome, count(*) AS n
""",
    create="""
UNWIND $rows AS row
MATCH (type:AttributeType {key: row.typeKey})
CREATE (n:AttributeValue {typeKey: row.typeKey, key: row.key, name: row.name,
                          legacyId: row.legacyId, position: row.position, src: row.src,
                          srcHash: row.srcHash})-[:OF_TYPE {src: row.src}]->(type)
RETURN [row.typeKey, row.key] AS ref, elementId(n) AS eid
""",
    node=End("AttributeValue", ("typeKey", "key")),
)

# The values of the techniques' model dependency (`(:ModelDependency)`, the API's
# vocabulary), written before the techniques that hold them. The migration only adds values:
# a value the source no longer holds, or one an admin added (no `src`), stays, and an
# existing value keeps its name; one the source holds gets its `src` (a graph that
# `neo4j-admin import` built from `catalog export-csv` has none until this runs). No `srcHash`
# and no provenance units (`provenance=False`): a sync writes the whole source vocabulary
# again, in its transaction, rather than compare.
MODEL_DEPENDENCIES = WriteKind(
    "model dependencies",
    merge="""
UNWIND $rows AS row
OPTIONAL MATCH (old:ModelDependency {key: row.key})
WITH row, CASE WHEN old IS NULL THEN 'created' ELSE 'unchanged' END AS outcome
MERGE (m:ModelDependency {key: row.key})
ON CREATE SET m.name = row.name, m.src = 'model_dependency:' + row.key
ON MATCH SET m.src = coalesce(m.src, 'model_dependency:' + row.key)
RETURN outcome, count(*) AS n
""",
    create="""
UNWIND $rows AS row
CREATE (:ModelDependency {key: row.key, name: row.name, src: 'model_dependency:' + row.key})
RETURN 'created' AS outcome, count(*) AS n
""",
    provenance=False,
    missing="""
UNWIND $rows AS row
WITH row.key AS key, collect(row.name)[0] AS name
WHERE NOT EXISTS { MATCH (:ModelDependency {key: key}) }
RETURN name ORDER BY name
""",
)

# The CREATE form sets version 1: what the MERGE form gives a created technique (0, then one
# change).
TECHNIQUES = WriteKind(
    "techniques",
    merge="""
UNWIND $rows AS row
MATCH (goal:Goal {key: row.primaryGoalKey})
OPTIONAL MATCH (old:Technique {legacyId: row.legacyId})
OPTIONAL MATCH (old)-[was:HAS_PRIMARY_GOAL]->(goal)
WITH row, goal, CASE
  WHEN old IS NULL THEN 'created'
  WHEN old.slug = row.slug AND old.name = row.name AND old.key = row.key
       AND old.description = row.description AND old.modelDependency = row.modelDependency
       AND old.exampleUseCase = row.exampleUseCase AND was IS NOT NULL THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (t:Technique {legacyId: row.legacyId})
ON CREATE SET t.version = 0
SET t.slug = row.slug, t.name = row.name, t.key = row.key, t.description = row.description,
    t.modelDependency = row.modelDependency, t.exampleUseCase = row.exampleUseCase,
    t.version = CASE outcome WHEN 'unchanged' THEN t.version ELSE t.version + 1 END,
    t.src = row.src, t.srcHash = row.srcHash
MERGE (t)-[primary:HAS_PRIMARY_GOAL]->(goal)
SET primary.src = row.src
WITH t, goal, outcome
CALL (t, goal) {
  MATCH (t)-[stale:HAS_PRIMARY_GOAL]->(other:Goal) WHERE other <> goal
  DELETE stale
}
RETURN outcome, count(*) AS n
""",
    create="""
UNWIND $rows AS row
MATCH (goal:Goal {key: row.primaryGoalKey})
CREATE (n:Technique {legacyId: row.legacyId, slug: row.slug, name: row.name, key: row.key,
                     description: row.description, modelDependency: row.modelDependency,
                     exampleUseCase: row.exampleUseCase, version: 1, src: row.src,
                     srcHash: row.srcHash})
       -[:HAS_PRIMARY_GOAL {src: row.src}]->(goal)
RETURN [row.legacyId] AS ref, elementId(n) AS eid
""",
    node=End("Technique", ("legacyId",)),
)

TECHNIQUE_CATEGORIES = WriteKind(
    "technique categories",
    merge="""
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId}), (c:Category {key: row.categoryKey})
OPTIONAL MATCH (t)-[old:IN_CATEGORY]->(c)
WITH row, t, c, CASE WHEN old IS NULL THEN 'created'
  WHEN old.legacyId = row.legacyId THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (t)-[link:IN_CATEGORY]->(c)
SET link.legacyId = row.legacyId, link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create=link_create(
        "CREATE (a)-[:IN_CATEGORY {legacyId: row[2], src: row[3], srcHash: row[4]}]->(b)"
    ),
    start=End("Technique", ("techniqueId",)),
    end=End("Category", ("categoryKey",)),
    properties=("legacyId", "src", "srcHash"),
)

TECHNIQUE_SUBCATEGORIES = WriteKind(
    "technique subcategories",
    merge="""
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId}), (s:SubCategory {key: row.subCategoryKey})
OPTIONAL MATCH (t)-[old:IN_SUBCATEGORY]->(s)
WITH row, t, s, CASE WHEN old IS NULL THEN 'created'
  WHEN old.legacyId = row.legacyId THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (t)-[link:IN_SUBCATEGORY]->(s)
SET link.legacyId = row.legacyId, link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create=link_create(
        "CREATE (a)-[:IN_SUBCATEGORY {legacyId: row[2], src: row[3], srcHash: row[4]}]->(b)"
    ),
    start=End("Technique", ("techniqueId",)),
    end=End("SubCategory", ("subCategoryKey",)),
    properties=("legacyId", "src", "srcHash"),
)

TECHNIQUE_ATTRIBUTES = WriteKind(
    "technique attributes",
    merge="""
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (v:AttributeValue {typeKey: row.typeKey, key: row.valueKey})
OPTIONAL MATCH (t)-[old:HAS_ATTRIBUTE]->(v)
WITH row, t, v, CASE WHEN old IS NULL THEN 'created'
  WHEN coalesce(old.legacyId, -1) = coalesce(row.legacyId, -1)
       AND coalesce(old.legacyTable, '') = coalesce(row.legacyTable, '') THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (t)-[link:HAS_ATTRIBUTE]->(v)
SET link.legacyId = row.legacyId, link.legacyTable = row.legacyTable, link.src = row.src,
    link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create=link_create(
        "CREATE (a)-[:HAS_ATTRIBUTE {legacyId: row[2], legacyTable: row[3], src: row[4], "
        "srcHash: row[5]}]->(b)"
    ),
    start=End("Technique", ("techniqueId",)),
    end=End("AttributeValue", ("typeKey", "valueKey")),
    properties=("legacyId", "legacyTable", "src", "srcHash"),
)

TAGS = WriteKind(
    "tags",
    merge="""
UNWIND $rows AS row
OPTIONAL MATCH (old:Tag {key: row.key})
WITH row, CASE WHEN old IS NULL THEN 'created'
  WHEN old.name = row.name AND old.legacyId = row.legacyId THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (tag:Tag {key: row.key})
SET tag.name = row.name, tag.legacyId = row.legacyId, tag.src = row.src, tag.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create="""
UNWIND $rows AS row
CREATE (n:Tag {key: row.key, name: row.name, legacyId: row.legacyId, src: row.src,
               srcHash: row.srcHash})
RETURN [row.key] AS ref, elementId(n) AS eid
""",
    node=End("Tag", ("key",)),
)

# Ancestors implied by `a/b` names keep whatever a real tag of that name says; the CREATE form
# needs no such care, as the transform lists only ancestors that no real tag names.
ANCESTOR_TAGS = WriteKind(
    "ancestor tags",
    merge="""
UNWIND $rows AS row
OPTIONAL MATCH (old:Tag {key: row.key})
WITH row, CASE WHEN old IS NULL THEN 'created' ELSE 'unchanged' END AS outcome
MERGE (tag:Tag {key: row.key})
ON CREATE SET tag.name = row.name, tag.src = row.src, tag.srcHash = row.srcHash
ON MATCH SET tag.src = coalesce(tag.src, row.src), tag.srcHash = coalesce(tag.srcHash, row.srcHash)
RETURN outcome, count(*) AS n
""",
    create="""
UNWIND $rows AS row
CREATE (n:Tag {key: row.key, name: row.name, src: row.src, srcHash: row.srcHash})
RETURN [row.key] AS ref, elementId(n) AS eid
""",
    node=End("Tag", ("key",)),
)

TAG_PARENTS = WriteKind(
    "tag parents",
    merge="""
UNWIND $rows AS row
MATCH (child:Tag {key: row.childKey}), (parent:Tag {key: row.parentKey})
OPTIONAL MATCH (child)-[old:CHILD_OF]->(parent)
WITH row, child, parent, CASE WHEN old IS NULL THEN 'created' ELSE 'unchanged' END AS outcome
MERGE (child)-[link:CHILD_OF]->(parent)
SET link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create=link_create("CREATE (a)-[:CHILD_OF {src: row[2], srcHash: row[3]}]->(b)"),
    start=End("Tag", ("childKey",)),
    end=End("Tag", ("parentKey",)),
    properties=("src", "srcHash"),
)

TECHNIQUE_TAGS = WriteKind(
    "technique tags",
    merge="""
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId}), (tag:Tag {key: row.tagKey})
OPTIONAL MATCH (t)-[old:TAGGED]->(tag)
WITH row, t, tag, CASE WHEN old IS NULL THEN 'created'
  WHEN old.legacyId = row.legacyId THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (t)-[link:TAGGED]->(tag)
SET link.legacyId = row.legacyId, link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create=link_create(
        "CREATE (a)-[:TAGGED {legacyId: row[2], src: row[3], srcHash: row[4]}]->(b)"
    ),
    start=End("Technique", ("techniqueId",)),
    end=End("Tag", ("tagKey",)),
    properties=("legacyId", "src", "srcHash"),
)

RELATIONSHIPS = WriteKind(
    "technique relationships",
    merge="""
UNWIND $rows AS row
MATCH (a:Technique {legacyId: row.fromId}), (b:Technique {legacyId: row.toId})
OPTIONAL MATCH (a)-[old:RELATED_TO {type: row.type}]->(b)
WITH row, a, b, CASE WHEN old IS NULL THEN 'created'
  WHEN old.legacyId = row.legacyId THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (a)-[link:RELATED_TO {type: row.type}]->(b)
SET link.legacyId = row.legacyId, link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
""",
    create=link_create(
        "CREATE (a)-[:RELATED_TO {type: row[2], legacyId: row[3], src: row[4], "
        "srcHash: row[5]}]->(b)"
    ),
    start=End("Technique", ("fromId",)),
    end=End("Technique", ("toId",)),
    properties=("type", "legacyId", "src", "srcHash"),
)

# Every kind, in the order the steps first write them.
KINDS: tuple[WriteKind, ...] = (
    GOALS,
    CATEGORIES,
    EXTRA_CATEGORY_GOALS,
    SUBCATEGORIES,
    ATTRIBUTE_TYPES,
    ATTRIBUTE_VALUES,
    MODEL_DEPENDENCIES,
    TECHNIQUES,
    TECHNIQUE_CATEGORIES,
    TECHNIQUE_SUBCATEGORIES,
    TECHNIQUE_ATTRIBUTES,
    TAGS,
    ANCESTOR_TAGS,
    TAG_PARENTS,
    TECHNIQUE_TAGS,
    RELATIONSHIPS,
)
