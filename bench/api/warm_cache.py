"""TechniqueList and Facets with the API's caches warm, against the floor and @neo4j/graphql.

    .venv/bin/python -m bench.api.warm_cache --scale 1     # a check that it runs
    .venv/bin/python -m bench.api.warm_cache --scale 100   # the figure issue #18 asks for

The systems (one request each, timed as bench/api/timing.py does):
- `api`: the operation's text POSTed, run by strawberry every time (no cache applies);
- `api-apq`: POSTed by hash (Apollo's persisted queries), answered from the in-process answer
  cache once warm; each request still reads the catalog version (one indexed read);
- `api-apq-ttl`: the same against a second server with API_CATALOG_VERSION_TTL=1, so a warm
  request touches no Neo4j at all;
- `api-304`: GET with the ETag of the previous answer in If-None-Match (a revalidation: the
  version read and a 304, no body);
- `floor` and `neo4j-graphql`: as in bench/api/compare.py.

The catalog is generated and migrated into the benchmark's own instance (`benchapi`, as
bench/api/compare.py). Every system's answer is checked against the plain API's first (exit 1
when one differs). Results print as a table and go to bench/results/api-warm-<date>.json.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import click

from bench.api import floor, servers
from bench.api.operations import Case, cases, pick
from bench.api.run import http_sender, load
from bench.api.timing import Send, measure_latency
from bench.common.instance import REPO_ROOT, BenchInstance
from bench.common.machine import machine
from graph.connection import connected
from graph.settings import load_settings

RESULTS = REPO_ROOT / "bench" / "results"
WORK = RESULTS / "tmp" / "api-warm"
MEASURED = ("TechniqueList", "Facets", "Facets(where)")
log = logging.getLogger("bench.api.warm_cache")


class Connection:
    """One kept-alive HTTP connection to 127.0.0.1:`port` (as bench/api/http_client.py)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._connection: http.client.HTTPConnection | None = None

    def send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self._connection.request(method, path, body, headers)
                response = self._connection.getresponse()
                payload = response.read()
            except (ConnectionError, http.client.HTTPException):
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    raise
                continue
            return response.status, {k.lower(): v for k, v in response.getheaders()}, payload
        raise AssertionError("unreachable")


def persisted_body(case: Case, with_text: bool) -> bytes:
    digest = hashlib.sha256(case.document.encode()).hexdigest()
    body: dict[str, Any] = {
        "operationName": case.operation,
        "variables": case.variables,
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
    }
    if with_text:
        body["query"] = case.document
    return json.dumps(body).encode()


def apq_sender(port: int, answers: dict[str, bytes]) -> Send:
    """By hash; the text only after PersistedQueryNotFound, as Apollo's link does."""
    connection = Connection(port)
    json_headers = {"content-type": "application/json"}

    def send(case: Case) -> None:
        status, _, body = connection.send(
            "POST", "/graphql", persisted_body(case, False), json_headers
        )
        if b"PersistedQueryNotFound" in body:
            status, _, body = connection.send(
                "POST", "/graphql", persisted_body(case, True), json_headers
            )
        if status != 200 or b'"errors"' in body:
            raise SystemExit(f"{case.label}: persisted request failed: {status} {body[:300]!r}")
        answers.setdefault(case.label, body)

    return send


def revalidating_sender(port: int, answers: dict[str, bytes]) -> Send:
    """GET with the ETag of the previous answer: 304 once one is known."""
    connection = Connection(port)
    tags: dict[str, str] = {}

    def send(case: Case) -> None:
        query = urlencode(
            {"query": case.document, "variables": json.dumps(case.variables),
             "operationName": case.operation}
        )  # fmt: skip
        headers = {"if-none-match": tags[case.label]} if case.label in tags else {}
        status, got, body = connection.send("GET", f"/graphql?{query}", None, headers)
        if status == 200:
            tags[case.label] = got["etag"]
            answers.setdefault(case.label, body)
        elif status != 304:
            raise SystemExit(f"{case.label}: GET answered {status}: {body[:300]!r}")

    return send


def _data(body: bytes) -> Any:
    return json.loads(body)["data"]


def measure(scale: int, instance: BenchInstance, rounds: int, requests: int) -> dict[str, Any]:
    env = instance.env()
    settings = load_settings(NEO4J_URI=env["NEO4J_URI"])
    password = settings.neo4j_password.get_secret_value()
    ttl_env = {**env, "API_CATALOG_VERSION_TTL": "1"}
    WORK.mkdir(parents=True, exist_ok=True)
    with (
        connected(settings) as graph,
        servers.catalog_api(env, WORK / "catalog-serve.log") as api_port,
        servers.catalog_api(ttl_env, WORK / "catalog-serve-ttl.log") as ttl_port,
        servers.neo4j_graphql(env, password, WORK / "neo4j-graphql.log") as node_port,
    ):
        case_list = [c for c in cases(pick(graph)) if c.label in MEASURED]
        seen: dict[str, dict[str, bytes]] = {"api-apq": {}, "api-apq-ttl": {}, "api-304": {}}

        def floor_send(case: Case) -> None:
            floor.fetch(graph, case.operation, case.variables)

        senders: dict[str, Send] = {
            "api": http_sender(api_port, node=False),
            "api-apq": apq_sender(api_port, seen["api-apq"]),
            "api-apq-ttl": apq_sender(ttl_port, seen["api-apq-ttl"]),
            "api-304": revalidating_sender(api_port, seen["api-304"]),
            "floor": floor_send,
            "neo4j-graphql": http_sender(node_port, node=True),
        }
        latency = measure_latency(senders, case_list, rounds, requests, warmup=min(requests, 20))
        reference = Connection(api_port)
        mismatches = []
        for case in case_list:
            plain = json.dumps({"query": case.document, "variables": case.variables}).encode()
            _, _, body = reference.send(
                "POST", "/graphql", plain, {"content-type": "application/json"}
            )
            for name, answers in seen.items():
                if _data(answers[case.label]) != _data(body):
                    mismatches.append(f"{case.label}: {name} answered otherwise than the API")
    return {
        "scale": scale,
        "mismatches": mismatches,
        "operations": {
            label: {name: figures.summary() for name, figures in by_system.items()}
            for label, by_system in latency.items()
        },
    }


def table(result: dict[str, Any]) -> str:
    names = list(next(iter(result["operations"].values())))
    lines = [
        f"scale {result['scale']}: median ms (p95)",
        "| operation | " + " | ".join(names) + " |",
        "| --- |" + " --- |" * len(names),
    ]
    for label, by_system in result["operations"].items():
        cells = [f"{s['medianMs']:.2f} ({s['p95Ms']:.2f})" for s in by_system.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


@click.command()
@click.option("--scale", default=100, show_default=True, type=click.IntRange(1, 1000))
@click.option("--rounds", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--requests", default=20, show_default=True, type=click.IntRange(1, 10_000),
              help="Requests per round, operation and system.")  # fmt: skip
@click.option("--results", "results_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Results JSON [bench/results/api-warm-<date>.json].")  # fmt: skip
@click.option("--instance", "instance_name", default="benchapi", show_default=True)
@click.option("--bolt-port", default=7741, show_default=True)
@click.option("--http-port", default=7541, show_default=True)
@click.option("--heap", default=None, help="The instance's heap (e.g. 768m) [scripts/neo4j's].")
@click.option("--keep-running", is_flag=True, help="Leave the instance running at the end.")
def main(
    scale: int,
    rounds: int,
    requests: int,
    results_path: Path | None,
    instance_name: str,
    bolt_port: int,
    http_port: int,
    heap: str | None,
    keep_running: bool,
) -> None:
    """TechniqueList and Facets latency with warm caches (persisted queries, ETags).

    \b
    Example:
      .venv/bin/python -m bench.api.warm_cache --scale 1 --rounds 2 --requests 5
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    instance = BenchInstance(instance_name, bolt_port, http_port, heap=heap, pagecache=heap)
    try:
        load(scale, instance, WORK / f"x{scale}")
        result = measure(scale, instance, rounds, requests)
    finally:
        if not keep_running:
            instance.stop()
    result = {
        "benchmark": "api-warm-cache",
        "startedAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"rounds": rounds, "requests": requests, "instance": instance.name},
        **result,
    }
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    path = results_path or RESULTS / f"api-warm-{date}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    click.echo(table(result))
    click.echo(f"results: {path}")
    for mismatch in result["mismatches"]:
        click.echo(f"MISMATCH: {mismatch}", err=True)
    sys.exit(1 if result["mismatches"] else 0)


if __name__ == "__main__":
    main()
