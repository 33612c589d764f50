"""Every benchmark, one after the other, each in a process of its own.

    .venv/bin/python -m bench            # the full run that docs/benchmarks.md reports
    .venv/bin/python -m bench --quick    # what CI runs: every benchmark once, small, checked

The full run: the loaders at 1x, 10x, 100x and 1000x (`bench.loader.compare`); the contract's reads
through this API, hand-written Cypher and @neo4j/graphql 7 at 1x and 100x
(`bench.api.compare`). Results go to
bench/results/*.json, plots to docs/images/bench-*.png; the tables are printed and kept in
bench/results/summary-<date>.md. Each benchmark starts and stops Neo4j instances of its own
(never `default` or `test`). The quick mode checks answers and counts, never times.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "bench" / "results"

FULL: list[tuple[str, list[str]]] = [
    ("loader", ["bench.loader.compare", "--scales", "1,10,100,1000"]),
    ("api", ["bench.api.compare", "--scales", "1,100"]),
]
QUICK: list[tuple[str, list[str]]] = [
    ("loader", ["bench.loader.compare", "--quick"]),
    ("api", ["bench.api.compare", "--quick"]),
]


def run(name: str, module_args: list[str], transcript: list[str]) -> bool:
    """Run one benchmark, its output shown live and kept for the summary."""
    click.echo(f"== bench {name}: python -m {' '.join(module_args)}", err=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", *module_args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        click.echo(line, nl=False)
        lines.append(line)
    code = process.wait()
    seconds = time.perf_counter() - started
    click.echo(f"== bench {name}: exit {code} after {seconds:.0f} s", err=True)
    transcript += [f"## {name} (`python -m {' '.join(module_args)}`, {seconds:.0f} s)", ""]
    transcript += [line.rstrip("\n") for line in lines] + [""]
    return code == 0


@click.command()
@click.option("--quick", is_flag=True, help="Every benchmark once, small; exit 1 on a mismatch.")
@click.option(
    "--only", type=click.Choice([name for name, _ in FULL]), help="Run just this benchmark."
)
def main(quick: bool, only: str | None) -> None:
    """Run the benchmarks (see bench/__main__.py and docs/benchmarks.md)."""
    plan = [(name, args) for name, args in (QUICK if quick else FULL) if only in (None, name)]
    transcript = [f"# Benchmarks, {datetime.now(UTC).isoformat(timespec='seconds')}", ""]
    failed = [name for name, args in plan if not run(name, args, transcript)]
    if not quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        summary = RESULTS / f"summary-{datetime.now(UTC).strftime('%Y-%m-%d')}.md"
        summary.write_text("\n".join(transcript) + "\n", "utf-8")
        click.echo(f"tables kept in {summary.relative_to(REPO_ROOT)}", err=True)
    if failed:
        click.echo(f"failed: {', '.join(failed)}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
