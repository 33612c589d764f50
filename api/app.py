"""The ASGI application: `/graphql` (strawberry), `/health` and `/ready`; in a browser, the
reference web client at `/`, offline GraphiQL on GET `/graphql`, and the Neo4j Browser guide
and style under `/browser/` (docs/web-client.md).

`catalog serve` runs it under uvicorn (`create_app` as a factory),
one Neo4j driver per process: opened at startup, closed at shutdown. Tests pass their own
`Graph`, which the app then uses and leaves open.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from api import access_log
from api.context import ApiContext, limits_from
from api.graphiql import CONTRACT, InstalledFiles, graphiql_html, vendor_routes
from api.health import health, ready
from api.http_edge import GraphQLEdge, GraphQLOverHttp, error_response, http_error, server_error
from api.metrics import ApiMetrics
from api.observe import count_statement, start_counting
from api.offloop import LoopPool, OffLoop, WorkerLoop
from api.request_ids import REQUEST_ID_HEADER, request_id_from
from api.schema import build_schema
from api.serving import serving_middleware
from api.settings import ApiSettings, get_api_settings
from api.warmup import Warmup, warmup_operations
from graph.connection import Graph, open_graph
from graph.queries.statement import Limits


def request_id(request: Request) -> str:
    """The caller's request id when it is a sane one, else a new one."""
    return request_id_from(request.headers)


class CatalogGraphQL(GraphQLOverHttp, GraphQL):
    def __init__(self, settings: ApiSettings, limits: Limits) -> None:
        super().__init__(
            build_schema(settings), graphql_ide="graphiql" if settings.api_graphiql else None
        )
        self.settings, self.limits = settings, limits

    def encode_json(self, data: object) -> bytes:
        # orjson rather than the standard library's json: the answer is plain data (maps,
        # lists, strings, numbers) and orjson writes it as UTF-8 bytes in one pass.
        return orjson.dumps(data)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(graphiql_html())

    async def get_context(self, request: Request, response: Response) -> ApiContext:  # type: ignore[override]
        rid = request_id(request)
        response.headers[REQUEST_ID_HEADER] = rid
        context = ApiContext(
            graph=request.app.state.graph,
            limits=self.limits,
            request_id=rid,
            settings=self.settings,
            request=request,
            response=response,
        )
        start_counting(context.statements)
        return context


def create_app(settings: ApiSettings | None = None, graph: Graph | None = None) -> Starlette:
    settings = settings or get_api_settings()
    access_log.install()
    requests = LoopPool("graphql", settings.api_request_threads)
    warmup_loop = WorkerLoop("warm-up")

    metrics = None
    if settings.api_metrics:
        metrics = ApiMetrics(lambda: getattr(app.state, "graph", None))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own = graph or open_graph(settings)
        own.add_listener(count_statement)
        if metrics is not None:
            own.add_listener(metrics.count_statement)
        app.state.graph = own
        app.state.metrics = metrics
        app.state.warmup = keeping = None
        if settings.api_warmup:
            app.state.warmup = warmup(graphql, own)
            keeping = asyncio.run_coroutine_threadsafe(
                app.state.warmup.keep_warm(own), warmup_loop.start()
            )
        try:
            yield
        finally:
            if keeping is not None:
                keeping.cancel()
            warmup_loop.stop()
            requests.stop()
            own.remove_listener(count_statement)
            if metrics is not None:
                own.remove_listener(metrics.count_statement)
            if graph is None:
                own.close()

    graphql = CatalogGraphQL(settings, limits_from(settings))

    def warmup(graphql: CatalogGraphQL, graph: Graph) -> Warmup:
        return Warmup(
            schema=graphql.schema,
            operations=warmup_operations(CONTRACT.read_text(encoding="utf-8")),
            context=lambda: ApiContext(
                graph=graph, limits=graphql.limits, request_id="warm-up", settings=settings
            ),
            poll_seconds=settings.api_warmup_poll_seconds,
        )

    endpoint = OffLoop(GraphQLEdge(graphql, settings.api_max_body_bytes), requests)
    app = Starlette(
        routes=[
            Route("/graphql", endpoint, methods=["GET", "POST"]),
            Route("/health", health, methods=["GET"]),
            Route("/ready", ready, methods=["GET"]),
            Route("/", lambda _: FileResponse(STATIC / "index.html"), methods=["GET"]),
            Mount("/static", app=InstalledFiles(directory=STATIC, check_dir=False), name="static"),
            Mount("/browser", app=browser_files(), name="browser"),
            *vendor_routes(),
            *([Route("/metrics", metrics.endpoint, methods=["GET"])] if metrics else []),
        ],
        middleware=[
            *cors(settings),
            *serving_middleware(settings, lambda: app.state.graph, metrics),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    return app


STATIC = Path(__file__).resolve().parent / "static"
# Neo4j Browser, served by any local Neo4j, fetches `:play` and `:style` URLs cross-origin.
NEO4J_BROWSER_ORIGINS = r"https?://(127\.0\.0\.1|localhost)(:\d+)?"


def browser_files() -> CORSMiddleware:
    """The Neo4j Browser guide and GraSS style, readable by Browser pages on this machine."""
    files = InstalledFiles(directory=Path(__file__).resolve().parent / "browser", check_dir=False)
    return CORSMiddleware(
        files, allow_origin_regex=NEO4J_BROWSER_ORIGINS, allow_methods=["GET"], allow_headers=["*"]
    )


class ApiCORS(CORSMiddleware):
    """CORS for the API's own origins; `/browser/` answers Neo4j Browser's (`browser_files`).
    A refused preflight says why in JSON, like every other error."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/browser/"):
            await self.app(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        reason = bytes(response.body).decode("utf-8", "replace")
        refused = error_response(
            400,
            f"CORS preflight refused: {reason} (API_CORS_ORIGINS, API_CORS_HEADERS)",
            "CORS_REFUSED",
        )
        for name in ("vary", "access-control-allow-origin"):
            if name in response.headers:
                refused.headers[name] = response.headers[name]
        return refused


# The headers the API itself reads; API_CORS_HEADERS adds to them.
API_HEADERS = ["Content-Type", "Authorization", REQUEST_ID_HEADER]


def cors(settings: ApiSettings) -> list[Middleware]:
    """Let the frontend's origins (API_CORS_ORIGINS) call the API from a browser, sending the
    API's headers and those of API_CORS_HEADERS."""
    origins = [o.strip() for o in settings.api_cors_origins.split(",") if o.strip()]
    if not origins:
        return []
    extra = [h.strip() for h in settings.api_cors_headers.split(",") if h.strip()]
    return [
        Middleware(
            ApiCORS,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["*"] if "*" in extra else API_HEADERS + extra,
            expose_headers=[REQUEST_ID_HEADER],
        )
    ]
