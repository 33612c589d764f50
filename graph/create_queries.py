"""The migration's writes into a graph that holds no catalog yet: CREATE, nothing looked up.

On an empty graph every record of `graph.load_queries` is new, so finding what exists (the
OPTIONAL MATCH, the comparison, the MERGE's own lookup and the locks it takes) is work with
one known answer. These queries write the same nodes, relationships and properties and report
every record as created. The records come from `loaders/transform/`, which already merges
duplicates (one record per natural key and per link), and the constraints refuse a duplicate
node should one slip through. `FRESH[query]` is the CREATE form of a load query.
"""

from __future__ import annotations

from typing import LiteralString

from graph import load_queries as q

_CREATED: LiteralString = "\nRETURN 'created' AS outcome, count(*) AS n\n"

GOALS: LiteralString = """
UNWIND $rows AS row
CREATE (:Goal {key: row.key, name: row.name, description: row.description,
               legacyId: row.legacyId})
"""

CATEGORIES: LiteralString = """
UNWIND $rows AS row
MATCH (goal:Goal {key: row.goalKey})
CREATE (:Category {key: row.key, name: row.name, description: row.description,
                   legacyId: row.legacyId})-[:SERVES {legacy: true}]->(goal)
"""

EXTRA_CATEGORY_GOALS: LiteralString = """
UNWIND $rows AS row
MATCH (c:Category {key: row.categoryKey})
MATCH (goal:Goal {key: row.goalKey})
CREATE (c)-[:SERVES {legacy: false}]->(goal)
"""

SUBCATEGORIES: LiteralString = """
UNWIND $rows AS row
MATCH (category:Category {key: row.categoryKey})
CREATE (:SubCategory {key: row.key, name: row.name, description: row.description,
                      legacyId: row.legacyId})-[:PART_OF {legacy: true}]->(category)
"""

ATTRIBUTE_TYPES: LiteralString = """
UNWIND $rows AS row
CREATE (t:AttributeType {key: row.key, name: row.name, multiValued: row.multiValued,
                         appliesToAll: row.appliesToAll, description: row.description})
WITH t, row
CALL (t, row) {
  UNWIND row.goalKeys AS goalKey
  MATCH (goal:Goal {key: goalKey})
  CREATE (t)-[:APPLIES_TO]->(goal)
}
"""

ATTRIBUTE_VALUES: LiteralString = """
UNWIND $rows AS row
MATCH (type:AttributeType {key: row.typeKey})
CREATE (:AttributeValue {typeKey: row.typeKey, key: row.key, name: row.name,
                         legacyId: row.legacyId, position: row.position})-[:OF_TYPE]->(type)
"""

# version 1: what the MERGE form gives a created technique (0, then one change).
TECHNIQUES: LiteralString = """
UNWIND $rows AS row
MATCH (goal:Goal {key: row.primaryGoalKey})
CREATE (:Technique {legacyId: row.legacyId, slug: row.slug, name: row.name, key: row.key,
                    description: row.description, modelDependency: row.modelDependency,
                    exampleUseCase: row.exampleUseCase, version: 1})
       -[:HAS_PRIMARY_GOAL]->(goal)
"""

TECHNIQUE_CATEGORIES: LiteralString = """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (c:Category {key: row.categoryKey})
CREATE (t)-[:IN_CATEGORY {legacyId: row.legacyId}]->(c)
"""

TECHNIQUE_SUBCATEGORIES: LiteralString = """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (s:SubCategory {key: row.subCategoryKey})
CREATE (t)-[:IN_SUBCATEGORY {legacyId: row.legacyId}]->(s)
"""

TECHNIQUE_ATTRIBUTES: LiteralString = """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (v:AttributeValue {typeKey: row.typeKey, key: row.valueKey})
CREATE (t)-[:HAS_ATTRIBUTE {legacyId: row.legacyId, legacyTable: row.legacyTable}]->(v)
"""

TAGS: LiteralString = """
UNWIND $rows AS row
CREATE (:Tag {key: row.key, name: row.name, legacyId: row.legacyId})
"""

# The transform lists only ancestors that no real tag names.
ANCESTOR_TAGS: LiteralString = """
UNWIND $rows AS row
CREATE (:Tag {key: row.key, name: row.name})
"""

TAG_PARENTS: LiteralString = """
UNWIND $rows AS row
MATCH (child:Tag {key: row.childKey})
MATCH (parent:Tag {key: row.parentKey})
CREATE (child)-[:CHILD_OF]->(parent)
"""

TECHNIQUE_TAGS: LiteralString = """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (tag:Tag {key: row.tagKey})
CREATE (t)-[:TAGGED {legacyId: row.legacyId}]->(tag)
"""

RELATIONSHIPS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Technique {legacyId: row.fromId})
MATCH (b:Technique {legacyId: row.toId})
CREATE (a)-[:RELATED_TO {type: row.type, legacyId: row.legacyId}]->(b)
"""

FRESH: dict[str, LiteralString] = {
    q.GOALS: GOALS + _CREATED,
    q.CATEGORIES: CATEGORIES + _CREATED,
    q.EXTRA_CATEGORY_GOALS: EXTRA_CATEGORY_GOALS + _CREATED,
    q.SUBCATEGORIES: SUBCATEGORIES + _CREATED,
    q.ATTRIBUTE_TYPES: ATTRIBUTE_TYPES + _CREATED,
    q.ATTRIBUTE_VALUES: ATTRIBUTE_VALUES + _CREATED,
    q.TECHNIQUES: TECHNIQUES + _CREATED,
    q.TECHNIQUE_CATEGORIES: TECHNIQUE_CATEGORIES + _CREATED,
    q.TECHNIQUE_SUBCATEGORIES: TECHNIQUE_SUBCATEGORIES + _CREATED,
    q.TECHNIQUE_ATTRIBUTES: TECHNIQUE_ATTRIBUTES + _CREATED,
    q.TAGS: TAGS + _CREATED,
    q.ANCESTOR_TAGS: ANCESTOR_TAGS + _CREATED,
    q.TAG_PARENTS: TAG_PARENTS + _CREATED,
    q.TECHNIQUE_TAGS: TECHNIQUE_TAGS + _CREATED,
    q.RELATIONSHIPS: RELATIONSHIPS + _CREATED,
}

# Any catalog node at all means the graph is not fresh (MigrationRun nodes do not count).
CATALOG_PRESENT: LiteralString = """
RETURN EXISTS {
  MATCH (n) WHERE n:Goal OR n:Category OR n:SubCategory OR n:Technique OR n:Tag
                  OR n:AttributeType OR n:AttributeValue
} AS present
"""
