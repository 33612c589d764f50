"""The migration's writes: one UNWIND query per kind of record, MERGE on natural keys.

Each query takes a batch of records as `$rows` and returns how many were created, updated
(something differed) or unchanged, so a re-run on the same source can say it changed nothing.
Record shapes are those built by `loaders/transform/`.
"""

from __future__ import annotations

from typing import LiteralString

GOALS: LiteralString = """
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
"""

# The legacy goal of a category is the SERVES link marked legacy; if the source now names
# another goal, the old legacy link goes (links added later through the API stay).
CATEGORIES: LiteralString = """
UNWIND $rows AS row
MATCH (goal:Goal {key: row.goalKey})
OPTIONAL MATCH (old:Category {key: row.key})
OPTIONAL MATCH (old)-[was:SERVES {legacy: true}]->(goal)
WITH row, goal, CASE
  WHEN old IS NULL THEN 'created'
  WHEN old.name = row.name AND old.description = row.description
       AND old.legacyId = row.legacyId AND was IS NOT NULL THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (c:Category {key: row.key})
SET c.name = row.name, c.description = row.description, c.legacyId = row.legacyId,
    c.src = row.src, c.srcHash = row.srcHash
MERGE (c)-[serves:SERVES]->(goal)
SET serves.legacy = true, serves.src = row.src
WITH c, goal, outcome
CALL (c, goal) {
  MATCH (c)-[stale:SERVES {legacy: true}]->(other:Goal) WHERE other <> goal
  DELETE stale
}
RETURN outcome, count(*) AS n
"""

EXTRA_CATEGORY_GOALS: LiteralString = """
UNWIND $rows AS row
MATCH (c:Category {key: row.categoryKey}), (goal:Goal {key: row.goalKey})
OPTIONAL MATCH (c)-[old:SERVES]->(goal)
WITH row, c, goal, CASE WHEN old IS NULL THEN 'created' ELSE 'unchanged' END AS outcome
MERGE (c)-[serves:SERVES]->(goal)
ON CREATE SET serves.legacy = false, serves.src = row.src, serves.srcHash = row.srcHash
RETURN outcome, count(*) AS n
"""

SUBCATEGORIES: LiteralString = """
UNWIND $rows AS row
MATCH (category:Category {key: row.categoryKey})
OPTIONAL MATCH (old:SubCategory {key: row.key})
OPTIONAL MATCH (old)-[was:PART_OF {legacy: true}]->(category)
WITH row, category, CASE
  WHEN old IS NULL THEN 'created'
  WHEN old.name = row.name AND old.description = row.description
       AND old.legacyId = row.legacyId AND was IS NOT NULL THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (s:SubCategory {key: row.key})
SET s.name = row.name, s.description = row.description, s.legacyId = row.legacyId,
    s.src = row.src, s.srcHash = row.srcHash
MERGE (s)-[part:PART_OF]->(category)
SET part.legacy = true, part.src = row.src
WITH s, category, outcome
CALL (s, category) {
  MATCH (s)-[stale:PART_OF {legacy: true}]->(other:Category) WHERE other <> category
  DELETE stale
}
RETURN outcome, count(*) AS n
"""

ATTRIBUTE_TYPES: LiteralString = """
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
"""

ATTRIBUTE_VALUES: LiteralString = """
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
"""

TECHNIQUES: LiteralString = """
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
"""

TECHNIQUE_CATEGORIES: LiteralString = """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId}), (c:Category {key: row.categoryKey})
OPTIONAL MATCH (t)-[old:IN_CATEGORY]->(c)
WITH row, t, c, CASE WHEN old IS NULL THEN 'created'
  WHEN old.legacyId = row.legacyId THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (t)-[link:IN_CATEGORY]->(c)
SET link.legacyId = row.legacyId, link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
"""

TECHNIQUE_SUBCATEGORIES: LiteralString = """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId}), (s:SubCategory {key: row.subCategoryKey})
OPTIONAL MATCH (t)-[old:IN_SUBCATEGORY]->(s)
WITH row, t, s, CASE WHEN old IS NULL THEN 'created'
  WHEN old.legacyId = row.legacyId THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (t)-[link:IN_SUBCATEGORY]->(s)
SET link.legacyId = row.legacyId, link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
"""

TECHNIQUE_ATTRIBUTES: LiteralString = """
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
"""

TAGS: LiteralString = """
UNWIND $rows AS row
OPTIONAL MATCH (old:Tag {key: row.key})
WITH row, CASE WHEN old IS NULL THEN 'created'
  WHEN old.name = row.name AND old.legacyId = row.legacyId THEN 'unchanged'
  ELSE 'updated' END AS outcome
MERGE (tag:Tag {key: row.key})
SET tag.name = row.name, tag.legacyId = row.legacyId, tag.src = row.src, tag.srcHash = row.srcHash
RETURN outcome, count(*) AS n
"""

# Ancestors implied by `a/b` names keep whatever a real tag of that name says.
ANCESTOR_TAGS: LiteralString = """
UNWIND $rows AS row
OPTIONAL MATCH (old:Tag {key: row.key})
WITH row, CASE WHEN old IS NULL THEN 'created' ELSE 'unchanged' END AS outcome
MERGE (tag:Tag {key: row.key})
ON CREATE SET tag.name = row.name, tag.src = row.src, tag.srcHash = row.srcHash
ON MATCH SET tag.src = coalesce(tag.src, row.src), tag.srcHash = coalesce(tag.srcHash, row.srcHash)
RETURN outcome, count(*) AS n
"""

TAG_PARENTS: LiteralString = """
UNWIND $rows AS row
MATCH (child:Tag {key: row.childKey}), (parent:Tag {key: row.parentKey})
OPTIONAL MATCH (child)-[old:CHILD_OF]->(parent)
WITH row, child, parent, CASE WHEN old IS NULL THEN 'created' ELSE 'unchanged' END AS outcome
MERGE (child)-[link:CHILD_OF]->(parent)
SET link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
"""

TECHNIQUE_TAGS: LiteralString = """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId}), (tag:Tag {key: row.tagKey})
OPTIONAL MATCH (t)-[old:TAGGED]->(tag)
WITH row, t, tag, CASE WHEN old IS NULL THEN 'created'
  WHEN old.legacyId = row.legacyId THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (t)-[link:TAGGED]->(tag)
SET link.legacyId = row.legacyId, link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
"""

RELATIONSHIPS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Technique {legacyId: row.fromId}), (b:Technique {legacyId: row.toId})
OPTIONAL MATCH (a)-[old:RELATED_TO {type: row.type}]->(b)
WITH row, a, b, CASE WHEN old IS NULL THEN 'created'
  WHEN old.legacyId = row.legacyId THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (a)-[link:RELATED_TO {type: row.type}]->(b)
SET link.legacyId = row.legacyId, link.src = row.src, link.srcHash = row.srcHash
RETURN outcome, count(*) AS n
"""

START_RUN: LiteralString = """
CREATE (:MigrationRun {runId: $runId, source: $source, state: 'running',
                       startedAt: toString(datetime())})
"""

# A complete run supersedes every earlier unfinished one: the graph is now whole again.
FINISH_RUN: LiteralString = """
MATCH (run:MigrationRun {runId: $runId})
SET run.state = 'complete', run.finishedAt = toString(datetime()), run.report = $report
WITH run
MATCH (earlier:MigrationRun)
WHERE earlier.state IN ['running', 'failed', 'validating'] AND earlier <> run
SET earlier.state = 'superseded'
"""

# Written, being validated: a kill now leaves the run unfinished, not complete.
VALIDATING_RUN: LiteralString = """
MATCH (run:MigrationRun {runId: $runId}) SET run.state = 'validating'
"""

FAIL_RUN: LiteralString = """
MATCH (run:MigrationRun {runId: $runId})
SET run.state = 'failed', run.finishedAt = toString(datetime()), run.error = $error
"""
