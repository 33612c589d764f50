"""What the profile's suggestions would buy: the migration's load pass with changed queries.

Each variant runs `loaders.migrate.migrate` in this process against a freshly emptied
instance of its own (`benchexp`, bolt 7733) and reports the load time and whether the graph
equals the baseline's. The variants are proposals for the loader, measured here:

- `baseline`: the loader as it is (into an empty graph: the CREATE forms, pipelined);
- `merge`: the MERGE forms of graph/migration/writes.py even though the graph is empty
  (what the loader did before it had CREATE forms);
- `fulltext-after`: the full-text index `techniqueText` created after the load, not before;
- `batch-20k`: batches of 20,000 records instead of 5,000.

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
from graph import schema
from graph.connection import connected
from graph.settings import load_settings
from loaders import migrate as migration
from loaders.migrate import MigrationOptions, check_source, migrate
from loaders.sources import open_source

INSTANCE = BenchInstance("benchexp", 7733, 7533)
DIGEST_MAX_ROWS = 200_000

VARIANTS: dict[str, dict[str, Any]] = {
    "baseline": {},
    "merge": {"merge": True},
    "fulltext-after": {"fulltext_after": True},
    "batch-20k": {"batch_size": 20_000},
}


@contextmanager
def patched(merge: bool, fulltext_after: bool) -> Iterator[None]:
    """The variant's load: MERGE even into an empty graph; the full-text index left out."""
    saved_fresh, saved_schema = migration.is_fresh, schema.SCHEMA
    if merge:
        migration.is_fresh = lambda graph: False
    if fulltext_after:
        schema.SCHEMA = tuple(item for item in schema.SCHEMA if item.kind != "fulltext")
    try:
        yield
    finally:
        migration.is_fresh, schema.SCHEMA = saved_fresh, saved_schema


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
        with patched(options.get("merge", False), options.get("fulltext_after", False)):
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
