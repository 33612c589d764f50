"""Where `catalog migrate`'s loading time goes, per kind of record and per Cypher operator.

Runs the migration's steps into an empty graph with a sink that times every batch (client
wall time, and the server's own time from the result summary) and PROFILEs one full batch
of each kind (the second, when there is one, so the graph is not empty), then prints a
table per kind and the plan of each profiled query with rows and db hits per operator.

    .venv/bin/python -m bench.profile_loader SOURCE [--json OUT.json]   # NEO4J_URI: an EMPTY graph

The Python side is profiled separately with py-spy (see docs/benchmarks.md).
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.connection import Graph, connected
from graph.migration.kind import WriteKind
from graph.schema import install_schema
from loaders.load import batched
from loaders.migrate import run_steps
from loaders.sources import open_source

BATCH_SIZE = 5000


@dataclass
class KindTiming:
    records: int = 0
    batches: int = 0
    client_seconds: float = 0.0
    server_seconds: float = 0.0  # result_available_after + result_consumed_after
    profile: dict[str, Any] | None = None
    profiled_rows: int = 0


@dataclass
class ProfilingSink:
    graph: Graph
    kinds: dict[str, KindTiming] = field(default_factory=lambda: defaultdict(KindTiming))

    def __call__(self, kind: WriteKind, records: list[dict[str, Any]]) -> None:
        timing = self.kinds[kind.name]
        query = kind.merge
        for batch in batched(records, BATCH_SIZE):
            profile = timing.profile is None and (timing.batches == 1 or len(batch) < BATCH_SIZE)
            started = time.perf_counter()
            summary = self._run(("PROFILE " if profile else "") + query, batch)
            timing.client_seconds += time.perf_counter() - started
            timing.server_seconds += (
                (summary.result_available_after or 0) + (summary.result_consumed_after or 0)
            ) / 1000
            timing.records += len(batch)
            timing.batches += 1
            if profile:
                timing.profile, timing.profiled_rows = summary.profile, len(batch)

    def _run(self, query: str, batch: list[dict[str, Any]]) -> Any:
        def work(tx: Any) -> Any:
            return tx.run(query, {"rows": batch}).consume()

        with self.graph.driver.session(database=self.graph.database) as session:
            return session.execute_write(work)


def operators(plan: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    args = plan.get("args", {})
    found = [
        {
            "depth": depth,
            "operator": plan["operatorType"].split("@")[0],
            "rows": plan.get("rows", 0),
            "dbHits": plan.get("dbHits", 0),
            "details": " ".join(str(args.get("Details", "")).split())[:90],
        }
    ]
    for child in plan.get("children", []):
        found += operators(child, depth + 1)
    return found


def profile(source_spec: str) -> dict[str, Any]:
    with open_source(source_spec) as source, connected() as graph:
        nodes = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
        if nodes:
            raise SystemExit(f"profile_loader: the graph holds {nodes} nodes; give an empty one")
        install_schema(graph)
        sink = ProfilingSink(graph)
        started = time.perf_counter()
        run_steps(source, sink, BATCH_SIZE, "profiling")
        total = time.perf_counter() - started
    return {
        "source": source_spec,
        "seconds": round(total, 2),
        "kinds": {
            kind: {
                "records": t.records,
                "batches": t.batches,
                "clientSeconds": round(t.client_seconds, 3),
                "serverSeconds": round(t.server_seconds, 3),
                "recordsPerSecond": round(t.records / t.client_seconds) if t.client_seconds else 0,
                "profiledRows": t.profiled_rows,
                "plan": operators(t.profile) if t.profile else [],
                "totalDbHits": sum(o["dbHits"] for o in operators(t.profile)) if t.profile else 0,
            }
            for kind, t in sink.kinds.items()
        },
    }


def print_report(report: dict[str, Any]) -> None:
    print(f"{report['source']}: loaded in {report['seconds']}s")
    print(f"{'kind':<26}{'records':>10}{'batches':>8}{'client s':>10}{'server s':>10}{'rec/s':>9}"
          f"{'dbHits/row':>11}")  # fmt: skip
    for kind, k in sorted(report["kinds"].items(), key=lambda kv: -kv[1]["clientSeconds"]):
        per_row = k["totalDbHits"] / k["profiledRows"] if k["profiledRows"] else 0
        print(
            f"{kind:<26}{k['records']:>10,}{k['batches']:>8}{k['clientSeconds']:>10.2f}"
            f"{k['serverSeconds']:>10.2f}{k['recordsPerSecond']:>9,}{per_row:>11.1f}"
        )
    for kind, k in report["kinds"].items():
        if not k["plan"]:
            continue
        print(f"\n{kind}: PROFILE of a batch of {k['profiledRows']} rows")
        for op in k["plan"]:
            indent = "  " * op["depth"]
            print(f"  {indent}{op['operator']:<32} rows {op['rows']:>7,} dbHits {op['dbHits']:>8,}"
                  f"  {op['details']}")  # fmt: skip


def main(argv: list[str]) -> None:
    if not argv or len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--json"):
        raise SystemExit("usage: python -m bench.profile_loader SOURCE [--json OUT.json]")
    report = profile(argv[0])
    if len(argv) == 3:
        Path(argv[2]).write_text(json.dumps(report, indent=1) + "\n")
    print_report(report)


if __name__ == "__main__":
    main(sys.argv[1:])
