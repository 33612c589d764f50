"""Medians per loader and scale, the ratios the project's targets name, and a Markdown table.

Everything here reads the results JSON (`bench/results/loader-<date>.json`), so tables and
plots can be made again from a committed result without running anything.
"""

from __future__ import annotations

from statistics import median
from typing import Any

from bench.loader.rounds import ScaleRun

# Figures summarised as a median of the rounds, when a loader records them.
FIGURES = (
    "loadSeconds",
    "peakRssMiB",
    "serverPeakRssMiB",
    "validateSeconds",
    "validatePeakRssMiB",
    "exportSeconds",
    "exportPeakRssMiB",
    "indexSeconds",
    "serverStartSeconds",
    "pathSeconds",
    "csvMiB",
    "cpuPressure",
)


def scale_result(run: ScaleRun) -> dict[str, Any]:
    loaders: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys(r["loader"] for r in run.rounds):
        rounds = [r for r in run.rounds if r["loader"] == name]
        medians: dict[str, Any] = {"rounds": len(rounds)}
        for figure in FIGURES:
            values = [r[figure] for r in rounds if r.get(figure) is not None]
            if values:
                medians[figure] = round(median(values), 3)
        medians["rowsPerSecond"] = round(run.source_rows / medians["loadSeconds"])
        if "pathSeconds" in medians:
            medians["pathRowsPerSecond"] = round(run.source_rows / medians["pathSeconds"])
        medians["loadSecondsRange"] = [
            round(min(r["loadSeconds"] for r in rounds), 3),
            round(max(r["loadSeconds"] for r in rounds), 3),
        ]
        loaders[name] = medians
    census = run.censuses.get("migrate") or next(iter(run.censuses.values()), None)
    return {
        "scale": run.scale,
        "sourceRows": run.source_rows,
        "graph": {
            "nodes": sum(census.nodes.values()) if census else None,
            "relationships": sum(census.relationships.values()) if census else None,
            "census": census.as_dict() if census else None,
        },
        "equal": not run.mismatches,
        "mismatches": run.mismatches,
        "summary": loaders,
        "ratios": ratios(loaders),
        "rounds": [_rounded(r) for r in run.rounds],
    }


def _rounded(values: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in values.items()}


def ratios(loaders: dict[str, dict[str, Any]]) -> dict[str, float]:
    """How many times faster migrate is than naive; how many times slower than the import."""
    found = {}
    migrate = loaders.get("migrate", {}).get("loadSeconds")
    if migrate:
        naive = loaders.get("naive", {}).get("loadSeconds")
        if naive:
            found["migrateSpeedupOverNaive"] = round(naive / migrate, 2)
        imported = loaders.get("import", {})
        if imported.get("loadSeconds"):
            found["migrateVsImport"] = round(migrate / imported["loadSeconds"], 2)
        if imported.get("pathSeconds"):
            found["migrateVsImportPath"] = round(migrate / imported["pathSeconds"], 2)
    return found


def _cell(value: Any, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float | int) and abs(value) >= 1000:
        return f"{value:,.0f}{unit}"
    return f"{value:.{digits}f}{unit}"


def markdown_table(results: dict[str, Any]) -> str:
    """One row per scale and loader: time, throughput, memory, validation; then the ratios."""
    lines = [
        "| scale | source rows | loader | rounds | load (s, median) | rows/s | peak RSS (MiB) "
        "| validate (s) |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scale in results["scales"]:
        for name, s in scale["summary"].items():
            label = name
            if name == "import":
                label = "neo4j-admin import"
            lines.append(
                f"| {scale['scale']}x | {scale['sourceRows']:,} | {label} | {s['rounds']} "
                f"| {_cell(s['loadSeconds'], digits=2)} | {s['rowsPerSecond']:,} "
                f"| {_cell(s['peakRssMiB'], digits=0)} | {_cell(s.get('validateSeconds'))} |"
            )
            if name == "import":
                lines.append(
                    f"| {scale['scale']}x | {scale['sourceRows']:,} | ↳ export-csv + import "
                    f"+ indexes | {s['rounds']} | {_cell(s.get('pathSeconds'), digits=2)} "
                    f"| {s.get('pathRowsPerSecond', 0):,} "
                    f"| {_cell(s.get('exportPeakRssMiB'), digits=0)} (export-csv) | |"
                )
    lines += [
        "",
        "| scale | migrate vs naive (x faster) | migrate vs neo4j-admin import (x slower) "
        "| migrate vs export-csv + import + indexes (x slower) |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for scale in results["scales"]:
        r = scale["ratios"]
        lines.append(
            f"| {scale['scale']}x | {_cell(r.get('migrateSpeedupOverNaive'))} "
            f"| {_cell(r.get('migrateVsImport'))} | {_cell(r.get('migrateVsImportPath'))} |"
        )
    return "\n".join(lines)
