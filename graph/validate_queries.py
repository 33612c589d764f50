"""Read queries that `catalog validate` compares against the source."""

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
  COUNT { (:Technique)-[:HAS_ATTRIBUTE]->(:AttributeValue {typeKey: 'scope'}) } AS scope_values,
  COUNT { (:Category)-[:SERVES {legacy: true}]->(:Goal) } AS category_goal_links,
  COUNT { (:SubCategory)-[:PART_OF {legacy: true}]->(:Category) } AS subcategory_category_links,
  COUNT { (:Technique)-[:HAS_PRIMARY_GOAL]->(:Goal) } AS technique_goal_links
"""

GOALS_BY_ID: LiteralString = """
UNWIND $ids AS id MATCH (n:Goal {legacyId: id})
RETURN n.legacyId AS id, n.name AS name, n.description AS description
"""
CATEGORIES_BY_ID: LiteralString = """
UNWIND $ids AS id MATCH (n:Category {legacyId: id})
OPTIONAL MATCH (n)-[:SERVES {legacy: true}]->(g:Goal)
RETURN n.legacyId AS id, n.name AS name, n.description AS description,
       collect(g.legacyId) AS parents
"""
SUBCATEGORIES_BY_ID: LiteralString = """
UNWIND $ids AS id MATCH (n:SubCategory {legacyId: id})
OPTIONAL MATCH (n)-[:PART_OF {legacy: true}]->(c:Category)
RETURN n.legacyId AS id, n.name AS name, n.description AS description,
       collect(c.legacyId) AS parents
"""
TAGS_BY_ID: LiteralString = """
UNWIND $ids AS id MATCH (n:Tag {legacyId: id}) RETURN n.legacyId AS id, n.name AS name
"""
VALUES_BY_ID: LiteralString = """
UNWIND $ids AS id MATCH (n:AttributeValue {typeKey: $typeKey, legacyId: id})
RETURN n.legacyId AS id, n.name AS name
"""
TECHNIQUES_BY_ID: LiteralString = """
UNWIND $ids AS id MATCH (n:Technique {legacyId: id})
OPTIONAL MATCH (n)-[:HAS_PRIMARY_GOAL]->(g:Goal)
RETURN n.legacyId AS id, n.name AS name, n.slug AS slug, n.description AS description,
       n.modelDependency AS modelDependency, n.exampleUseCase AS exampleUseCase,
       collect(g.legacyId) AS parents,
       [(n)-[:HAS_ATTRIBUTE]->(v:AttributeValue {typeKey: 'scope'}) | v.key] AS scope
"""
# A link row is found by its legacy id (relationship indexes on legacyId, graph/schema.py),
# with the legacy ids of both ends. One query per type: types cannot be parameters.
_LINK_RETURN = (
    " RETURN r.legacyId AS id, t.legacyId AS technique, o.legacyId AS other, r.type AS kind"
)
LINKS_BY_ID: dict[str, LiteralString] = {
    "IN_CATEGORY": "UNWIND $ids AS id MATCH (t:Technique)-[r:IN_CATEGORY {legacyId: id}]->(o)"
    + _LINK_RETURN,
    "IN_SUBCATEGORY": "UNWIND $ids AS id "
    "MATCH (t:Technique)-[r:IN_SUBCATEGORY {legacyId: id}]->(o)" + _LINK_RETURN,
    "TAGGED": "UNWIND $ids AS id MATCH (t:Technique)-[r:TAGGED {legacyId: id}]->(o)" + _LINK_RETURN,
    "HAS_ATTRIBUTE": "UNWIND $ids AS id MATCH (t:Technique)-[r:HAS_ATTRIBUTE {legacyId: id}]->(o) "
    "WHERE r.legacyTable = $legacyTable" + _LINK_RETURN,
    "RELATED_TO": "UNWIND $ids AS id MATCH (t:Technique)-[r:RELATED_TO {legacyId: id}]->(o)"
    + _LINK_RETURN,
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

RULES: LiteralString = """
CALL () {
  MATCH (t:Technique)-[:HAS_ATTRIBUTE]->(:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
  WHERE NOT a.multiValued
  WITH t, a, count(*) AS n WHERE n > 1
  RETURN count(*) AS singleValuedBroken
}
CALL () {
  MATCH (t:Technique)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
  WHERE NOT a.appliesToAll
    AND NOT EXISTS {
      MATCH (a)-[:APPLIES_TO]->(g:Goal)
      WHERE (t)-[:HAS_PRIMARY_GOAL]->(g) OR (t)-[:IN_CATEGORY]->(:Category)-[:SERVES]->(g)
    }
  RETURN count(*) AS notApplicable
}
RETURN singleValuedBroken, notApplicable
"""

DUPLICATE_KEYS: LiteralString = """
UNWIND ['Goal', 'Category', 'SubCategory', 'Technique', 'Tag', 'AttributeType'] AS label
CALL (label) {
  MATCH (n) WHERE label IN labels(n)
  RETURN count(n) - count(DISTINCT n.key) AS duplicates
}
RETURN label, duplicates
"""
