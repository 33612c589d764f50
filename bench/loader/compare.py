"""The loader benchmark: `catalog migrate` against a naive neomodel loader and neo4j-admin import.

    .venv/bin/python -m bench.loader.compare              # scales 1,10,100; results + plots
    .venv/bin/python -m bench.loader.compare --scales 1,10,100,1000
    .venv/bin/python -m bench.loader.compare --quick      # CI: scale 1, equal graphs or exit 1

Everything runs on a Neo4j instance of the benchmark's own (`benchload`, bolt 7731), never
on `default` or `test`. Results go to bench/results/loader-<date>.json, plots to
docs/images/; working files (sources, CSV, logs) to bench/results/tmp/. docs/benchmarks.md
explains the method and reads the figures.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from bench.common.instance import REPO_ROOT, BenchInstance
from bench.common.machine import load_average, machine
from bench.common.outcome import exit_with_mismatches
from bench.loader.quick import instance_target, quick_check
from bench.loader.rounds import run_scale
from bench.loader.summary import markdown_table, scale_result
from bench.loader.systems import SYSTEMS

RESULTS = REPO_ROOT / "bench" / "results"
WORK = RESULTS / "tmp"
log = logging.getLogger("bench.loader")


def default_rounds(scale: int) -> int:
    """At least 5 rounds; 3 at 1000x and beyond, where one round of all loaders is long."""
    return 5 if scale < 1000 else 3


def naive_rounds(scale: int, rounds: int) -> int:
    """The naive loader in every round up to 10x; above, once (5 minutes a round at 100x)."""
    return rounds if scale <= 10 else 1


def _scales(text: str) -> list[int]:
    try:
        scales = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter(
            "give scales as numbers separated by commas, e.g. 1,10,100"
        ) from None
    if not scales or any(s < 1 or s > 1000 for s in scales):
        raise click.BadParameter("scales go from 1 to 1000 (catalog generate's range)")
    return scales


def run_quick(instance: BenchInstance, keep_running: bool) -> bool:
    instance.start()
    try:
        report = quick_check(WORK / "quick", instance_target(instance), instance)
    finally:
        if not keep_running:
            instance.stop()
    (WORK / "quick" / "report.json").write_text(json.dumps(report.as_dict(), indent=2) + "\n")
    for name, census in report.censuses.items():
        click.echo(
            f"{name:<8} {sum(census.nodes.values()):>6} nodes "
            f"{sum(census.relationships.values()):>6} relationships "
            f"validate {'ok' if report.validated[name] else 'FAILED'}"
        )
    click.echo(
        "seconds (not judged): " + ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items())
    )
    if report.ok:
        click.echo("quick: OK: the three loaders built equal graphs (counts and content)")
    for mismatch in report.mismatches:
        click.echo(f"quick: MISMATCH: {mismatch}", err=True)
    return report.ok


def run_full(
    instance: BenchInstance,
    systems: tuple[str, ...],
    scales: list[int],
    rounds: int | None,
    naive_max_scale: int,
    digest_max_scale: int,
    results_path: Path,
    append: bool,
) -> dict[str, Any]:
    results: dict[str, Any] = {
        "benchmark": "loader",
        "startedAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "instance": instance.name,
            "heap": instance.heap or "2g (scripts/neo4j default)",
            "pagecache": instance.pagecache or "2g (scripts/neo4j default)",
            "batchSize": 5000,
            "naiveMaxScale": naive_max_scale,
            "digestMaxScale": digest_max_scale,
        },
        "scales": [],
    }
    if append and results_path.exists():
        previous = json.loads(results_path.read_text())
        results["scales"] = [s for s in previous["scales"] if s["scale"] not in scales]
        results["appendedTo"] = previous.get("startedAt")
    for scale in scales:
        loaders = tuple(s for s in systems if s != "naive" or scale <= naive_max_scale)
        started = time.perf_counter()
        scale_rounds = rounds or default_rounds(scale)
        run = run_scale(
            scale,
            scale_rounds,
            loaders,
            instance,
            WORK,
            digest=scale <= digest_max_scale,
            # Every round validates: about a minute at 1000x, since validation reads ranges.
            validate_rounds=scale_rounds,
            loader_rounds={"naive": naive_rounds(scale, scale_rounds)},
        )
        result = scale_result(run)
        result["wallSeconds"] = round(time.perf_counter() - started, 1)
        results["scales"] = sorted([*results["scales"], result], key=lambda s: s["scale"])
        results["machine"]["loadAverageAtEnd"] = load_average()
        # Written after every scale, so a long run that is stopped keeps what it measured.
        results_path.write_text(json.dumps(results, indent=1) + "\n")
        log.info(
            "scale %d done in %.0fs; results in %s", scale, result["wallSeconds"], results_path
        )
    instance.stop()
    return results


@click.command()
@click.option("--quick", is_flag=True, help="Scale 1, one round, all loaders; exit 1 unless "
              "their graphs are equal. Times are not judged.")  # fmt: skip
@click.option("--scales", default="1,10,100", show_default=True, help="Comma-separated scales.")
@click.option("--loaders", "loader_names", default=",".join(SYSTEMS), show_default=True,
              help="Which loaders to run, comma-separated.")  # fmt: skip
@click.option("--rounds", type=click.IntRange(1, 50), help="Rounds per scale [5; 3 at 1000x].")
@click.option("--naive-max-scale", default=100, show_default=True,
              help="Run the naive loader up to this scale (above 10x: one round).")  # fmt: skip
@click.option("--digest-max-scale", default=10, show_default=True,
              help="Compare whole graph contents up to this scale (counts always).")  # fmt: skip
@click.option("--results", "results_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Results JSON [bench/results/loader-<date>.json].")  # fmt: skip
@click.option("--append", is_flag=True, help="Add these scales to an existing --results file.")
@click.option("--no-plots", is_flag=True, help="Do not draw docs/images/bench-loader-*.png.")
@click.option("--table", "table_of", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Only print the table (and redraw plots) of a results JSON.")  # fmt: skip
@click.option("--instance", "instance_name", default="benchload", show_default=True)
@click.option("--bolt-port", default=7731, show_default=True)
@click.option("--http-port", default=7531, show_default=True)
@click.option("--keep-running", is_flag=True, help="Leave the instance running at the end.")
def main(
    quick: bool,
    scales: str,
    loader_names: str,
    rounds: int | None,
    naive_max_scale: int,
    digest_max_scale: int,
    results_path: Path | None,
    append: bool,
    no_plots: bool,
    table_of: Path | None,
    instance_name: str,
    bolt_port: int,
    http_port: int,
    keep_running: bool,
) -> None:
    """Benchmark the loaders: catalog migrate, a naive neomodel loader, neo4j-admin import.

    \b
    Example:
      .venv/bin/python -m bench.loader.compare --quick
      .venv/bin/python -m bench.loader.compare --scales 1,10,100,1000
      .venv/bin/python -m bench.loader.compare --table bench/results/loader-2026-11-24.json
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if table_of:
        results = json.loads(table_of.read_text())
        click.echo(markdown_table(results))
        if not no_plots:
            _draw(results)
        return
    instance = BenchInstance(instance_name, bolt_port, http_port)
    WORK.mkdir(parents=True, exist_ok=True)
    if quick:
        sys.exit(0 if run_quick(instance, keep_running) else 1)
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    path = results_path or RESULTS / f"loader-{date}.json"
    chosen = tuple(name for name in SYSTEMS if name in loader_names.split(","))
    if not chosen:
        raise click.BadParameter(f"choose loaders among {', '.join(SYSTEMS)}")
    results = run_full(
        instance, chosen, _scales(scales), rounds, naive_max_scale, digest_max_scale, path, append
    )
    if keep_running:
        instance.start()
    click.echo(markdown_table(results))
    if not no_plots:
        _draw(results)
    exit_with_mismatches(results)


def _draw(results: dict[str, Any]) -> None:
    try:
        from bench.loader.plots import draw
    except ImportError:  # pragma: no cover - matplotlib is a benchmark-only dependency
        log.warning("matplotlib is not installed; no plots (pip install matplotlib)")
        return
    try:
        for path in draw(results):
            log.info("plot: %s", path)
    except ImportError:
        log.warning("matplotlib is not installed; no plots (pip install matplotlib)")


if __name__ == "__main__":
    main()
