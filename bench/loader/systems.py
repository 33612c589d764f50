"""The three ways of loading a legacy catalog that the benchmark compares, and their checks.

- `migrate`: `catalog migrate SOURCE --no-backup` (batched UNWIND…MERGE) into an empty graph
  (`bench.common.catalog.migrate`, which the API's benchmarks load their catalog with);
- `naive`: `bench.loader.naive` (one neomodel save or connect per node or relationship);
- `import`: `catalog export-csv` then `neo4j-admin database import full` into a stopped
  instance, then the schema's indexes built once the server is up.

Each load runs as its own process (see `bench.common.measure`); what happens around it (emptying
the database, starting and stopping the server) is not measured.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.common.catalog import CATALOG
from bench.common.instance import REPO_ROOT, BenchInstance
from bench.common.measure import Measurement, run_measured
from bench.loader.census import Census, take_census
from graph.connection import connected
from graph.schema import install_schema
from graph.settings import load_settings

SYSTEMS = ("migrate", "naive", "import")


def naive(source: Path, env: dict[str, str], log: Path) -> Measurement:
    return run_measured(
        [sys.executable, "-m", "bench.loader.naive", str(source)], env, log, REPO_ROOT
    )


def export_csv(source: Path, out_dir: Path, env: dict[str, str], log: Path) -> Measurement:
    """`catalog export-csv`."""
    command = [str(CATALOG), "export-csv", str(source), str(out_dir), "--force"]
    return run_measured(command, env, log, REPO_ROOT)


def neo4j_import(instance: BenchInstance, csv_dir: Path, log: Path) -> Measurement:
    """neo4j-admin's full import, the instance stopped (through scripts/neo4j, as a user would)."""
    return run_measured(
        instance.import_command(csv_dir / "import.args"), instance.env(), log, REPO_ROOT
    )


def validate(source: Path, env: dict[str, str], log: Path) -> Measurement:
    """`catalog validate`; exit 0 when the graph matches the source, 1 when not."""
    return run_measured([str(CATALOG), "validate", str(source)], env, log, REPO_ROOT, check=False)


def install_indexes(uri: str) -> float:
    """Build the schema (constraints and indexes) on an imported graph; seconds until online."""
    started = time.perf_counter()
    with connected(load_settings(NEO4J_URI=uri)) as graph:
        install_schema(graph)
    return time.perf_counter() - started


def census(uri: str, digest: bool) -> Census:
    with connected(load_settings(NEO4J_URI=uri)) as graph:
        return take_census(graph, digest=digest)


def server_peak_rss_mib(instance: BenchInstance) -> float | None:
    """The server's peak resident memory since it started (VmHWM), if it is running."""
    try:
        pid = (instance.home / "neo4j.pid").read_text().strip()
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None
