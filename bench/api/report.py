"""The API benchmark's tables and plot, made from its results JSON alone (so a committed result
can be shown again without running anything).

Targets (issue #8): the API's median within 1.5x the floor's, and no slower than
@neo4j/graphql's, on every operation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.api.neo4j_graphql_contract import DIFFERENCES

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
PLOT = "bench-api-latency.png"
FLOOR_TARGET = 1.5
NEO4J_GRAPHQL_TARGET = 1.0
LABELS = {"api": "this API", "floor": "hand-written Cypher", "neo4j-graphql": "@neo4j/graphql 7"}


def misses(results: dict[str, Any]) -> list[str]:
    """Every operation and scale where the API misses a target, in words."""
    found = []
    for scale in results["scales"]:
        for label, op in scale["operations"].items():
            ratios = op["ratios"]
            if ratios["apiVsFloor"] > FLOOR_TARGET:
                found.append(f"{scale['scale']}x {label}: {ratios['apiVsFloor']}x the floor")
            if ratios["apiVsNeo4jGraphql"] > NEO4J_GRAPHQL_TARGET:
                found.append(
                    f"{scale['scale']}x {label}: {ratios['apiVsNeo4jGraphql']}x @neo4j/graphql"
                )
    return found


def _ms(figures: dict[str, Any]) -> str:
    return f"{figures['medianMs']:.1f} ({figures['p95Ms']:.1f})"


def markdown_table(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"Machine: {machine['cores']} cores {machine['cpu']}, {machine['memoryGiB']} GiB, "
        f"Neo4j {machine['neo4j']}; {results['settings']['rounds']} rounds of "
        f"{results['settings']['requests']} requests, req/s with "
        f"{results['settings']['concurrency']} clients.",
        "",
        "| scale | operation | API ms median (p95) | floor ms | @neo4j/graphql ms "
        "| API/floor | API/@neo4j/graphql | req/s API / floor / @neo4j/graphql "
        "| statements API / @neo4j/graphql | db hits API / floor / @neo4j/graphql |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scale in results["scales"]:
        for label, op in scale["operations"].items():
            s, r = op["systems"], op["ratios"]
            api, floor, ng = s["api"], s["floor"], s["neo4j-graphql"]
            lines.append(
                f"| {scale['scale']}x | {label} | {_ms(api)} | {_ms(floor)} | {_ms(ng)} "
                f"| {r['apiVsFloor']:.2f} | {r['apiVsNeo4jGraphql']:.2f} "
                f"| {api['requestsPerSecond']:.0f} / {floor['requestsPerSecond']:.0f} / "
                f"{ng['requestsPerSecond']:.0f} | {api['statements']} / {ng['statements']} "
                f"| {api['dbHits']:,} / {floor['dbHits']:,} / {ng['dbHits']:,} |"
            )
    lines += ["", "Machine load while timing (other work skews the figures):"]
    lines += [
        f"- {s['scale']}x: load average {s.get('loadAverageAtStart')}, CPU pressure "
        f"{s.get('cpuPressure')} (share of the time some task waited for a core)"
        for s in results["scales"]
    ]
    lines += ["", "No Cypher at all (`{ __typename }`: HTTP, JSON, GraphQL), median (p95) ms:"]
    for scale in results["scales"]:
        base = scale.get("noCypher")
        if base:
            lines.append(
                f"- {scale['scale']}x: API {_ms(base['api'])}, "
                f"@neo4j/graphql {_ms(base['neo4j-graphql'])}"
            )
    missed = misses(results)
    lines += ["", "Targets missed (API/floor > 1.5, API/@neo4j/graphql > 1.0):"]
    lines += [f"- {m}" for m in missed] or ["- none"]
    return "\n".join(lines)


def differences_text() -> str:
    return "\n".join(f"- {what}: {how}" for what, how in DIFFERENCES.items())


def draw(results: dict[str, Any], folder: Path = IMAGES) -> Path:
    """Median latency per operation and system, one panel per scale, log axis."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    scales = results["scales"]
    fig, axes = plt.subplots(
        len(scales), 1, figsize=(10, 3.6 * len(scales)), dpi=110, squeeze=False
    )
    width = 0.27
    for ax, scale in zip(axes[:, 0], scales, strict=True):
        labels = list(scale["operations"])
        for offset, name in enumerate(LABELS):
            values = [scale["operations"][label]["systems"][name]["medianMs"] for label in labels]
            xs = [i + (offset - 1) * width for i in range(len(labels))]
            ax.bar(xs, values, width, label=LABELS[name])
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=25, ha="right", fontsize=8)
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
        ax.yaxis.set_minor_formatter(ticker.NullFormatter())
        ax.set_ylabel("median ms (log)")
        ax.set_title(f"{scale['scale']}x ({scale['techniques']:,} techniques)", fontsize=10)
        ax.grid(True, axis="y", which="both", alpha=0.3)
        ax.legend(fontsize=8)
    machine = results["machine"]
    fig.suptitle(
        f"GraphQL read latency per operation\n{machine['cores']} cores {machine['cpu']}, "
        f"Neo4j {machine['neo4j']}",
        fontsize=10,
    )
    fig.tight_layout()
    path = folder / PLOT
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
