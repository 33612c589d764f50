"""The freeze window: the final `catalog migrate` sync after 1% of the rows changed, against a
full re-migrate into an emptied graph, per scale of the bundled catalog.

    NEO4J_URI=bolt://127.0.0.1:7761 .venv/bin/python -m bench.loader.sync --scales 1,100

For each scale: a generated catalog (`catalog generate`) is loaded whole into the emptied
graph (timed: the full re-migrate), 1% of its rows are changed in the SQLite source (a third
updated technique descriptions, a third deleted technique_tag rows, a third new
technique_relationship rows), and the sync is timed with its phases (reading the ledger, the
source's checking pass, the graph reads of the changed units, the one write transaction).
No backup and no validation in either, so both time the data work alone. The graph at
NEO4J_URI is emptied: point it at an instance of your own. Prints a table and writes
bench/results/sync-<date>.json; docs/benchmarks.md reads the figures.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from graph.connection import connected
from loaders.migrate import MigrationOptions, migrate
from loaders.sources import open_source
from loaders.sync.run import sync

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS = REPO_ROOT / "bench" / "results"
WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def change_one_percent(path: Path) -> dict[str, int]:
    """Change 1% of the source's rows: updates, deletes and creates in equal parts."""
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        total = sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
        third = max(1, total // 100 // 3)
        techniques = [r[0] for r in db.execute("SELECT id FROM technique ORDER BY id")]
        updated = techniques[:: max(1, len(techniques) // third)][:third]
        db.executemany(
            "UPDATE technique SET description = description || ' (changed)' WHERE id = ?",
            [(i,) for i in updated],
        )
        tag_rows = [r[0] for r in db.execute("SELECT id FROM technique_tag ORDER BY id DESC")]
        deleted = tag_rows[:third]
        db.executemany("DELETE FROM technique_tag WHERE id = ?", [(i,) for i in deleted])
        next_id = db.execute("SELECT max(id) FROM technique_relationship").fetchone()[0] + 1
        pairs = [
            (
                next_id + n,
                techniques[n % len(techniques)],
                techniques[(n * 7 + 3) % len(techniques)],
            )
            for n in range(third * 2)
        ]
        new = [(i, a, b, "bench-new") for i, a, b in pairs if a != b][:third]
        db.executemany("INSERT INTO technique_relationship VALUES (?, ?, ?, ?)", new)
        db.commit()
        return {
            "rows": total,
            "updated": len(updated),
            "deleted": len(deleted),
            "created": len(new),
        }
    finally:
        db.close()


def run_scale(scale: int, work: Path) -> dict[str, Any]:
    source = work / f"sync-{scale}x.db"
    subprocess.run(
        [
            str(REPO_ROOT / ".venv" / "bin" / "catalog"),
            "generate",
            "--scale",
            str(scale),
            "--force",
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    with connected() as graph:
        graph.run_autocommit(WIPE)
        with open_source(source) as legacy:
            first = migrate(legacy, graph, MigrationOptions())
        changed = change_one_percent(source)
        cpu = time.process_time()
        with open_source(source) as legacy:
            synced = sync(legacy, graph)
        # This process's share (reading, checking, planning); the rest is Neo4j's.
        sync_cpu = time.process_time() - cpu
        assert synced.outcome == "synced", synced.outcome
        graph.run_autocommit(WIPE)
        started = time.perf_counter()
        with open_source(source) as legacy:
            migrate(legacy, graph, MigrationOptions())
        full_seconds = time.perf_counter() - started
    return {
        "scale": scale,
        "sourceRows": changed["rows"],
        "changed": changed,
        "firstLoadSeconds": round(first.seconds, 2),
        "syncSeconds": round(synced.seconds, 2),
        "syncClientCpuSeconds": round(sync_cpu, 2),
        "syncPhases": {k: round(v, 2) for k, v in synced.timings.items()},
        "syncPlan": synced.plan.counts(),
        "fullRemigrateSeconds": round(full_seconds, 2),
        "loadAverage": list(os.getloadavg()),
    }


@click.command()
@click.option("--scales", default="1,100", show_default=True, help="Comma-separated scales.")
def main(scales: str) -> None:
    """Time a 1% sync against a full re-migrate, per scale (see the module docstring)."""
    work = RESULTS / "tmp"
    work.mkdir(parents=True, exist_ok=True)
    results = [run_scale(int(s), work) for s in scales.split(",")]
    click.echo(
        f"{'scale':>6} {'rows':>10} {'changed':>8} {'sync s':>8} {'full s':>8}  phases of the sync"
    )
    for r in results:
        changed = sum(v for k, v in r["changed"].items() if k != "rows")
        phases = ", ".join(f"{k} {v}" for k, v in r["syncPhases"].items())
        click.echo(
            f"{r['scale']:>5}x {r['sourceRows']:>10,} {changed:>8,} {r['syncSeconds']:>8} "
            f"{r['fullRemigrateSeconds']:>8}  {phases}"
        )
        click.echo(
            f"        client CPU {r['syncClientCpuSeconds']} s; load average {r['loadAverage']}"
        )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    out = RESULTS / f"sync-{stamp}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    click.echo(f"results: {out}")


if __name__ == "__main__":
    main()
