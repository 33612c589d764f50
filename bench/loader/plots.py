"""The loader benchmark's two plots, drawn from a results JSON: throughput and peak memory
against the source's size, both axes logarithmic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
THROUGHPUT_PNG = "bench-loader-throughput.png"
MEMORY_PNG = "bench-loader-memory.png"
TARGET_ROWS_PER_SECOND = 50_000

# (loader, figure in its summary, legend, line style)
THROUGHPUT_LINES = (
    ("migrate", "rowsPerSecond", "catalog migrate (UNWIND batches)", "o-"),
    ("naive", "rowsPerSecond", "naive neomodel loader", "s-"),
    ("import", "rowsPerSecond", "neo4j-admin import (CSV ready)", "^-"),
    ("import", "pathRowsPerSecond", "export-csv + neo4j-admin import + indexes", "^--"),
)
MEMORY_LINES = (
    ("migrate", "peakRssMiB", "catalog migrate (Python process)", "o-"),
    ("naive", "peakRssMiB", "naive neomodel loader (Python process)", "s-"),
    ("import", "exportPeakRssMiB", "catalog export-csv (Python process)", "v--"),
    ("import", "peakRssMiB", "neo4j-admin import (JVM)", "^-"),
    ("migrate", "serverPeakRssMiB", "Neo4j server during migrate (JVM)", "x:"),
)


def _series(results: dict[str, Any], loader: str, figure: str) -> tuple[list[int], list[float]]:
    xs, ys = [], []
    for scale in results["scales"]:
        value = scale["summary"].get(loader, {}).get(figure)
        if value:
            xs.append(scale["sourceRows"])
            ys.append(value)
    return xs, ys


def _plot(
    results: dict[str, Any],
    lines: tuple[tuple[str, str, str, str], ...],
    ylabel: str,
    title: str,
    path: Path,
    target: float | None = None,
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.8), dpi=110)
    for loader, figure, legend, style in lines:
        xs, ys = _series(results, loader, figure)
        if xs:
            ax.plot(xs, ys, style, label=legend)
    if target:
        ax.axhline(target, color="grey", linestyle=":", linewidth=1, label="target 50,000 rows/s")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("source rows (legacy catalog, log scale)")
    ax.set_ylabel(ylabel)
    machine = results["machine"]
    ax.set_title(f"{title}\n{machine['cores']} cores {machine['cpu']}, Neo4j {machine['neo4j']}",
                 fontsize=10)  # fmt: skip
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def draw(results: dict[str, Any], folder: Path = IMAGES) -> list[Path]:
    throughput, memory = folder / THROUGHPUT_PNG, folder / MEMORY_PNG
    _plot(
        results,
        THROUGHPUT_LINES,
        "source rows per second (median, log scale)",
        "Loader throughput",
        throughput,
        target=TARGET_ROWS_PER_SECOND,
    )
    _plot(results, MEMORY_LINES, "peak resident memory, MiB (log scale)", "Loader memory", memory)
    return [throughput, memory]
