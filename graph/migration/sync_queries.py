"""The sync's reads and writes (`loaders/sync/`): provenance (`src`, `srcHash`), the ledger
of what was migrated, and the changes of a plan, all parameterised.

Labels and relationship types cannot be parameters; the per-label and per-type forms below
are rendered from this module's constants only, never from input.
"""

from __future__ import annotations

from typing import LiteralString

# The ledger: every unit the migration made (src → srcHash), one node per source table,
# kept even when an editor deletes the node or link, so a sync knows the row was migrated
# and does not bring back what an editor removed. `entries` is one JSON object per table
# (loaders/sync/ledger.py); ledgers written before it hold two lists, `srcs` and `hashes`.
READ_LEDGER: LiteralString = """
MATCH (l:SyncLedger)
RETURN l.table AS table, l.entries AS entries, l.srcs AS srcs, l.hashes AS hashes
"""

LOAD_MODE: LiteralString = """
RETURN EXISTS { (l:SyncLedger) } AS ledger,
       EXISTS { (m:MigrationRun) WHERE m.state IN ['running', 'failed'] } AS unfinished
"""

WRITE_LEDGER: LiteralString = """
UNWIND $tables AS t
MERGE (l:SyncLedger {table: t.table})
SET l.entries = t.entries, l.size = t.size
REMOVE l.srcs, l.hashes
"""

DROP_LEDGER: LiteralString = """
UNWIND $tables AS t
MATCH (l:SyncLedger {table: t}) DELETE l
"""

# After a whole load (CREATE or MERGE) the ledger is what the graph now holds: its units
# per table, then the ledger replaced by them.
GRAPH_UNITS: LiteralString = """
CALL () {
  MATCH (n) WHERE n.srcHash IS NOT NULL RETURN n.src AS src, n.srcHash AS h
  UNION ALL
  MATCH ()-[r]->() WHERE r.srcHash IS NOT NULL RETURN r.src AS src, r.srcHash AS h
}
RETURN split(src, ':')[0] AS table, collect(src) AS srcs, collect(h) AS hashes
"""
REPLACE_LEDGER: LiteralString = """
CALL () { MATCH (l:SyncLedger) DELETE l }
UNWIND $tables AS t
CREATE (:SyncLedger {table: t.table, entries: t.entries, size: t.size})
"""

# The graph's units with the given srcs, as they are now: the compared fields, and for
# nodes the relationships no migration made (an editor's; not the edit history's
# HAS_CHANGE), which a delete would take. A technique an editor soft-deleted
# (`DeletedTechnique`) counts as deleted in the graph.
_NODE_COLUMNS: LiteralString = """
RETURN n.src AS src, elementId(n) AS eid,
  [l IN labels(n) WHERE l IN ['Goal', 'Category', 'SubCategory', 'AttributeType',
                              'AttributeValue', 'Technique', 'Tag']][0] AS label,
  n.key AS key, n.typeKey AS typeKey, n.name AS name, n.description AS description,
  n.modelDependency AS modelDependency, n.exampleUseCase AS exampleUseCase,
  n.position AS position, n.multiValued AS multiValued, n.appliesToAll AS appliesToAll,
  n.srcHash AS srcHash,
  head([(n)-[r:SERVES|PART_OF|HAS_PRIMARY_GOAL]->(o) WHERE coalesce(r.legacy, true)
        | coalesce(o.src, o.key)]) AS parent,
  [(n)-[:APPLIES_TO]->(g:Goal) | coalesce(g.src, g.key)] AS goals,
  COUNT { (n)-[r]-() WHERE r.src IS NULL AND NOT r:HAS_CHANGE } AS editorLinks
"""
NODES_BY_SRC: LiteralString = (
    "MATCH (n) WHERE n.srcHash IS NOT NULL AND n.src IN $srcs AND NOT n:DeletedTechnique"
    + _NODE_COLUMNS
)

_LINK_COLUMNS: LiteralString = """
RETURN r.src AS src, elementId(r) AS eid, type(r) AS type, a.key AS start,
  b.key AS end, b.typeKey AS endType, r.type AS relType, r.srcHash AS srcHash,
  coalesce(a.src, a.key) AS startSrc, coalesce(b.src, b.key) AS endSrc
"""
LINKS_BY_SRC: LiteralString = (
    "MATCH (a)-[r]->(b) WHERE r.srcHash IS NOT NULL AND r.src IN $srcs" + _LINK_COLUMNS
)

LABELS: tuple[LiteralString, ...] = (
    "Goal",
    "Category",
    "SubCategory",
    "AttributeType",
    "AttributeValue",
    "Technique",
    "Tag",
)


# The same, by label or type, so a sync reads only what changed. Rows of a legacy table
# carry their row id as `legacyId` (indexed): `$rows` of {src, id}. The migration's own
# srcs are found by a scan of their label or type only (`$srcs`). A soft-deleted technique
# is a `DeletedTechnique`, not a `Technique`: deleted in the graph.
NODES_BY_LEGACY_ID: dict[str, LiteralString] = {
    label: f"UNWIND $rows AS row MATCH (n:{label} {{legacyId: row.id}})\n"
    "WHERE n.src = row.src AND n.srcHash IS NOT NULL" + _NODE_COLUMNS
    for label in LABELS
}
NODES_OF_LABEL_BY_SRC: dict[str, LiteralString] = {
    label: f"MATCH (n:{label}) WHERE n.srcHash IS NOT NULL AND n.src IN $srcs" + _NODE_COLUMNS
    for label in LABELS
}


def _node_match(label: LiteralString, var: LiteralString, key: LiteralString) -> LiteralString:
    """A node of `label` by its natural key (`row.<key>`; attribute values by type too)."""
    if label == "AttributeValue":
        return f"({var}:AttributeValue {{typeKey: row.{key}Type, key: row.{key}}})"
    return f"({var}:{label} {{key: row.{key}}})"


# Nodes by natural key ($rows: {key, keyType}), for new and renamed units.
NODES_BY_KEY: dict[str, LiteralString] = {
    label: f"UNWIND $rows AS row MATCH {_node_match(label, 'n', 'key')}" + _NODE_COLUMNS
    for label in LABELS
}
# Slugs already taken, for new techniques: a deleted technique keeps its slug for an undelete.
TAKEN_SLUGS: LiteralString = """
UNWIND $slugs AS slug
CALL (slug) {
  MATCH (t:Technique {slug: slug}) RETURN t.slug AS taken
  UNION
  MATCH (t:DeletedTechnique {slug: slug}) RETURN t.slug AS taken
}
RETURN DISTINCT taken AS slug
"""

LINK_TYPES: dict[LiteralString, tuple[LiteralString, LiteralString]] = {
    "SERVES": ("Category", "Goal"),
    "IN_CATEGORY": ("Technique", "Category"),
    "IN_SUBCATEGORY": ("Technique", "SubCategory"),
    "HAS_ATTRIBUTE": ("Technique", "AttributeValue"),
    "TAGGED": ("Technique", "Tag"),
    "CHILD_OF": ("Tag", "Tag"),
    "RELATED_TO": ("Technique", "Technique"),
}

LINKS_BY_LEGACY_ID: dict[str, LiteralString] = {
    rel: f"UNWIND $rows AS row MATCH (a)-[r:{rel} {{legacyId: row.id}}]->(b)\n"
    "WHERE r.src = row.src AND r.srcHash IS NOT NULL" + _LINK_COLUMNS
    for rel in LINK_TYPES
}
LINKS_OF_TYPE_BY_SRC: dict[str, LiteralString] = {
    rel: f"MATCH (a)-[r:{rel}]->(b) WHERE r.srcHash IS NOT NULL AND r.src IN $srcs" + _LINK_COLUMNS
    for rel in LINK_TYPES
}

# For new links ($rows: {src, start, end, endType, type}): do the ends exist, and is there
# already a link of the type between them?
LINK_LOOKUP: dict[str, LiteralString] = {
    rel: "UNWIND $rows AS row\n"
    f"OPTIONAL MATCH {_node_match(start, 'a', 'start')}\n"
    f"OPTIONAL MATCH {_node_match(end, 'b', 'end')}\n"
    "RETURN row.src AS want, a IS NOT NULL AS hasStart, b IS NOT NULL AS hasEnd,\n"
    f"  CASE WHEN a IS NULL OR b IS NULL THEN null ELSE head([(a)-[r:{rel}]->(b)\n"
    "    WHERE row.type IS NULL OR r.type = row.type\n"
    "    | {eid: elementId(r), src: r.src, srcHash: r.srcHash, relType: r.type}]) END AS found"
    for rel, (start, end) in LINK_TYPES.items()
}

# --- writes, in the order a sync runs them, all in one transaction ---

# Keys and legacy ids that change are cleared first, so two nodes may swap them.
CLEAR_IDENTITY: LiteralString = """
UNWIND $eids AS eid MATCH (n) WHERE elementId(n) = eid REMOVE n.key, n.legacyId
"""

UPDATE_NODES: LiteralString = """
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.eid
SET n += row.props,
    n.version = CASE WHEN n:Technique AND row.bump THEN coalesce(n.version, 0) + 1
                     ELSE n.version END
"""

CREATE_NODES: dict[str, LiteralString] = {
    label: f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props RETURN count(*) AS n"
    for label in LABELS
}

# A node's owned link to its parent (the legacy goal, category or primary goal): any other
# such link of the node goes (a technique has exactly one primary goal).
_PARENT: dict[str, tuple[LiteralString, LiteralString, LiteralString]] = {
    "Category": ("SERVES", "Goal", "{legacy: true}"),
    "SubCategory": ("PART_OF", "Category", "{legacy: true}"),
    "Technique": ("HAS_PRIMARY_GOAL", "Goal", ""),
    "AttributeValue": ("OF_TYPE", "AttributeType", ""),
    "AttributeType": ("APPLIES_TO", "Goal", ""),
}
SET_PARENTS: dict[str, LiteralString] = {
    label: "UNWIND $rows AS row\n"
    f"MATCH {_node_match(label, 'n', 'key')}\n"
    f"MATCH (p:{parent} {{key: row.parent}})\n"
    "CALL (n, p, row) {\n"
    f"  MATCH (n)-[stale:{rel} {props}]->(other) WHERE other <> p AND row.exclusive\n"
    "  DELETE stale\n"
    "}\n"
    f"MERGE (n)-[link:{rel}]->(p)\n"
    "SET link.src = row.src" + (", link.legacy = true" if props else "")
    for label, (rel, parent, props) in _PARENT.items()
}

# Links by element id: `elementId(r) IN $eids` straight from a parameter is a seek; the
# same test on an UNWIND's variable is planned as a scan of every relationship, per row.
DELETE_LINKS: LiteralString = """
MATCH ()-[r]->() WHERE elementId(r) IN $eids DELETE r
"""

CREATE_LINKS: dict[str, LiteralString] = {
    rel: "UNWIND $rows AS row\n"
    f"MATCH {_node_match(start, 'a', 'start')}\n"
    f"MATCH {_node_match(end, 'b', 'end')}\n"
    f"CREATE (a)-[r:{rel}]->(b) SET r = row.props RETURN count(*) AS n"
    for rel, (start, end) in LINK_TYPES.items()
}

# $props: element id → the properties to set.
UPDATE_LINKS: LiteralString = """
MATCH ()-[r]->() WHERE elementId(r) IN $eids SET r += $props[elementId(r)]
"""

DELETE_NODES: LiteralString = """
UNWIND $eids AS eid MATCH (n) WHERE elementId(n) = eid DETACH DELETE n
"""

# A unit the source dropped and an editor kept: it is the editor's now.
RELEASE_NODES: LiteralString = """
UNWIND $eids AS eid MATCH (n) WHERE elementId(n) = eid
OPTIONAL MATCH (n)-[owned]->() WHERE owned.src = n.src
REMOVE owned.src
WITH DISTINCT n
REMOVE n.src, n.srcHash, n.legacyId
"""
RELEASE_LINKS: LiteralString = """
MATCH ()-[r]->() WHERE elementId(r) IN $eids REMOVE r.src, r.srcHash, r.legacyId
"""

# `catalog stats`: what came from the source and what editors made (the live catalog and
# its vocabulary; soft-deleted techniques and the edit history are counted by label only).
PROVENANCE_COUNTS: LiteralString = """
CALL () {
  MATCH (n) WHERE n:Goal OR n:Category OR n:SubCategory OR n:Technique OR n:Tag
                  OR n:AttributeType OR n:AttributeValue OR n:ModelDependency
  RETURN count(n.src) AS nodesFromSource, count(*) - count(n.src) AS nodesFromEditors
}
CALL () {
  MATCH ()-[r]->()
  RETURN count(r.src) AS linksFromSource, count(*) - count(r.src) AS linksFromEditors
}
CALL () {
  MATCH (l:SyncLedger) RETURN coalesce(sum(coalesce(l.size, size(l.srcs))), 0) AS ledgerRows
}
RETURN nodesFromSource, nodesFromEditors, linksFromSource, linksFromEditors, ledgerRows
"""
