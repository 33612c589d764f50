"""The reads of `catalog export`: the graph as the legacy schema needs it, kind by kind.

All of them run in one read transaction (one snapshot, so every foreign key the export writes
points at a row it also writes) and are consumed as they stream: the driver fetches records
in batches, so a technique record with its links is in memory only while it is turned into
rows. Nodes and links are identified by `ref` (their element id) and carry `legacyId`, the
legacy row id, when they came from the legacy catalog. Ordering is by legacy id and then key,
so the fresh ids given to nodes and links made later through the API are stable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, LiteralString

import neo4j

# The largest legacy id of each legacy table, or null when the graph holds none.
LEGACY_ID_MAXIMA: LiteralString = """
CALL () { MATCH (n:Goal) RETURN max(n.legacyId) AS assurance_goal }
CALL () { MATCH (n:Category) RETURN max(n.legacyId) AS category }
CALL () { MATCH (n:SubCategory) RETURN max(n.legacyId) AS sub_category }
CALL () { MATCH (n:Tag) RETURN max(n.legacyId) AS tag }
CALL () { MATCH (n:Technique) RETURN max(n.legacyId) AS technique }
CALL () {
  MATCH (n:AttributeValue {typeKey: $fairnessApproach}) RETURN max(n.legacyId) AS fairness_approach
}
CALL () {
  MATCH (n:AttributeValue {typeKey: $lifecycleStage})
  RETURN max(n.legacyId) AS project_lifecycle_stage
}
CALL () { MATCH ()-[r:IN_CATEGORY]->() RETURN max(r.legacyId) AS technique_category }
CALL () { MATCH ()-[r:IN_SUBCATEGORY]->() RETURN max(r.legacyId) AS technique_sub_category }
CALL () { MATCH ()-[r:TAGGED]->() RETURN max(r.legacyId) AS technique_tag }
CALL () {
  MATCH ()-[r:HAS_ATTRIBUTE {legacyTable: 'technique_fairness_approach'}]->()
  RETURN max(r.legacyId) AS technique_fairness_approach
}
CALL () {
  MATCH ()-[r:HAS_ATTRIBUTE {legacyTable: 'technique_project_lifecycle_stage'}]->()
  RETURN max(r.legacyId) AS technique_project_lifecycle_stage
}
CALL () { MATCH ()-[r:RELATED_TO]->() RETURN max(r.legacyId) AS technique_relationship }
RETURN *
"""

GOALS: LiteralString = """
MATCH (g:Goal)
RETURN elementId(g) AS ref, g.legacyId AS legacyId, g.name AS name, g.description AS description
ORDER BY g.legacyId, g.key
"""

# `parents`: every goal the category SERVES (a subcategory: every category it is PART_OF);
# `legacy` marks the link from the legacy foreign key.
CATEGORIES: LiteralString = """
MATCH (c:Category)
WITH c ORDER BY c.legacyId, c.key
RETURN elementId(c) AS ref, c.legacyId AS legacyId, c.name AS name, c.description AS description,
  COLLECT {
    MATCH (c)-[s:SERVES]->(g:Goal)
    RETURN {ref: elementId(g), legacyId: g.legacyId, name: g.name,
            legacy: coalesce(s.legacy, false)} AS goal
    ORDER BY goal.legacyId, goal.name
  } AS parents
"""

SUBCATEGORIES: LiteralString = """
MATCH (s:SubCategory)
WITH s ORDER BY s.legacyId, s.key
RETURN elementId(s) AS ref, s.legacyId AS legacyId, s.name AS name, s.description AS description,
  COLLECT {
    MATCH (s)-[p:PART_OF]->(c:Category)
    RETURN {ref: elementId(c), legacyId: c.legacyId, name: c.name,
            legacy: coalesce(p.legacy, false)} AS category
    ORDER BY category.legacyId, category.name
  } AS parents
"""

# Tags that are data: from the legacy table, carried by a technique, or made on their own.
# An ancestor derived from `a/b` names (no legacy id, untagged, a parent) is not.
TAGS: LiteralString = """
MATCH (t:Tag)
WHERE t.legacyId IS NOT NULL OR EXISTS { (:Technique)-[:TAGGED]->(t) }
   OR NOT EXISTS { (:Tag)-[:CHILD_OF]->(t) }
RETURN elementId(t) AS ref, t.legacyId AS legacyId, t.name AS name
ORDER BY t.legacyId, t.key
"""

ATTRIBUTE_VALUES: LiteralString = """
MATCH (v:AttributeValue) WHERE v.typeKey IN $typeKeys
RETURN elementId(v) AS ref, v.legacyId AS legacyId, v.name AS name, v.key AS key,
  v.typeKey AS typeKey
ORDER BY v.typeKey, v.legacyId, v.position, v.key
"""

ATTRIBUTE_TYPES: LiteralString = """
MATCH (a:AttributeType)
RETURN a.key AS key, a.name AS name, a.multiValued AS multiValued,
  a.appliesToAll AS appliesToAll,
  COLLECT { MATCH (a)-[:APPLIES_TO]->(g:Goal) RETURN g.key ORDER BY g.key } AS goalKeys,
  COLLECT { MATCH (v:AttributeValue {typeKey: a.key}) RETURN v.name ORDER BY v.position, v.key }
    AS values,
  COUNT { (:Technique)-[:HAS_ATTRIBUTE]->(:AttributeValue {typeKey: a.key}) } AS links
ORDER BY a.key
"""

# Techniques that need an id before the links are read: those with no legacy id get a fresh
# one; those with no primary goal cannot be written (technique.assurance_goal_id NOT NULL).
TECHNIQUES_TO_NUMBER: LiteralString = """
MATCH (t:Technique)
WITH t, EXISTS { (t)-[:HAS_PRIMARY_GOAL]->(:Goal) } AS hasPrimaryGoal
WHERE t.legacyId IS NULL OR NOT hasPrimaryGoal
RETURN elementId(t) AS ref, t.legacyId AS legacyId, t.name AS name, hasPrimaryGoal
ORDER BY t.legacyId, t.key
"""

# One record per technique with every link it starts; a linked node is {ref, legacyId, name},
# plus the link's own `linkId` (its legacy row id) and, where they apply, `linkTable`, `type`.
TECHNIQUES: LiteralString = """
MATCH (t:Technique)
WITH t ORDER BY t.legacyId, t.key
RETURN elementId(t) AS ref, t.legacyId AS legacyId, t.name AS name,
  t.description AS description, t.modelDependency AS modelDependency,
  t.exampleUseCase AS exampleUseCase,
  COLLECT {
    MATCH (t)-[:HAS_PRIMARY_GOAL]->(g:Goal)
    RETURN {ref: elementId(g), legacyId: g.legacyId, name: g.name} AS goal
    ORDER BY goal.legacyId, goal.name
  } AS primaryGoals,
  COLLECT {
    MATCH (t)-[r:IN_CATEGORY]->(n:Category)
    RETURN {ref: elementId(n), legacyId: n.legacyId, name: n.name, linkId: r.legacyId}
  } AS categories,
  COLLECT {
    MATCH (t)-[r:IN_SUBCATEGORY]->(n:SubCategory)
    RETURN {ref: elementId(n), legacyId: n.legacyId, name: n.name, linkId: r.legacyId}
  } AS subCategories,
  COLLECT {
    MATCH (t)-[r:TAGGED]->(n:Tag)
    RETURN {ref: elementId(n), legacyId: n.legacyId, name: n.name, linkId: r.legacyId}
  } AS tags,
  COLLECT {
    MATCH (t)-[r:HAS_ATTRIBUTE]->(n:AttributeValue)
    RETURN {ref: elementId(n), legacyId: n.legacyId, name: n.name, key: n.key,
            typeKey: n.typeKey, position: n.position, linkId: r.legacyId,
            linkTable: r.legacyTable}
  } AS attributes,
  COLLECT {
    MATCH (t)-[r:RELATED_TO]->(n:Technique)
    RETURN {ref: elementId(n), legacyId: n.legacyId, name: n.name, linkId: r.legacyId,
            type: r.type}
  } AS related
"""


# The model dependency vocabulary: the legacy schema holds a value only as a technique's text.
MODEL_DEPENDENCIES: LiteralString = """
MATCH (m:ModelDependency) RETURN m.key AS key, m.name AS name ORDER BY m.key
"""


def stream(
    tx: neo4j.ManagedTransaction, query: LiteralString, params: Mapping[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """The records of one of the queries above as dicts, fetched as they are consumed.

    Consume them fully before running the next query in the same transaction.
    """
    for record in tx.run(query, dict(params or {})):
        yield record.data()
