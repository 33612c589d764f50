"""The API's own cost per request: CPU time of the `catalog serve` process and the client's
wall time, one request at a time, for `{ __typename }` (HTTP and GraphQL with no Cypher) and
every read of the contract.

CPU time comes from `/proc/<pid>/stat` (user + system, all threads) around each batch, so
other processes on the machine disturb it far less than wall time: it is the figure to
compare before and after a change to the request path. Runs against the catalog already in
NEO4J_URI's graph (e.g. the bundled one after `scripts/run`); the server's settings come from
the environment, so `API_COMPRESSION=false python -m bench.api.cpu_cost` measures without
compression.

    .venv/bin/python -m bench.api.cpu_cost --requests 400
    git worktree add /tmp/before REV && .venv/bin/python -m bench.api.cpu_cost --before /tmp/before
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.api.http_client import GraphQLClient
from bench.api.operations import Case, cases, pick
from bench.api.servers import catalog_api_process
from bench.api.timing import p95
from bench.common.machine import load_average
from graph.connection import connected
from graph.settings import get_settings

TYPENAME = Case("{ __typename }", "", "{ __typename }", {})
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def measure(
    client: GraphQLClient, pid: int, case: Case, requests: int, warm: int
) -> dict[str, float]:
    for _ in range(warm):
        client.post(case.document, case.variables).data()
    walls = []
    cpu_before = cpu_seconds(pid)
    for _ in range(requests):
        started = time.perf_counter()
        client.post(case.document, case.variables)
        walls.append((time.perf_counter() - started) * 1000)
    cpu = (cpu_seconds(pid) - cpu_before) * 1000 / requests
    return {"cpuMs": cpu, "medianMs": statistics.median(walls), "p95Ms": p95(walls)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per read")
    parser.add_argument("--warm", type=int, default=30, help="untimed requests before")
    parser.add_argument("--only", nargs="*", help="labels to run (default: all)")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="another checkout of the project (e.g. `git worktree add DIR REV`) whose API is "
        "served beside this one's, from this virtualenv, each read measured on both in turn",
    )
    options = parser.parse_args()
    with connected(get_settings()) as graph:
        planned = [TYPENAME, *cases(pick(graph))]
    if options.only:
        planned = [c for c in planned if c.label in options.only]
    logs = Path(tempfile.mkdtemp(prefix="cpu-cost-"))
    servers = {"": dict(os.environ)}
    if options.before:
        servers = {
            "before ": {**os.environ, "PYTHONPATH": str(options.before.resolve())},
            "after ": dict(os.environ),
        }
    print(f"load average at start: {load_average()}")
    print(f"{'read':<26} {'CPU ms/request':>15} {'wall median ms':>15} {'wall p95 ms':>12}")
    with ExitStack() as stack:
        running = {
            name: stack.enter_context(catalog_api_process(env, logs / f"serve-{name}.log"))
            for name, env in servers.items()
        }
        clients = {name: GraphQLClient(port) for name, (port, _) in running.items()}
        for case in planned:
            for name, (_, pid) in running.items():
                found = measure(clients[name], pid, case, options.requests, options.warm)
                print(
                    f"{name + case.label:<26} {found['cpuMs']:>15.2f} "
                    f"{found['medianMs']:>15.2f} {found['p95Ms']:>12.2f}"
                )
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
