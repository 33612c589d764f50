"""What every resolver gets: the process's graph, the limits, and this request's id.

Resolvers run the graph layer in a worker thread (the driver is synchronous), so one slow
statement never holds up the event loop and a request's root fields run side by side.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response
from strawberry import Info

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


async def read(info: Info, work: Callable[..., T], *args: Any) -> T:
    """`work(graph, *args, limits)` in a worker thread: one statement of the graph layer."""
    context = context_of(info)
    return await asyncio.to_thread(work, context.graph, *args, context.limits)
