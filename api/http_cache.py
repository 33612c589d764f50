"""HTTP caching of `/graphql` answers on the catalog version (graph/catalog_version.py).

- A GET query's answer carries a weak `ETag` made of the catalog version and the request (the
  query or its hash, variables, operation name, `Accept` and the caller's credentials) and a
  `Cache-Control`; `If-None-Match` with that ETag answers 304 without running anything.
- Answers to persisted reads (an operation named by hash, or allow-listed) are kept in memory,
  keyed by (hash, variables, operation name, `Accept`, credentials, catalog version), least
  recently used dropped first beyond `API_ANSWER_CACHE_ENTRIES` answers or
  `API_ANSWER_CACHE_BYTES` bytes. Only 200 answers without errors to queries are kept; a write
  bumps the version, so the next request reads it anew and nothing kept before is served.

The version is read once per request that could use it (one indexed read), or at most every
`API_CATALOG_VERSION_TTL` seconds when that is set (other processes' writes then show that
much later; this process's own writes always at once).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.persisted import GRAPHQL_PATH, GraphQLRequest, request_of
from api.request_ids import REQUEST_ID_HEADER, request_id_from
from graph.catalog_version import CatalogVersion, read_version
from graph.connection import Graph
from graph.errors import CatalogError

# What a GET answer may differ by besides the request line (with Accept-Encoding, which the
# compression middleware adds).
VARY = "Accept, Authorization"


class VersionSource:
    """The catalog version, read from the graph at most every `ttl` seconds."""

    def __init__(self, graph: Callable[[], Graph], ttl: float) -> None:
        self.graph = graph
        self.ttl = ttl
        self._version: CatalogVersion | None = None
        self._read_at = 0.0

    async def current(self) -> CatalogVersion | None:
        now = time.monotonic()
        if self._version is None or self.ttl <= 0 or now - self._read_at >= self.ttl:
            self._version = await asyncio.to_thread(read_version, self.graph())
            self._read_at = now
        return self._version

    def forget(self) -> None:
        """After a write through this process: the next request reads the version anew."""
        self._version = None


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: bytes
    body: bytes


class AnswerCache:
    """Answers in memory, bounded by count and bytes; emptied when the version moves on."""

    def __init__(self, entries: int, max_bytes: int) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._version = ""
        self._answers: OrderedDict[str, Answer] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.entries > 0 and self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._answers)

    def _at(self, version: str) -> None:
        if version != self._version:
            self._answers.clear()
            self.bytes = 0
            self._version = version

    def get(self, version: str, key: str) -> Answer | None:
        self._at(version)
        answer = self._answers.get(key)
        if answer is None:
            self.misses += 1
            return None
        self.hits += 1
        self._answers.move_to_end(key)
        return answer

    def put(self, version: str, key: str, answer: Answer) -> None:
        self._at(version)
        if len(answer.body) > self.max_bytes:
            return
        old = self._answers.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self._answers[key] = answer
        self.bytes += len(answer.body)
        while len(self._answers) > self.entries or self.bytes > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self.bytes -= len(dropped.body)


def _canonical(value: Any) -> str:
    if isinstance(value, str):  # a GET's variables arrive as JSON text
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def request_key(request: GraphQLRequest, headers: Headers) -> str:
    """What identifies an answer apart from the version: the operation (its hash, else its
    text), variables, operation name, the media type asked for and the caller's credentials."""
    operation = (
        request.persisted.sha256
        if request.persisted
        else hashlib.sha256((request.query or "").encode()).hexdigest()
    )
    credentials = hashlib.sha256(headers.get("authorization", "").encode()).hexdigest()
    parts = [
        operation,
        _canonical(request.variables),
        request.operation_name or "",
        headers.get("accept", ""),
        credentials,
    ]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def etag(version: CatalogVersion, key: str) -> str:
    digest = hashlib.sha256(f"{version.tag}\x00{key}".encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def matches(if_none_match: str, tag: str) -> bool:
    """RFC 9110 weak comparison of `If-None-Match` against our tag."""
    if if_none_match.strip() == "*":
        return True
    wanted = tag.removeprefix("W/")
    return any(part.strip().removeprefix("W/") == wanted for part in if_none_match.split(","))


def _without_errors(body: bytes) -> bool:
    try:
        answer = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(answer, dict) and "data" in answer and not answer.get("errors")


class HttpCache:
    """The middleware (inside `PersistedQueries`, which leaves it the parsed request)."""

    def __init__(
        self,
        app: ASGIApp,
        versions: VersionSource,
        answers: AnswerCache,
        max_age: int,
        on_served: Callable[[GraphQLRequest, str], None],
    ) -> None:
        self.app = app
        self.versions = versions
        self.answers = answers
        self.max_age = max_age
        self.on_served = on_served

    def cache_control(self, headers: Headers) -> bytes:
        # An answer for a caller with credentials is for that caller only.
        scope = "private" if "authorization" in headers else "public"
        freshness = f"max-age={self.max_age}" if self.max_age else "no-cache"
        return f"{scope}, {freshness}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != GRAPHQL_PATH:
            await self.app(scope, receive, send)
            return
        request = request_of(scope)
        is_get = scope["method"] == "GET" and request is not None and bool(request.query)
        cacheable = request is not None and request.is_read and self.answers.enabled
        if not (is_get or cacheable):
            await self.app(scope, receive, send)
            if scope["method"] == "POST":
                # Perhaps a write: this process sees it at once whatever the TTL.
                self.versions.forget()
            return
        assert request is not None
        headers = Headers(scope=scope)
        try:
            version = await self.versions.current()
        except CatalogError:
            version = None  # Neo4j unreachable: the query itself will say so, as GraphQL
        if version is None:  # or no write has made a version yet: nothing is cacheable
            await self.app(scope, receive, send)
            return
        key = request_key(request, headers)
        tag = etag(version, key) if is_get else None
        extra: list[tuple[bytes, bytes]] = []
        if tag is not None:
            extra = [
                (b"etag", tag.encode()),
                (b"cache-control", self.cache_control(headers)),
                (b"vary", VARY.encode()),
            ]
            if matches(headers.get("if-none-match", ""), tag):
                self.on_served(request, "not-modified")
                answered = [*extra, _request_id(headers)]
                await send({"type": "http.response.start", "status": 304, "headers": answered})
                await send({"type": "http.response.body", "body": b""})
                return
        if cacheable:
            kept = self.answers.get(version.tag, key)
            if kept is not None:
                self.on_served(request, "cached")
                await _send_answer(send, kept, [*extra, _request_id(headers)])
                return
        await self._run(scope, receive, send, version, key, extra, cacheable)

    async def _run(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        version: CatalogVersion,
        key: str,
        extra: list[tuple[bytes, bytes]],
        cacheable: bool,
    ) -> None:
        # The whole answer is held back so its headers can say whether it may be cached
        # (strawberry builds each answer whole anyway).
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:
                await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        status = int(start.get("status", 500))
        headers = list(start.get("headers", []))
        if status == 200 and _without_errors(body):
            headers = [(k, v) for k, v in headers if k.lower() not in (b"cache-control", b"etag")]
            headers.extend(extra)
            if cacheable:
                content_type = dict((k.lower(), v) for k, v in headers).get(b"content-type", b"")
                self.answers.put(version.tag, key, Answer(status, content_type, body))
        await send(dict(start, headers=headers))
        await send({"type": "http.response.body", "body": body})


def _request_id(headers: Headers) -> tuple[bytes, bytes]:
    return (REQUEST_ID_HEADER.lower().encode(), request_id_from(headers).encode())


async def _send_answer(send: Send, answer: Answer, extra: list[tuple[bytes, bytes]]) -> None:
    headers = [
        (b"content-type", answer.content_type),
        (b"content-length", str(len(answer.body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
