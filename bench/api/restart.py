"""Latency of a fixed-rate load on the API right after its Neo4j restarts (issue #14).

A Neo4j instance of its own (`benchrestart`), a scale-1 generated catalog migrated into it,
and for each way compared: `catalog serve` (one worker) on it, warmed with the load for a
few seconds; then Neo4j is stopped and started again while the API keeps running, and the
same open-loop load (bench/api/fixed_rate.py: a request every 1/rate seconds whatever the earlier
ones do) runs again, either as soon as the database answers a new connection (`at-once`) or
once the API's `/ready` says ready again (`once-ready`, what a load balancer does; with the
warm-up of api/warmup.py that is after the contract's reads were planned). Prints p50/p95/p99
and errors of the warm load, of the first seconds after the restart and of those after.

    .venv/bin/python -m bench.api.restart --rate 50 --first 3 --then 7
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.api.fixed_rate import run_load
from bench.api.servers import catalog_api
from bench.common.catalog import generate_source, migrate
from bench.common.instance import BenchInstance, free_ports

# name: (API_WARMUP, whether the load waits for /ready after the restart)
WAYS: dict[str, tuple[bool, bool]] = {
    "no-warm-up,at-once": (False, False),
    "warm-up,at-once": (True, False),
    "warm-up,once-ready": (True, True),
}


def wait_ready(base: str, within: float = 300) -> float:
    """Seconds until `/ready` answers 200."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        try:
            if httpx.get(f"{base}/ready", timeout=10).status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return round(time.monotonic() - started, 2)


def restart_load(
    instance: BenchInstance,
    env: dict[str, str],
    rate: float,
    spans: tuple[float, ...],
    log: Path,
    once_ready: bool,
) -> dict[str, Any]:
    """Warm load, a Neo4j restart under the running API, then the load again."""
    warm, first, then = spans
    with catalog_api(env, log) as port:
        url = f"http://127.0.0.1:{port}/graphql"
        warmed = run_load(url, rate, warm)
        instance.stop()
        stopped = time.monotonic()
        instance.start()
        down = time.monotonic() - stopped
        ready_after = wait_ready(f"http://127.0.0.1:{port}") if once_ready else None
        after = run_load(url, rate, first)
        later = run_load(url, rate, then)
    return {
        "neo4j_down_seconds": round(down, 1),
        "load_waited_for_ready_seconds": ready_after,
        "warm": warmed.summary(),
        f"first_{first:g}s_after_restart": after.summary(),
        f"next_{then:g}s": later.summary(),
        "errors_after_restart": after.errors[:5],
    }


def measure(rate: float, spans: tuple[float, ...], ways: list[str], work: Path) -> dict[str, Any]:
    bolt, http = free_ports(2)
    instance = BenchInstance("benchrestart", bolt, http, heap="512m", pagecache="128m")
    instance.start()
    try:
        env = instance.env()
        source = generate_source(work / "catalog-x1.db", 1, env)
        migrate(source, env, work / "migrate.log", until_validation=False)
        runs = {}
        for way in ways:
            warmup, once_ready = WAYS[way]
            served = {**env, "API_WARMUP": str(warmup).lower()}
            runs[way] = restart_load(
                instance, served, rate, spans, work / f"serve-{way}.log", once_ready
            )
    finally:
        instance.reset()
    return {"rate": rate, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="requests a second")
    parser.add_argument("--warm", type=float, default=5.0, help="seconds of load before")
    parser.add_argument("--first", type=float, default=3.0, help="seconds measured first")
    parser.add_argument("--then", type=float, default=7.0, help="seconds measured after")
    parser.add_argument(
        "--ways", nargs="+", choices=sorted(WAYS), default=list(WAYS), help="what to compare"
    )
    args = parser.parse_args(argv)
    spans = (args.warm, args.first, args.then)
    with tempfile.TemporaryDirectory(prefix="bench-restart-") as work:
        result = measure(args.rate, spans, args.ways, Path(work))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
