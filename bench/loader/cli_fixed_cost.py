"""The fixed cost of `catalog migrate` at 1x: where the seconds of a run on the bundled
catalog (1,424 rows) go, as the operator's command, not in-process.

    NEO4J_URI=bolt://127.0.0.1:7711 .venv/bin/python -m bench.loader.cli_fixed_cost
    NEO4J_URI=... .venv/bin/python -m bench.loader.cli_fixed_cost --tree /tmp/before --tree .

Per tree (a checkout of this repository; default: this one, run with this `.venv`), best of
`--runs`: `catalog migrate --help` (start-up and the command's imports alone), `catalog -v
migrate` into the emptied graph (a whole load, with its backup and validation), and the same
again over the migrated graph (a sync with nothing to do). The phases come from the run's
own log lines, timed as they arrive: start-up to the first line, checking, backup, loading
or syncing, validation, and the end. The graph at NEO4J_URI is emptied: point it at your
own instance.
Prints a table and writes bench/results/cli-fixed-cost-<date>.json.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from graph.connection import connected

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "bench" / "results"
BUNDLED_SQL = REPO_ROOT / "data" / "catalog-2025-07.sql"
WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
# A phase starts at the first log line that begins with its marker (`catalog -v` on stderr).
PHASES = (
    ("checking", ("checking ", "syncing")),
    ("backup", ("backing up", "the graph is empty")),
    ("load or sync", ("loading into", "writing ", "sync plan")),
    ("validation", ("validating",)),
)


def run_timed(tree: Path, args: list[str], workdir: Path) -> dict[str, float]:
    """Run `catalog ARGS` from `tree`; seconds to each phase's first line, and in all."""
    code = "import sys; from catalog_cli.main import main; sys.argv[0] = 'catalog'; main()"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    marks: dict[str, float] = {}
    for line in process.stderr:
        for phase, markers in PHASES:
            if phase not in marks and line.startswith(markers):
                marks[phase] = time.perf_counter() - started
    if process.wait() != 0:
        raise click.ClickException(f"catalog {' '.join(args)} failed in {tree}")
    marks["end"] = time.perf_counter() - started
    return marks


def phases(marks: dict[str, float]) -> dict[str, float]:
    """Seconds spent in each phase: from its mark to the next one present."""
    order = ["start-up", *(p for p, _ in PHASES), "end"]
    at = {"start-up": 0.0, **marks}
    present = [p for p in order if p in at]
    return {
        present[i]: round(at[present[i + 1]] - at[present[i]], 3) for i in range(len(present) - 1)
    }


def measure_tree(tree: Path, source: Path, runs: int, workdir: Path) -> dict[str, Any]:
    best: dict[str, dict[str, float]] = {}
    for _ in range(runs):
        with connected() as graph:
            graph.run_autocommit(WIPE)
        backups = str(workdir / "backups")
        results = {
            "help": run_timed(tree, ["migrate", "--help"], workdir),
            "load": run_timed(
                tree, ["-v", "migrate", str(source), "--backup-dir", backups], workdir
            ),
            "sync": run_timed(
                tree, ["-v", "migrate", str(source), "--backup-dir", backups], workdir
            ),
        }
        for name, marks in results.items():
            if name not in best or marks["end"] < best[name]["end"]:
                best[name] = marks
    return {
        "tree": str(tree),
        "commit": _commit(tree),
        "seconds": {name: round(marks["end"], 3) for name, marks in best.items()},
        "phases": {name: phases(marks) for name, marks in best.items() if name != "help"},
    }


def _commit(tree: Path) -> str:
    found = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return found.stdout.strip() or "(not a git checkout)"


@click.command()
@click.option(
    "--tree",
    "trees",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A checkout whose CLI to time (repeat to compare); default: this one.",
)
@click.option("--runs", default=3, show_default=True, help="Runs per tree; the best is kept.")
def main(trees: tuple[Path, ...], runs: int) -> None:
    """Time `catalog migrate` at 1x with its phases, per tree (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="cli-fixed-cost-") as tmp:
        workdir = Path(tmp)
        source = workdir / "catalog-2025-07.db"
        with sqlite3.connect(source) as db:
            db.executescript(BUNDLED_SQL.read_text("utf-8"))
        results = [measure_tree(t.resolve(), source, runs, workdir) for t in trees or (REPO_ROOT,)]
    for r in results:
        click.echo(f"{r['tree']} ({r['commit']}), best of {runs}:")
        for name, seconds in r["seconds"].items():
            detail = ", ".join(f"{k} {v}" for k, v in r["phases"].get(name, {}).items())
            click.echo(f"  {name:<5} {seconds:>6.2f} s  {detail}")
    click.echo(f"load average {[round(x, 2) for x in os.getloadavg()]}")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    out = RESULTS / f"cli-fixed-cost-{stamp}.json"
    out.write_text(json.dumps({"runs": runs, "results": results}, indent=2) + "\n")
    click.echo(f"results: {out}")


if __name__ == "__main__":
    main()
