"""What one API read costs in the driver, five ways, side by side in one run: the sync driver
in a managed read transaction (`execute_read`) and as an auto-commit read (`session.run`), the
async driver both ways on an event loop (uvloop, as the API's GraphQL loop), and the sync
managed read from that loop through a worker thread (`asyncio.to_thread`, as a resolver).

The statement is the API's own: TechniqueDetail's, compiled from the contract for the
technique the API benchmark picks (bench/api/operations.py), against the catalog already in
NEO4J_URI's graph. Prints CPU time of this process and wall time per call.

    .venv/bin/python -m bench.api.driver_calls --calls 2000
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from collections.abc import Awaitable, Callable
from typing import Any, LiteralString, cast

import neo4j
import uvloop

from api.settings import get_api_settings
from bench.api.operations import cases, pick
from bench.api.statements import in_process_api
from graph.connection import connected
from graph.settings import Settings, get_settings


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report(name: str, calls: int, cpu: float, wall: float) -> None:
    print(f"{name:<34} {cpu * 1000 / calls:>8.3f} {wall * 1000 / calls:>9.3f}")


def timed(name: str, calls: int, call: Callable[[], Any]) -> None:
    for _ in range(min(200, calls)):
        call()
    cpu, wall = cpu_seconds(), time.perf_counter()
    for _ in range(calls):
        call()
    report(name, calls, cpu_seconds() - cpu, time.perf_counter() - wall)


async def timed_async(name: str, calls: int, call: Callable[[], Awaitable[Any]]) -> None:
    for _ in range(min(200, calls)):
        await call()
    cpu, wall = cpu_seconds(), time.perf_counter()
    for _ in range(calls):
        await call()
    report(name, calls, cpu_seconds() - cpu, time.perf_counter() - wall)


def detail_statement(settings: Settings) -> tuple[LiteralString, dict[str, Any]]:
    """TechniqueDetail's compiled statement, as the API sent it."""
    with connected(settings) as graph:
        case = next(c for c in cases(pick(graph)) if c.label == "TechniqueDetail")
        with in_process_api(get_api_settings(), graph) as api:
            _, sent = api.statements(case.document, case.variables)
    text, params = sent[0]
    return cast(LiteralString, text), params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    calls = parser.parse_args().calls
    settings = get_settings()
    query, params = detail_statement(settings)
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    database = settings.neo4j_database
    driver = neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth)

    def managed() -> list[dict[str, Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [dict(r) for r in tx.run(query, params)]

        with driver.session(database=database) as session:
            return session.execute_read(work)

    def autocommit() -> list[dict[str, Any]]:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
            return [dict(r) for r in s.run(query, params)]

    print(f"{'driver call':<34} {'CPU ms':>8} {'wall ms':>9}")
    timed("sync, managed read", calls, managed)
    timed("sync, auto-commit read", calls, autocommit)

    async def on_loop() -> None:
        adriver = neo4j.AsyncGraphDatabase.driver(settings.neo4j_uri, auth=auth)

        async def a_managed() -> list[dict[str, Any]]:
            async def work(tx: neo4j.AsyncManagedTransaction) -> list[dict[str, Any]]:
                return [dict(r) async for r in await tx.run(query, params)]

            async with adriver.session(database=database) as session:
                return await session.execute_read(work)

        async def a_autocommit() -> list[dict[str, Any]]:
            async with adriver.session(
                database=database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                return [dict(r) async for r in await session.run(query, params)]

        async def threaded() -> list[dict[str, Any]]:
            return await asyncio.to_thread(managed)

        try:
            await timed_async("async, managed read", calls, a_managed)
            await timed_async("async, auto-commit read", calls, a_autocommit)
            await timed_async("sync managed read via to_thread", calls, threaded)
        finally:
            await adriver.close()

    try:
        uvloop.run(on_loop())
    finally:
        driver.close()


if __name__ == "__main__":
    main()
