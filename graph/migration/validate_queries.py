"""Read queries that `catalog validate` compares against the source.

The per-row queries read one batch of legacy ids at a time as a range (`$lo`..`$hi`, the
first and last id of a batch of source rows): a range seek on the `legacyId` index
(graph/schema.py) rather than one seek per id, answered as one record holding a list of
compact rows, `[legacyId, field, ...]`, in the order of the `*_FIELDS` names below, rather
than one map per row. A graph row whose id falls in the range but is not in the batch is
ignored there (the counts catch it).
"""

from __future__ import annotations

from typing import LiteralString

# What the graph holds that came from each legacy table (nodes and links with a legacy id).
LEGACY_COUNTS: LiteralString = """
RETURN
  COUNT { (n:Goal) WHERE n.legacyId IS NOT NULL } AS assurance_goal,
  COUNT { (n:Category) WHERE n.legacyId IS NOT NULL } AS category,
  COUNT { (n:SubCategory) WHERE n.legacyId IS NOT NULL } AS sub_category,
  COUNT { (n:Tag) WHERE n.legacyId IS NOT NULL } AS tag,
  COUNT { (n:AttributeValue {typeKey: 'fairness approach'}) WHERE n.legacyId IS NOT NULL }
    AS fairness_approach,
  COUNT { (n:AttributeValue {typeKey: 'project lifecycle stage'}) WHERE n.legacyId IS NOT NULL }
    AS project_lifecycle_stage,
  COUNT { (n:Technique) WHERE n.legacyId IS NOT NULL } AS technique,
  COUNT { ()-[r:IN_CATEGORY]->() WHERE r.legacyId IS NOT NULL } AS technique_category,
  COUNT { ()-[r:IN_SUBCATEGORY]->() WHERE r.legacyId IS NOT NULL } AS technique_sub_category,
  COUNT { ()-[r:TAGGED]->() WHERE r.legacyId IS NOT NULL } AS technique_tag,
  COUNT { ()-[r:HAS_ATTRIBUTE {legacyTable: 'technique_fairness_approach'}]->() }
    AS technique_fairness_approach,
  COUNT { ()-[r:HAS_ATTRIBUTE {legacyTable: 'technique_project_lifecycle_stage'}]->() }
    AS technique_project_lifecycle_stage,
  COUNT { ()-[r:RELATED_TO]->() WHERE r.legacyId IS NOT NULL } AS technique_relationship,
  COUNT { (:Technique)-[r:HAS_ATTRIBUTE]->(:AttributeValue {typeKey: 'scope'})
          WHERE r.src IS NOT NULL } AS scope_values,
  COUNT { (c:Category)-[:SERVES {legacy: true}]->(:Goal) WHERE c.legacyId IS NOT NULL }
    AS category_goal_links,
  COUNT { (s:SubCategory)-[:PART_OF {legacy: true}]->(:Category) WHERE s.legacyId IS NOT NULL }
    AS subcategory_category_links,
  COUNT { (t:Technique)-[:HAS_PRIMARY_GOAL]->(:Goal) WHERE t.legacyId IS NOT NULL }
    AS technique_goal_links
"""

# Entity rows: [legacyId, name, description, (parents: the legacy ids of the legacy link's
# other end), [srcHash, the parent's src, whether an editor wrote the node]]. `collect`
# skips nulls, so parents without a legacy id are left out, as before. An editor's write is
# known by the API's stamp (`updatedBy`) or, on a technique, a version above the first.
NAMED_FIELDS = ("name", "description")
GOALS_IN_RANGE: LiteralString = """
MATCH (n:Goal) WHERE $lo <= n.legacyId <= $hi
RETURN collect([n.legacyId, n.name, n.description, [n.srcHash, null, n.updatedBy IS NOT NULL]])
  AS rows
"""
CATEGORIES_IN_RANGE: LiteralString = """
MATCH (n:Category) WHERE $lo <= n.legacyId <= $hi
RETURN collect([n.legacyId, n.name, n.description,
  [(n)-[:SERVES {legacy: true}]->(g:Goal) WHERE g.legacyId IS NOT NULL | g.legacyId],
  [n.srcHash, head([(n)-[:SERVES {legacy: true}]->(g:Goal) | g.src]), n.updatedBy IS NOT NULL]])
  AS rows
"""
SUBCATEGORIES_IN_RANGE: LiteralString = """
MATCH (n:SubCategory) WHERE $lo <= n.legacyId <= $hi
RETURN collect([n.legacyId, n.name, n.description,
  [(n)-[:PART_OF {legacy: true}]->(c:Category) WHERE c.legacyId IS NOT NULL | c.legacyId],
  [n.srcHash, head([(n)-[:PART_OF {legacy: true}]->(c:Category) | c.src]),
   n.updatedBy IS NOT NULL]]) AS rows
"""
TAGS_IN_RANGE: LiteralString = """
MATCH (n:Tag) WHERE $lo <= n.legacyId <= $hi
RETURN collect([n.legacyId, n.name, [n.srcHash, null, n.updatedBy IS NOT NULL]]) AS rows
"""
VALUES_IN_RANGE: LiteralString = """
MATCH (n:AttributeValue) WHERE $lo <= n.legacyId <= $hi AND n.typeKey = $typeKey
RETURN collect([n.legacyId, n.name, [n.srcHash, null, n.updatedBy IS NOT NULL]]) AS rows
"""
# [legacyId, name, description, modelDependency, exampleUseCase, primary goals, scope keys]
TECHNIQUE_FIELDS = ("name", "description", "modelDependency", "exampleUseCase")
TECHNIQUES_IN_RANGE: LiteralString = """
MATCH (n:Technique) WHERE $lo <= n.legacyId <= $hi
RETURN collect([n.legacyId, n.name, n.description, n.modelDependency, n.exampleUseCase,
  [(n)-[:HAS_PRIMARY_GOAL]->(g:Goal) WHERE g.legacyId IS NOT NULL | g.legacyId],
  [(n)-[r:HAS_ATTRIBUTE]->(v:AttributeValue {typeKey: 'scope'}) WHERE r.src IS NOT NULL | v.key],
  [n.srcHash, head([(n)-[:HAS_PRIMARY_GOAL]->(g:Goal) | g.src]),
   n.updatedBy IS NOT NULL OR coalesce(n.version, 1) > 1]]) AS rows
"""
# Link rows: [legacyId, the technique's legacy id, the other end's legacy id, type]. One
# query per relationship type: types cannot be parameters.
_LINK_ROWS = " RETURN collect([r.legacyId, t.legacyId, o.legacyId, r.type]) AS rows"
LINKS_IN_RANGE: dict[str, LiteralString] = {
    "IN_CATEGORY": "MATCH (t:Technique)-[r:IN_CATEGORY]->(o) WHERE $lo <= r.legacyId <= $hi"
    + _LINK_ROWS,
    "IN_SUBCATEGORY": "MATCH (t:Technique)-[r:IN_SUBCATEGORY]->(o) "
    "WHERE $lo <= r.legacyId <= $hi" + _LINK_ROWS,
    "TAGGED": "MATCH (t:Technique)-[r:TAGGED]->(o) WHERE $lo <= r.legacyId <= $hi" + _LINK_ROWS,
    "HAS_ATTRIBUTE": "MATCH (t:Technique)-[r:HAS_ATTRIBUTE]->(o) "
    "WHERE $lo <= r.legacyId <= $hi AND r.legacyTable = $legacyTable" + _LINK_ROWS,
    "RELATED_TO": "MATCH (t:Technique)-[r:RELATED_TO]->(o) WHERE $lo <= r.legacyId <= $hi"
    + _LINK_ROWS,
}

ORPHANS: LiteralString = """
RETURN
  COUNT { (c:Category) WHERE NOT (c)-[:SERVES]->(:Goal) } AS categoriesWithoutGoal,
  COUNT { (s:SubCategory) WHERE NOT (s)-[:PART_OF]->(:Category) }
    AS subcategoriesWithoutCategory,
  COUNT { (t:Technique) WHERE COUNT { (t)-[:HAS_PRIMARY_GOAL]->(:Goal) } <> 1 }
    AS techniquesWithoutOnePrimaryGoal,
  COUNT { (v:AttributeValue) WHERE NOT (v)-[:OF_TYPE]->(:AttributeType) } AS valuesWithoutType,
  COUNT { (a:AttributeType) WHERE NOT a.appliesToAll AND NOT (a)-[:APPLIES_TO]->(:Goal) }
    AS typesApplyingNowhere,
  COUNT { (t:Tag) WHERE t.name CONTAINS '/' AND NOT (t)-[:CHILD_OF]->(:Tag) }
    AS tagsWithoutParent,
  COUNT { (t:Technique)-[:RELATED_TO]->(t) } AS selfRelationships
"""

# notApplicable counts the (technique, value, type) links whose type applies to none of the
# technique's goals (its primary goal and its categories' goals). Each technique's goals are
# gathered once from the technique, then compared with the type's few goals: asking "is
# there a goal of the type reached from the technique" per link made the planner walk from
# each goal back through all of its categories and their techniques (minutes at 1000x).
RULES: LiteralString = """
CALL () {
  MATCH (t:Technique)-[:HAS_ATTRIBUTE]->(:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
  WHERE NOT a.multiValued
  WITH t, a, count(*) AS n WHERE n > 1
  RETURN count(*) AS singleValuedBroken
}
CALL () {
  MATCH (a:AttributeType) WHERE NOT a.appliesToAll
  WITH a, COLLECT { MATCH (a)-[:APPLIES_TO]->(g:Goal) RETURN g } AS applies
  MATCH (t:Technique)-[:HAS_ATTRIBUTE]->(:AttributeValue)-[:OF_TYPE]->(a)
  WITH t, a, applies, count(*) AS links
  WITH links, applies, COLLECT {
    MATCH (t)-[:HAS_PRIMARY_GOAL]->(g:Goal) RETURN g
    UNION
    MATCH (t)-[:IN_CATEGORY]->(:Category)-[:SERVES]->(g:Goal) RETURN g
  } AS goals
  WHERE none(g IN goals WHERE g IN applies)
  RETURN coalesce(sum(links), 0) AS notApplicable
}
RETURN singleValuedBroken, notApplicable
"""

# Per label: nodes minus distinct keys (a node without a key counts as a duplicate). One
# label scan each; matching every node and testing `labels(n)` scanned the whole graph six
# times.
DUPLICATE_KEY_LABELS = ("Goal", "Category", "SubCategory", "Technique", "Tag", "AttributeType")
DUPLICATE_KEYS: LiteralString = """
CALL () { MATCH (n:Goal) RETURN count(n) - count(DISTINCT n.key) AS Goal }
CALL () { MATCH (n:Category) RETURN count(n) - count(DISTINCT n.key) AS Category }
CALL () { MATCH (n:SubCategory) RETURN count(n) - count(DISTINCT n.key) AS SubCategory }
CALL () { MATCH (n:Technique) RETURN count(n) - count(DISTINCT n.key) AS Technique }
CALL () { MATCH (n:Tag) RETURN count(n) - count(DISTINCT n.key) AS Tag }
CALL () { MATCH (n:AttributeType) RETURN count(n) - count(DISTINCT n.key) AS AttributeType }
RETURN Goal, Category, SubCategory, Technique, Tag, AttributeType
"""

# Catalog nodes no migration made (no `src`): an editor made them through the API.
# Techniques an editor deleted through the API (kept, relabelled, for a restore).
SOFT_DELETED: LiteralString = """
MATCH (t:DeletedTechnique) WHERE t.legacyId IS NOT NULL RETURN collect(t.legacyId) AS ids
"""

MADE_BY_EDITORS: LiteralString = """
CALL () {
  MATCH (n:Goal) WHERE n.src IS NULL RETURN 'Goal' AS label, n.name AS name
  UNION ALL MATCH (n:Category) WHERE n.src IS NULL RETURN 'Category' AS label, n.name AS name
  UNION ALL MATCH (n:SubCategory) WHERE n.src IS NULL RETURN 'SubCategory' AS label, n.name AS name
  UNION ALL MATCH (n:Technique) WHERE n.src IS NULL RETURN 'Technique' AS label, n.name AS name
  UNION ALL MATCH (n:Tag) WHERE n.src IS NULL RETURN 'Tag' AS label, n.name AS name
  UNION ALL MATCH (n:AttributeType) WHERE n.src IS NULL RETURN 'AttributeType' AS label,
    n.name AS name
  UNION ALL MATCH (n:AttributeValue) WHERE n.src IS NULL RETURN 'AttributeValue' AS label,
    n.name AS name
  UNION ALL MATCH (n:ModelDependency) WHERE n.src IS NULL RETURN 'ModelDependency' AS label,
    n.name AS name
}
RETURN label, count(*) AS n, collect(name)[..$limit] AS names
"""

# The model dependencies techniques hold, and the vocabulary's keys: every value held needs
# its node (compared by `graph.keys.name_key`, in Python).
HELD_MODEL_DEPENDENCIES: LiteralString = """
MATCH (t:Technique) WHERE t.modelDependency IS NOT NULL
RETURN DISTINCT t.modelDependency AS value
"""
MODEL_DEPENDENCY_KEYS: LiteralString = """
MATCH (m:ModelDependency) RETURN collect(m.key) AS keys
"""
