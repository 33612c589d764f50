"""What every resolver gets: the process's graph, the limits, and this request's id; and
how a resolver calls the graph layer (`call_graph`).

The driver is synchronous. A request that has its event loop to itself (api/offloop.py)
calls it right there: blocking that loop holds up no one, and it saves a hop to another
thread per statement. Any other caller (a request sharing a loop, the warm-up, a test
running the schema) has it run in a worker thread, so one slow statement never holds up an
event loop others use.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response
from strawberry import Info

from api.offloop import owns_loop
from api.settings import ApiSettings, get_api_settings
from graph.connection import Graph
from graph.queries.statement import Limits

T = TypeVar("T")


def limits_from(settings: ApiSettings) -> Limits:
    return Limits(
        max_page_size=settings.api_max_page_size,
        max_filter_depth=settings.api_max_filter_depth,
        max_filter_terms=settings.api_max_filter_terms,
        max_hops=settings.api_max_hops,
        max_nodes=settings.api_max_nodes,
    )


@dataclass
class ApiContext:
    graph: Graph
    limits: Limits
    request_id: str
    # Tokens (api/auth.py) are read from here: the served app's settings.
    settings: ApiSettings = field(default_factory=get_api_settings)
    request: Request | None = None
    response: Response | None = None
    statements: list[str] = field(default_factory=list)
    # Set by mutations (api/auth.py, api/mutations/): who wrote, and whether a rule refused it.
    role: str | None = None
    refused: bool = False
    # Each root field's resolve info, by response key (api/resolution.py).
    root_infos: dict[str, Any] = field(default_factory=dict)
    # Objects filled by plan (api/record_completion.py): tests see the fast path taken.
    planned: int = 0

    def count_planned(self) -> None:
        self.planned += 1


def context_of(info: Info | Any) -> ApiContext:
    context: ApiContext = info.context
    return context


async def call_graph(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)`, a call of the graph layer: here when the request owns its loop, else in
    a worker thread."""
    if owns_loop():
        return work(*args)
    return await asyncio.to_thread(work, *args)


async def read(info: Info, work: Callable[..., T], *args: Any) -> T:
    """`work(graph, *args, limits)`: one statement of the graph layer."""
    context = context_of(info)
    return await call_graph(work, context.graph, *args, context.limits)
