"""What the HTTP and GraphQL layers cost on their own: `{ __typename }` answered by uvicorn
with nothing but Starlette, with graphql-core (document parsed and validated once), with
strawberry (its parser and validation caches on), and by `catalog serve`, side by side in one
run: CPU time of each server process and the client's wall time per request.

It bounds what any change to the API's own code can win on a small read: the API pays at
least strawberry's figure per request before its first statement, where the hand-written
floor of the API benchmark pays nothing (it is a function call in the benchmark's process).

    .venv/bin/python -m bench.api.bare_stacks --requests 2000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
import strawberry
from graphql import DocumentNode, ExecutionResult, build_schema, execute, parse, validate
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

from bench.api.cpu_cost import cpu_seconds
from bench.api.http_client import GraphQLClient
from bench.api.servers import catalog_api_process
from bench.common.instance import REPO_ROOT, free_ports
from bench.common.machine import load_average

TYPENAME = "{ __typename }"
ANSWER = b'{"data":{"__typename":"Query"}}'


async def _ready(_: Request) -> Response:
    return Response(b"ok")


async def _fixed(request: Request) -> Response:
    await request.body()
    return Response(ANSWER, media_type="application/json")


_SDL = build_schema("type Query { ok: Boolean }")


@lru_cache(maxsize=64)
def _document(text: str) -> DocumentNode:
    document = parse(text)
    errors = validate(_SDL, document)
    if errors:
        raise ValueError(errors)
    return document


async def _graphql_core(request: Request) -> Response:
    body = orjson.loads(await request.body())
    result = execute(_SDL, _document(body["query"]), variable_values=body.get("variables"))
    assert isinstance(result, ExecutionResult)  # no resolver here awaits anything
    return Response(orjson.dumps({"data": result.data}), media_type="application/json")


@strawberry.type
class _Query:
    ok: bool = True


def _app(endpoint: Any) -> Starlette:
    return Starlette(
        routes=[Route("/graphql", endpoint, methods=["POST"]), Route("/ready", _ready)]
    )


starlette_only = _app(_fixed)
graphql_core = _app(_graphql_core)
strawberry_cached = _app(
    GraphQL(
        strawberry.Schema(_Query, extensions=[lambda: ParserCache(), lambda: ValidationCache()]),
        graphql_ide=None,
    )
)


@contextmanager
def _uvicorn(app: str, log: Path) -> Iterator[tuple[int, int]]:
    (port,) = free_ports(1)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--log-level", "info"],
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(port: int, pid: int, requests: int) -> tuple[float, float]:
    """CPU ms of the server and median wall ms of the client, per request."""
    client = GraphQLClient(port)
    for _ in range(200):
        client.post(TYPENAME, {})
    walls = []
    before = cpu_seconds(pid)
    for _ in range(requests):
        started = time.perf_counter()
        client.post(TYPENAME, {})
        walls.append((time.perf_counter() - started) * 1000)
    return (cpu_seconds(pid) - before) * 1000 / requests, statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    requests = parser.parse_args().requests
    logs = Path(tempfile.mkdtemp(prefix="bare-stacks-"))
    print(f"load average at start: {load_average()}")
    print(f"{'server':<42} {'CPU ms/request':>15} {'wall median ms':>15}")
    for name in ("starlette_only", "graphql_core", "strawberry_cached"):
        with _uvicorn(f"bench.api.bare_stacks:{name}", logs / f"{name}.log") as (port, pid):
            cpu, wall = measure(port, pid, requests)
        print(f"{'uvicorn + ' + name.replace('_', ' '):<42} {cpu:>15.2f} {wall:>15.2f}")
    with catalog_api_process(dict(os.environ), logs / "catalog.log") as (port, pid):
        cpu, wall = measure(port, pid, requests)
    print(f"{'catalog serve':<42} {cpu:>15.2f} {wall:>15.2f}")
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
