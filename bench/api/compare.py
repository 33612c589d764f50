"""The API benchmark: the contract's reads through this API, through hand-written Cypher (the
floor) and through @neo4j/graphql 7, at 1x and 100x the bundled catalog.

    .venv/bin/python -m bench.api.compare                 # scales 1,100; results + plot
    .venv/bin/python -m bench.api.compare --quick         # CI: scale 1, answers and counts
    .venv/bin/python -m bench.api.compare --table bench/results/api-2026-12-01.json

Per scale: a generated catalog migrated into the benchmark's own Neo4j (`benchapi`, bolt
7741, never `default` or `test`), `catalog serve` (one worker) and the Node server of
bench/api/neo4j_graphql/ on free ports; every operation answered alike by all three (else
exit 1), their statements counted and PROFILEd, then latency in interleaved rounds and
requests per second at a fixed concurrency. Results go to bench/results/api-<date>.json,
the plot to docs/images/bench-api-latency.png, working files to bench/results/tmp/api/.
The quick mode checks answers and statement counts; its times are printed, never judged.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from bench.api.neo4j_graphql_contract import DIFFERENCES
from bench.api.report import differences_text, draw, markdown_table
from bench.api.run import Plan, load, measure, run_scale
from bench.api.servers import NODE_DIR
from bench.common.instance import REPO_ROOT, BenchInstance
from bench.common.machine import load_average, machine
from bench.common.outcome import exit_with_mismatches

RESULTS = REPO_ROOT / "bench" / "results"
WORK = RESULTS / "tmp" / "api"
QUICK_PLAN = Plan(rounds=2, requests=2, warmup=2, concurrency=2, throughput_seconds=0.25)
QUICK_TECHNIQUES = 92
log = logging.getLogger("bench.api")


def node_versions() -> dict[str, str | None]:
    """Node's version and the locked versions of the packages the comparison runs."""
    node = shutil.which("node")
    done = subprocess.run([node, "--version"], capture_output=True, text=True) if node else None
    lock = json.loads((NODE_DIR / "package-lock.json").read_text("utf-8"))["packages"]
    return {
        "node": done.stdout.strip() if done else None,
        **{p: lock.get(f"node_modules/{p}", {}).get("version") for p in
           ("@neo4j/graphql", "neo4j-driver", "graphql")},
    }  # fmt: skip


def quick(instance: BenchInstance, work: Path) -> tuple[bool, dict[str, Any]]:
    """The quick check on the benchmark's instance, emptied and loaded at scale 1."""
    load(1, instance, work, fresh=False)
    return quick_check(instance.env(), work)


def quick_check(env: dict[str, str], work: Path) -> tuple[bool, dict[str, Any]]:
    """Scale 1 (already loaded at env's NEO4J_URI) with tiny rounds: True when every system
    answered every operation alike and sent the statements it should."""
    result = measure(1, env, work, QUICK_PLAN)
    if result["techniques"] != QUICK_TECHNIQUES:
        result["mismatches"].append(
            f"scale 1 holds {result['techniques']} techniques, not {QUICK_TECHNIQUES}"
        )
    return not result["mismatches"], result


def _print_quick(result: dict[str, Any]) -> None:
    for label, op in result["operations"].items():
        s = op["systems"]
        click.echo(
            f"{label:<16} statements api {s['api']['statements']} floor 1 "
            f"neo4j-graphql {s['neo4j-graphql']['statements']}; db hits "
            f"{s['api']['dbHits']}/{s['floor']['dbHits']}/{s['neo4j-graphql']['dbHits']}; "
            f"ms (not judged) {s['api']['medianMs']:.1f}/{s['floor']['medianMs']:.1f}/"
            f"{s['neo4j-graphql']['medianMs']:.1f}"
        )


def full(instance: BenchInstance, scales: list[int], plan: Plan, path: Path) -> dict[str, Any]:
    results: dict[str, Any] = {
        "benchmark": "api",
        "startedAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {**machine(), **node_versions()},
        "settings": {**plan.__dict__, "instance": instance.name, "apiWorkers": 1},
        "differences": dict(DIFFERENCES),
        "scales": [],
    }
    for scale in scales:
        result = run_scale(scale, instance, WORK / f"x{scale}", plan)
        results["scales"].append(result)
        results["machine"]["loadAverageAtEnd"] = load_average()
        # Written after every scale, so a long run that is stopped keeps what it measured.
        path.write_text(json.dumps(results, indent=1) + "\n")
        log.info("scale %d done in %.0fs; results in %s", scale, result["wallSeconds"], path)
    return results


def _scales(text: str) -> list[int]:
    try:
        scales = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter("give scales as numbers separated by commas, e.g. 1,100") from None
    if not scales or any(s < 1 or s > 1000 for s in scales):
        raise click.BadParameter("scales go from 1 to 1000 (catalog generate's range)")
    return scales


@click.command()
@click.option("--quick", "quick_mode", is_flag=True, help="Scale 1, tiny rounds; exit 1 "
              "unless all three systems answer alike and send the expected statements. Times "
              "are not judged.")  # fmt: skip
@click.option("--scales", default="1,100", show_default=True, help="Comma-separated scales.")
@click.option("--rounds", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--requests", default=20, show_default=True, type=click.IntRange(1, 10_000),
              help="Requests per round, operation and system.")  # fmt: skip
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option("--throughput-seconds", default=3.0, show_default=True, type=float)
@click.option("--results", "results_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Results JSON [bench/results/api-<date>.json].")  # fmt: skip
@click.option("--table", "table_of", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Only print the tables (and redraw the plot) of a results JSON.")  # fmt: skip
@click.option("--no-plots", is_flag=True, help="Do not draw docs/images/bench-api-latency.png.")
@click.option("--instance", "instance_name", default="benchapi", show_default=True)
@click.option("--bolt-port", default=7741, show_default=True)
@click.option("--http-port", default=7541, show_default=True)
@click.option("--keep-running", is_flag=True, help="Leave the instance running at the end.")
def main(
    quick_mode: bool,
    scales: str,
    rounds: int,
    requests: int,
    concurrency: int,
    throughput_seconds: float,
    results_path: Path | None,
    table_of: Path | None,
    no_plots: bool,
    instance_name: str,
    bolt_port: int,
    http_port: int,
    keep_running: bool,
) -> None:
    """Benchmark the read side: this API, hand-written Cypher, @neo4j/graphql 7.

    \b
    Example:
      .venv/bin/python -m bench.api.compare --quick
      .venv/bin/python -m bench.api.compare --scales 1,100 --rounds 5
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    # The in-process app (for its statements) logs every request; the servers' logs are kept.
    for noisy in ("httpx", "catalog.api"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if table_of:
        results = json.loads(table_of.read_text())
        click.echo(markdown_table(results))
        click.echo("\nDifferences from the contract for @neo4j/graphql:\n" + differences_text())
        if not no_plots:
            _draw(results)
        return
    instance = BenchInstance(instance_name, bolt_port, http_port)
    try:
        if quick_mode:
            ok, result = quick(instance, WORK / "quick")
            (WORK / "quick" / "report.json").write_text(json.dumps(result, indent=1) + "\n")
            _print_quick(result)
            for mismatch in result["mismatches"]:
                click.echo(f"quick: MISMATCH: {mismatch}", err=True)
            if ok:
                click.echo("quick: OK: the three systems answered every operation alike")
            sys.exit(0 if ok else 1)
        date = datetime.now(UTC).strftime("%Y-%m-%d")
        path = results_path or RESULTS / f"api-{date}.json"
        plan = Plan(rounds, requests, min(requests, 20), concurrency, throughput_seconds)
        results = full(instance, _scales(scales), plan, path)
    finally:
        if not keep_running:
            instance.stop()
    click.echo(markdown_table(results))
    click.echo("\nDifferences from the contract for @neo4j/graphql:\n" + differences_text())
    if not no_plots:
        _draw(results)
    exit_with_mismatches(results)


def _draw(results: dict[str, Any]) -> None:
    try:
        log.info("plot: %s", draw(results))
    except ImportError:
        log.warning("matplotlib is not installed; no plot (pip install -e '.[dev]')")


if __name__ == "__main__":
    main()
