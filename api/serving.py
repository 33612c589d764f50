"""The middleware around the app's routes, outermost first: tracing (off unless API_TRACING),
requests in flight, compression, static files' Cache-Control, persisted queries, HTTP cache.

Compression is outside the caches, so an answer is kept once, uncompressed, and compressed
for each client as its `Accept-Encoding` asks (brotli, else gzip); ETags are weak, so the
compressed forms share them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brotli_asgi import BrotliMiddleware
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http_cache import AnswerCache, HttpCache, VersionSource
from api.metrics import ApiMetrics, InFlight
from api.persisted import GraphQLRequest, OperationStore, PersistedQueries
from api.settings import ApiSettings
from graph.connection import Graph
from graph.errors import ConfigError

# Brotli's quality 4 compresses about as tightly as gzip's default at a fraction of its time.
BROTLI_QUALITY = 4
STATIC_PREFIXES = ("/static/", "/vendor/", "/browser/")


class StaticCacheControl:
    """`Cache-Control` on the files the app serves: `/static/`, `/vendor/` and `/browser/`
    may be kept `API_STATIC_MAX_AGE` seconds, then revalidated by their ETag; the page at `/`
    is revalidated every time, so a new release shows at once."""

    def __init__(self, app: ASGIApp, max_age: int) -> None:
        self.app = app
        self.value = f"public, max-age={max_age}".encode() if max_age else b"no-cache"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == "/":
            value = b"no-cache"
        elif path.startswith(STATIC_PREFIXES):
            value = self.value
        else:
            await self.app(scope, receive, send)
            return

        async def with_cache_control(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = [(k, v) for k, v in message["headers"] if k.lower() != b"cache-control"]
                message = dict(message, headers=[*headers, (b"cache-control", value)])
            await send(message)

        await self.app(scope, receive, with_cache_control)


def tracing_middleware() -> Middleware:
    """OpenTelemetry's ASGI middleware: a span per request, exported by whatever tracer
    provider the process configured (e.g. `opentelemetry-instrument catalog serve`)."""
    try:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    except ImportError:
        raise ConfigError(
            "API_TRACING=true needs OpenTelemetry: pip install 'assurance-catalog[tracing]' "
            "(opentelemetry-instrumentation-asgi), or set API_TRACING=false"
        ) from None
    return Middleware(OpenTelemetryMiddleware)


def serving_middleware(
    settings: ApiSettings, graph: Callable[[], Graph], metrics: ApiMetrics | None
) -> list[Middleware]:
    def served(request: GraphQLRequest, outcome: str) -> None:
        if metrics is not None:
            metrics.served(request, outcome)

    def refused(code: str) -> None:
        if metrics is not None:
            metrics.operation(None, code.lower())

    store = OperationStore(graph, settings.api_apq_cache_entries, settings.api_persisted_only)
    stack: list[Middleware] = []
    if settings.api_tracing:
        stack.append(tracing_middleware())
    if metrics is not None:
        stack.append(Middleware(InFlight, metrics=metrics))
    if settings.api_compression:
        options: dict[str, Any] = {
            "quality": BROTLI_QUALITY,
            "minimum_size": settings.api_compress_min_bytes,
            "gzip_fallback": True,
        }
        stack.append(Middleware(BrotliMiddleware, **options))
    stack += [
        Middleware(StaticCacheControl, max_age=settings.api_static_max_age),
        Middleware(
            PersistedQueries,
            store=store,
            on_error=refused,
            max_body_bytes=settings.api_max_body_bytes,
        ),
        Middleware(
            HttpCache,
            versions=VersionSource(graph, settings.api_catalog_version_ttl),
            answers=AnswerCache(settings.api_answer_cache_entries, settings.api_answer_cache_bytes),
            max_age=settings.api_http_max_age,
            on_served=served,
        ),
    ]
    return stack
