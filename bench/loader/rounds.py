"""The full benchmark at one scale: the source generated once, then interleaved rounds in
which every loader loads it into a freshly emptied database, then is validated and counted.

Before each load the instance is stopped, its `neo4j` store deleted and (for the two Bolt
loaders) started again, none of which is measured. The loaders' order rotates from round to
round, so none is always the first after a quiet spell or a noisy neighbour.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common.catalog import generate_source, migrate
from bench.common.instance import BenchInstance
from bench.common.machine import CpuPressure, load_average
from bench.loader import systems
from bench.loader.census import Census

log = logging.getLogger("bench.loader")


@dataclass
class ScaleRun:
    scale: int
    source: Path
    source_rows: int
    rounds: list[dict[str, Any]] = field(default_factory=list)
    censuses: dict[str, Census] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)


def count_rows(source: Path) -> int:
    from loaders.rows import TABLES

    db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        return sum(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES)
    finally:
        db.close()


def run_scale(
    scale: int,
    rounds: int,
    loaders: tuple[str, ...],
    instance: BenchInstance,
    work: Path,
    digest: bool,
    validate_rounds: int,
    loader_rounds: dict[str, int] | None = None,
) -> ScaleRun:
    """`validate_rounds`: how many of the rounds also validate each loader's graph (all of
    them at small scales; at 1000x one, since `catalog validate` alone takes minutes there).
    `loader_rounds` caps the rounds of a slow loader (the naive one at 100x)."""
    folder = work / f"x{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    source = generate_source(folder / f"src-x{scale}.db", scale, instance.env())
    run = ScaleRun(scale, source, count_rows(source))
    log.info("scale %d: %d source rows, %d rounds of %s", scale, run.source_rows, rounds, loaders)
    for number in range(rounds):
        order = loaders[number % len(loaders) :] + loaders[: number % len(loaders)]
        for loader in order:
            if number >= (loader_rounds or {}).get(loader, rounds):
                continue
            validate = number < validate_rounds
            result = ROUND[loader](run, instance, folder / f"round{number}", digest, validate)
            result.update(loader=loader, round=number)
            run.rounds.append(result)
            log.info("  round %d %-8s %s", number, loader, _brief(result))
    _compare(run)
    return run


def _brief(result: dict[str, Any]) -> str:
    brief = (
        f"load {result['loadSeconds']:.1f}s ({result['rowsPerSecond']:,.0f} rows/s), "
        f"peak {result['peakRssMiB']:.0f} MiB"
    )
    if result.get("validateSeconds") is not None:
        ok = "ok" if result["validateOk"] else "FAILED"
        brief += f", validate {result['validateSeconds']:.1f}s ({ok})"
    return brief


def _after_load(
    run: ScaleRun, instance: BenchInstance, folder: Path, name: str, digest: bool, validate: bool
) -> dict[str, Any]:
    """Validate (measured) and count (not measured) the loaded graph."""
    server_peak = systems.server_peak_rss_mib(instance)
    census = systems.census(instance.uri, digest=digest)
    # Every round of a loader must build the same graph; the first one stands for it.
    previous = run.censuses.setdefault(name, census)
    run.mismatches += [f"{name} round differs: {d}" for d in census.differences(previous)]
    if not validate:
        return {"serverPeakRssMiB": server_peak}
    validation = systems.validate(run.source, instance.env(), folder / f"{name}-validate.log")
    return {
        "serverPeakRssMiB": server_peak,
        "validateSeconds": validation.seconds,
        "validatePeakRssMiB": validation.peak_rss_mib,
        "validateOk": validation.returncode == 0,
    }


def _fresh_server(instance: BenchInstance) -> None:
    instance.wipe()
    instance.start()


def round_migrate(
    run: ScaleRun, instance: BenchInstance, folder: Path, digest: bool, validate: bool
) -> dict[str, Any]:
    _fresh_server(instance)
    load_average_at_start, pressure = load_average(), CpuPressure()
    # Stopped when it starts validating (see bench.common.catalog.migrate).
    loaded = migrate(run.source, instance.env(), folder / "migrate.log")
    return {
        "loadSeconds": loaded.seconds,
        "rowsPerSecond": run.source_rows / loaded.seconds,
        "peakRssMiB": loaded.peak_rss_mib,
        "loadAverage": load_average_at_start,
        "cpuPressure": pressure.share(),
        **_after_load(run, instance, folder, "migrate", digest, validate),
    }


def round_naive(
    run: ScaleRun, instance: BenchInstance, folder: Path, digest: bool, validate: bool
) -> dict[str, Any]:
    _fresh_server(instance)
    load_average_at_start, pressure = load_average(), CpuPressure()
    loaded = systems.naive(run.source, instance.env(), folder / "naive.log")
    return {
        "loadSeconds": loaded.seconds,
        "rowsPerSecond": run.source_rows / loaded.seconds,
        "peakRssMiB": loaded.peak_rss_mib,
        "loadAverage": load_average_at_start,
        "cpuPressure": pressure.share(),
        **_after_load(run, instance, folder, "naive", digest, validate),
    }


def round_import(
    run: ScaleRun, instance: BenchInstance, folder: Path, digest: bool, validate: bool
) -> dict[str, Any]:
    instance.wipe()
    load_average_at_start = load_average()
    csv_dir = folder.parent / "csv"
    exported = systems.export_csv(run.source, csv_dir, instance.env(), folder / "export-csv.log")
    pressure = CpuPressure()
    imported = systems.neo4j_import(instance, csv_dir, folder / "import.log")
    import_pressure = pressure.share()
    started = time.perf_counter()
    instance.start()
    start_seconds = time.perf_counter() - started
    index_seconds = systems.install_indexes(instance.uri)
    total = exported.seconds + imported.seconds + index_seconds
    return {
        "loadSeconds": imported.seconds,
        "rowsPerSecond": run.source_rows / imported.seconds,
        "peakRssMiB": imported.peak_rss_mib,
        "exportSeconds": exported.seconds,
        "exportPeakRssMiB": exported.peak_rss_mib,
        "indexSeconds": index_seconds,
        # Not in the path's time: a migrate needs a running server too.
        "serverStartSeconds": start_seconds,
        "pathSeconds": total,
        "pathRowsPerSecond": run.source_rows / total,
        "csvMiB": sum(f.stat().st_size for f in csv_dir.rglob("*.csv")) / 2**20,
        "loadAverage": load_average_at_start,
        "cpuPressure": import_pressure,
        **_after_load(run, instance, folder, "import", digest, validate),
    }


ROUND = {"migrate": round_migrate, "naive": round_naive, "import": round_import}


def _compare(run: ScaleRun) -> None:
    """Every loader's graph against the migrated one (or the first loader's)."""
    names = list(run.censuses)
    if not names:
        return
    reference = "migrate" if "migrate" in run.censuses else names[0]
    for name in names:
        if name != reference:
            run.mismatches += [
                f"{name} vs {reference}: {d}"
                for d in run.censuses[name].differences(run.censuses[reference])
            ]
    run.mismatches += [
        f"{r['loader']} round {r['round']}: catalog validate failed"
        for r in run.rounds
        if r.get("validateOk") is False
    ]
