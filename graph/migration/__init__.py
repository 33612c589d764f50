"""The migration's Cypher, apart from the API's reads (`graph/queries/`).

- `writes.py`: one `WriteKind` per kind of record the migration writes (`kind.py`): its MERGE
  form, its CREATE form for a graph with no catalog yet, and the nodes it makes or links.
- `runs.py`: the `MigrationRun` record of a run, and whether a graph holds a catalog.
- `validate_queries.py`: the graph side of `catalog validate`.
- `export_queries.py`: the reads of `catalog export`, the rollback into the legacy schema.
"""
