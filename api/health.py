"""`/health` (the process answers) and `/ready` (it can serve the catalog), as JSON.

Ready means: Neo4j answers, every constraint and index of graph/schema.py is online, no
migration is unfinished (a `MigrationRun` left `running` or `failed`: the graph may be half
loaded), and the warm-up has run since Neo4j last came up (api/warmup.py). Not ready
answers 503 with the failing checks, so a load balancer holds traffic.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from api.warmup import WARM
from graph.connection import Graph
from graph.errors import CatalogError
from graph.schema import missing_schema
from graph.status import INCOMPLETE_LOADS_QUERY


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def readiness(graph: Graph) -> dict[str, Any]:
    try:
        graph.verify()
    except CatalogError:
        return {"ready": False, "checks": {"neo4j": "unreachable"}}
    checks: dict[str, str] = {"neo4j": "ok"}
    missing = missing_schema(graph)
    checks["schema"] = "missing: " + ", ".join(missing) if missing else "ok"
    unfinished = graph.read(INCOMPLETE_LOADS_QUERY)
    checks["loads"] = (
        "; ".join(
            f"{run['kind']} {run['runId']} from {run['source']} started {run['startedAt']} "
            "is unfinished"
            for run in unfinished
        )
        if unfinished
        else "ok"
    )
    return {"ready": all(value == "ok" for value in checks.values()), "checks": checks}


async def ready(request: Request) -> JSONResponse:
    report = await asyncio.to_thread(readiness, request.app.state.graph)
    warmup = request.app.state.warmup
    if warmup is not None:
        report["checks"]["warm-up"] = warmup.state
        report["warmUp"] = warmup.report()
        report["ready"] = report["ready"] and warmup.state == WARM
    return JSONResponse(report, status_code=200 if report["ready"] else 503)
