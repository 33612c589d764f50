"""What the profile's suggestions would buy: the migration's load pass with changed queries.

Each variant runs `loaders.migrate.migrate` in this process against a freshly emptied
instance of its own (`benchexp`, bolt 7733) and reports the load time and whether the graph
equals the baseline's. The variants are proposals for graph/load_queries.py and
graph/schema.py, measured here and used nowhere else:

- `baseline`: the loader as it is;
- `fulltext-after`: the full-text index `techniqueText` created after the load, not before;
- `create`: on an empty graph, CREATE instead of OPTIONAL MATCH + CASE + MERGE (no Eager,
  no second expansion per relationship), plus `fulltext-after`;
- `create-20k`: `create` with batches of 20,000 records instead of 5,000.

The graphs are compared with the baseline's: whole contents up to 200,000 source rows,
counts per label and type above.

    .venv/bin/python -m bench.experiments SOURCE [VARIANT ...]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.census import take_census
from bench.instance import BenchInstance
from graph import load_queries as q
from graph import schema
from graph.connection import connected
from graph.settings import load_settings
from loaders import steps
from loaders.migrate import MigrationOptions, check_source, migrate
from loaders.sources import open_source

INSTANCE = BenchInstance("benchexp", 7733, 7533)
DIGEST_MAX_ROWS = 200_000

CREATED = "RETURN 'created' AS outcome, count(*) AS n"
CREATE_QUERIES: dict[str, str] = {
    "GOALS": """
UNWIND $rows AS row
CREATE (:Goal {key: row.key, name: row.name, description: row.description,
               legacyId: row.legacyId})
""",
    "CATEGORIES": """
UNWIND $rows AS row
MATCH (goal:Goal {key: row.goalKey})
CREATE (:Category {key: row.key, name: row.name, description: row.description,
                   legacyId: row.legacyId})-[:SERVES {legacy: true}]->(goal)
""",
    "EXTRA_CATEGORY_GOALS": """
UNWIND $rows AS row
MATCH (c:Category {key: row.categoryKey})
MATCH (goal:Goal {key: row.goalKey})
CREATE (c)-[:SERVES {legacy: false}]->(goal)
""",
    "SUBCATEGORIES": """
UNWIND $rows AS row
MATCH (category:Category {key: row.categoryKey})
CREATE (:SubCategory {key: row.key, name: row.name, description: row.description,
                      legacyId: row.legacyId})-[:PART_OF {legacy: true}]->(category)
""",
    "ATTRIBUTE_VALUES": """
UNWIND $rows AS row
MATCH (type:AttributeType {key: row.typeKey})
CREATE (:AttributeValue {typeKey: row.typeKey, key: row.key, name: row.name,
                         legacyId: row.legacyId, position: row.position})-[:OF_TYPE]->(type)
""",
    "TECHNIQUES": """
UNWIND $rows AS row
MATCH (goal:Goal {key: row.primaryGoalKey})
CREATE (:Technique {legacyId: row.legacyId, slug: row.slug, name: row.name, key: row.key,
                    description: row.description, modelDependency: row.modelDependency,
                    exampleUseCase: row.exampleUseCase, version: 1})
       -[:HAS_PRIMARY_GOAL]->(goal)
""",
    "TECHNIQUE_CATEGORIES": """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (c:Category {key: row.categoryKey})
CREATE (t)-[:IN_CATEGORY {legacyId: row.legacyId}]->(c)
""",
    "TECHNIQUE_SUBCATEGORIES": """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (s:SubCategory {key: row.subCategoryKey})
CREATE (t)-[:IN_SUBCATEGORY {legacyId: row.legacyId}]->(s)
""",
    "TECHNIQUE_ATTRIBUTES": """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (v:AttributeValue {typeKey: row.typeKey, key: row.valueKey})
CREATE (t)-[:HAS_ATTRIBUTE {legacyId: row.legacyId, legacyTable: row.legacyTable}]->(v)
""",
    "TAGS": """
UNWIND $rows AS row
CREATE (:Tag {key: row.key, name: row.name, legacyId: row.legacyId})
""",
    "ANCESTOR_TAGS": """
UNWIND $rows AS row
CREATE (:Tag {key: row.key, name: row.name})
""",
    "TAG_PARENTS": """
UNWIND $rows AS row
MATCH (child:Tag {key: row.childKey})
MATCH (parent:Tag {key: row.parentKey})
CREATE (child)-[:CHILD_OF]->(parent)
""",
    "TECHNIQUE_TAGS": """
UNWIND $rows AS row
MATCH (t:Technique {legacyId: row.techniqueId})
MATCH (tag:Tag {key: row.tagKey})
CREATE (t)-[:TAGGED {legacyId: row.legacyId}]->(tag)
""",
    "RELATIONSHIPS": """
UNWIND $rows AS row
MATCH (a:Technique {legacyId: row.fromId})
MATCH (b:Technique {legacyId: row.toId})
CREATE (a)-[:RELATED_TO {type: row.type, legacyId: row.legacyId}]->(b)
""",
}

# The load query each link table's records go to (as in loaders.steps.LINK_QUERIES).
LINK_QUERY_NAMES = {
    "technique_category": "TECHNIQUE_CATEGORIES",
    "technique_sub_category": "TECHNIQUE_SUBCATEGORIES",
    "technique_fairness_approach": "TECHNIQUE_ATTRIBUTES",
    "technique_project_lifecycle_stage": "TECHNIQUE_ATTRIBUTES",
    "technique_tag": "TECHNIQUE_TAGS",
}

VARIANTS: dict[str, dict[str, Any]] = {
    "baseline": {},
    "fulltext-after": {"fulltext_after": True},
    "create": {"fulltext_after": True, "create": True},
    "create-20k": {"fulltext_after": True, "create": True, "batch_size": 20_000},
}


@contextmanager
def patched(create: bool, fulltext_after: bool) -> Iterator[None]:
    """Swap the load queries (and the schema's full-text index) for the variant's."""
    saved_queries = {name: getattr(q, name) for name in CREATE_QUERIES}
    saved_links, saved_schema = dict(steps.LINK_QUERIES), schema.SCHEMA
    if create:
        for name, body in CREATE_QUERIES.items():
            setattr(q, name, body + CREATED)
        steps.LINK_QUERIES.update(
            {
                table: (kind, getattr(q, LINK_QUERY_NAMES[table]))
                for table, (kind, _) in saved_links.items()
            }
        )
    if fulltext_after:
        schema.SCHEMA = tuple(item for item in schema.SCHEMA if item.kind != "fulltext")
    try:
        yield
    finally:
        for name, body in saved_queries.items():
            setattr(q, name, body)
        steps.LINK_QUERIES.clear()
        steps.LINK_QUERIES.update(saved_links)
        schema.SCHEMA = saved_schema


def run_variant(source_spec: str, name: str) -> dict[str, Any]:
    options = VARIANTS[name]
    INSTANCE.wipe()
    INSTANCE.start()
    settings = load_settings(NEO4J_URI=INSTANCE.uri)
    batch_size = options.get("batch_size", 5000)
    with open_source(source_spec) as source, connected(settings) as graph:
        started = time.perf_counter()
        check_source(source, batch_size)
        check_seconds = time.perf_counter() - started
        with patched(options.get("create", False), options.get("fulltext_after", False)):
            report = migrate(source, graph, MigrationOptions(batch_size=batch_size))
        fulltext_started = time.perf_counter()
        schema.install_schema(graph)  # the full-text index, when it was left out
        fulltext_seconds = time.perf_counter() - fulltext_started
        rows = sum(report.source_rows.values())
        # Whole-content digests of a 1000x graph take minutes; counts suffice there.
        census = take_census(graph, digest=rows <= DIGEST_MAX_ROWS)
    total = report.seconds + fulltext_seconds
    return {
        "variant": name,
        "rows": rows,
        "migrateSeconds": round(report.seconds, 2),
        "checkPassSeconds": round(check_seconds, 2),
        "lateIndexSeconds": round(fulltext_seconds, 2),
        "rowsPerSecond": round(rows / total),
        "census": census,
    }


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m bench.experiments SOURCE [VARIANT ...]")
    names = argv[1:] or list(VARIANTS)
    results = [run_variant(argv[0], name) for name in names]
    INSTANCE.stop()
    baseline = results[0]["census"]
    for r in results:
        same = "DIFFERENT GRAPH" if r["census"].differences(baseline) else "same graph"
        print(
            f"{r['variant']:<16} {r['migrateSeconds']:>8.1f}s migrate (check pass "
            f"{r['checkPassSeconds']:.1f}s) + {r['lateIndexSeconds']:.1f}s late index = "
            f"{r['rowsPerSecond']:>7,} rows/s  {same} as {results[0]['variant']}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
