"""Persisted queries on `/graphql`: Apollo's automatic persisted queries (APQ) and, with
`API_PERSISTED_ONLY=true`, an allow-list of registered operations (docs/api.md).

An ASGI middleware in front of strawberry. A request naming an operation by hash
(`extensions.persistedQuery {version: 1, sha256Hash}`, in a GET's query string or a POST's JSON
body) has the hash looked up and the text put in place before strawberry sees it; an unknown
hash answers `PersistedQueryNotFound` (200, as Apollo Server does), so Apollo's
`PersistedQueryLink` sends the text along with the hash, which is checked, kept (in memory,
bounded) and run. Operations registered with `catalog operations register` are found in the
graph. In allow-list mode only registered operations run, by hash or by text, and clients
cannot add any.

What was resolved is left in `scope["state"]["graphql"]` (a `GraphQLRequest`) for the answer
cache (`api/http_cache.py`).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from graphql import GraphQLError, OperationDefinitionNode, parse
from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from api.http_body import RequestRefused, decode_utf8, parse_json
from api.http_edge import read_body, refused_response, replay
from api.operations_file import normalized_sha256, sha256_hex
from graph.connection import Graph
from graph.errors import CatalogError, GraphUnavailable
from graph.persisted_operations import find_by_normalized, find_by_sha256

GRAPHQL_PATH = "/graphql"
NOT_FOUND = "PersistedQueryNotFound"
NOT_FOUND_CODE = "PERSISTED_QUERY_NOT_FOUND"
NOT_ALLOWED_CODE = "PERSISTED_QUERY_NOT_ALLOWED"
BAD_REQUEST_CODE = "PERSISTED_QUERY_BAD_REQUEST"
UNAVAILABLE_CODE = "SERVICE_UNAVAILABLE"
# Longest text kept for APQ: far above any real operation, low enough to bound the store.
MAX_KEPT_TEXT = 32 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueryError(CatalogError):
    """A persisted-query request that cannot run; answered as a GraphQL error."""

    def __init__(self, message: str, code: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class KnownOperation:
    """A text the server can run by hash, with what the answer cache needs to know of it."""

    sha256: str
    text: str
    # operation name (None for the document's only operation) -> "query" / "mutation"
    kinds: dict[str | None, str]

    def kind(self, operation_name: str | None) -> str | None:
        if operation_name in self.kinds:
            return self.kinds[operation_name]
        if operation_name is None and len(self.kinds) == 1:
            return next(iter(self.kinds.values()))
        return None


@dataclass
class GraphQLRequest:
    """One GraphQL request as the middlewares see it (a batch is not one)."""

    method: str
    query: str | None
    variables: Any
    operation_name: str | None
    # Set when the operation was named by a hash or is an allow-listed text.
    persisted: KnownOperation | None = None

    @property
    def is_read(self) -> bool:
        return self.persisted is not None and (self.persisted.kind(self.operation_name) == "query")


def operation_kinds(text: str) -> dict[str | None, str]:
    document = parse(text)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    kinds: dict[str | None, str] = {
        (d.name.value if d.name else None): d.operation.value for d in operations
    }
    return kinds


def persisted_hash(extensions: Any) -> str | None:
    """The hash of `extensions.persistedQuery`, None when the request names none."""
    if extensions is None:
        return None
    if not isinstance(extensions, dict):
        raise PersistedQueryError("extensions must be a JSON object", BAD_REQUEST_CODE, 400)
    persisted = extensions.get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryError(
            "PersistedQueryNotSupported: only extensions.persistedQuery version 1 is supported",
            "PERSISTED_QUERY_NOT_SUPPORTED",
            400,
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256.match(digest.lower()):
        raise PersistedQueryError(
            "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits (the SHA-256 "
            "of the query text)",
            BAD_REQUEST_CODE,
            400,
        )
    return digest.lower()


class OperationStore:
    """Texts by hash: those clients sent (APQ, in memory, least recently used dropped first)
    and those registered in the graph (looked up on a miss, then kept likewise)."""

    def __init__(self, graph: Callable[[], Graph], entries: int, persisted_only: bool) -> None:
        self.graph = graph
        self.entries = entries
        self.persisted_only = persisted_only
        self._known: OrderedDict[str, KnownOperation] = OrderedDict()

    def _keep(self, operation: KnownOperation, key: str | None = None) -> KnownOperation:
        """Keep `operation` under its hash, or under `key` (the hash of another text of it)."""
        if self.entries:
            key = key or operation.sha256
            self._known[key] = operation
            self._known.move_to_end(key)
            while len(self._known) > self.entries:
                self._known.popitem(last=False)
        return operation

    @staticmethod
    def _known_from(sha256: str, text: str) -> KnownOperation:
        try:
            kinds = operation_kinds(text)
        except GraphQLError:
            kinds = {}  # strawberry will answer the syntax error when it runs
        return KnownOperation(sha256, text, kinds)

    async def _registered(self, sha256: str) -> KnownOperation | None:
        stored = await asyncio.to_thread(find_by_sha256, self.graph(), sha256)
        return self._keep(self._known_from(sha256, stored.text)) if stored else None

    async def by_hash(self, sha256: str) -> KnownOperation | None:
        known = self._known.get(sha256)
        if known is not None:
            self._known.move_to_end(sha256)
            return known
        return await self._registered(sha256)

    async def with_text(self, sha256: str, text: str) -> KnownOperation:
        """A hash sent with its text: checked, then kept (refused in allow-list mode unless
        registered)."""
        if sha256_hex(text) != sha256:
            raise PersistedQueryError(
                "provided sha does not match query: extensions.persistedQuery.sha256Hash must "
                "be the SHA-256 of the exact query text sent",
                "PERSISTED_QUERY_HASH_MISMATCH",
                400,
            )
        if self.persisted_only:
            known = await self.by_hash(sha256)
            if known is None:
                raise not_allowed()
            return known
        known = self._known_from(sha256, text)
        # Runs either way; kept only when small, so the store stays bounded in bytes too.
        return self._keep(known) if len(text) <= MAX_KEPT_TEXT else known

    async def allowed_text(self, text: str) -> KnownOperation:
        """In allow-list mode, a text with no hash: run only when it is registered."""
        digest = sha256_hex(text)
        known = await self.by_hash(digest)
        if known is not None:
            return known
        try:
            normalized = normalized_sha256(text)
        except GraphQLError:
            raise not_allowed() from None
        stored = await asyncio.to_thread(find_by_normalized, self.graph(), normalized)
        if stored is None:
            raise not_allowed()
        # The registered text runs (same operation, possibly other spacing or comments); kept
        # under this text's hash too, so the next request with it needs no lookup.
        return self._keep(self._known_from(stored.sha256, stored.text), key=digest)


def not_allowed() -> PersistedQueryError:
    return PersistedQueryError(
        "this server runs only registered operations (API_PERSISTED_ONLY=true); register it "
        "with `catalog operations register FILE` or send the hash of a registered one",
        NOT_ALLOWED_CODE,
        400,
    )


def error_body(error: PersistedQueryError) -> bytes:
    message = NOT_FOUND if error.code == NOT_FOUND_CODE else str(error)
    return json.dumps(
        {"errors": [{"message": message, "extensions": {"code": error.code}}]}
    ).encode()


def _json_param(value: str | None, name: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise PersistedQueryError(
            f"the {name} parameter is not JSON", BAD_REQUEST_CODE, 400
        ) from None


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


class PersistedQueries:
    """The middleware; `store` decides what a hash or a text stands for."""

    def __init__(
        self,
        app: ASGIApp,
        store: OperationStore,
        on_error: Callable[[str], None],
        max_body_bytes: int,
    ) -> None:
        self.app = app
        self.store = store
        self.on_error = on_error
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != GRAPHQL_PATH:
            await self.app(scope, receive, send)
            return
        try:
            if scope["method"] == "GET":
                scope = await self._get(scope)
            elif scope["method"] == "POST":
                posted = await self._post(scope, receive, send)
                if posted is None:
                    return
                scope, receive = posted
        except PersistedQueryError as error:
            self.on_error(error.code)
            await _answer_error(error, send)
            return
        except GraphUnavailable:
            # The registered operations could not be looked up: what strawberry answers
            # when Neo4j is down, with the status a client retries on.
            self.on_error(UNAVAILABLE_CODE)
            await _answer_error(
                PersistedQueryError(
                    "the catalog's database cannot be reached just now; try again shortly",
                    UNAVAILABLE_CODE,
                    503,
                ),
                send,
            )
            return
        await self.app(scope, receive, send)

    async def _resolve(self, request: GraphQLRequest, extensions: Any) -> GraphQLRequest:
        digest = persisted_hash(extensions)
        if digest is not None and request.query:
            request.persisted = await self.store.with_text(digest, request.query)
        elif digest is not None:
            known = await self.store.by_hash(digest)
            if known is None:
                raise PersistedQueryError(NOT_FOUND, NOT_FOUND_CODE, 200)
            request.persisted = known
            request.query = known.text
        elif self.store.persisted_only:
            if not request.query:
                raise not_allowed()
            request.persisted = await self.store.allowed_text(request.query)
            request.query = request.persisted.text
        return request

    async def _get(self, scope: Scope) -> Scope:
        params = QueryParams(scope.get("query_string", b"").decode("latin-1"))
        extensions = _json_param(params.get("extensions"), "extensions")
        request = GraphQLRequest(
            "GET",
            params.get("query"),
            params.get("variables"),
            params.get("operationName"),
        )
        if extensions is None and not self.store.persisted_only:
            # A plain GET (or GraphiQL's page): nothing to resolve.
            _remember(scope, request)
            return scope
        request = await self._resolve(request, extensions)
        _remember(scope, request)
        if request.query and request.query != params.get("query"):
            items = [(k, v) for k, v in params.multi_items() if k != "query"]
            items.append(("query", request.query))
            scope = dict(scope, query_string=urlencode(items).encode("latin-1"))
        return scope

    async def _post(
        self, scope: Scope, receive: Receive, send: Send
    ) -> tuple[Scope, Receive] | None:
        """The request with a persisted operation's text filled in, or None when it was
        answered here (a body over the size limit)."""
        content_type = _header(scope, b"content-type").split(";")[0].strip().lower()
        if content_type != "application/json":
            if self.store.persisted_only:
                raise PersistedQueryError(
                    "send operations as JSON (Content-Type: application/json) to a server that "
                    "runs only registered operations",
                    NOT_ALLOWED_CODE,
                    400,
                )
            return scope, receive
        try:
            body = await read_body(receive, Headers(scope=scope), self.max_body_bytes)
        except RequestRefused as refused:
            await refused_response(refused)(scope, receive, send)
            return None
        try:
            payload = parse_json(decode_utf8(body, "the request body"), "the request body")
        except RequestRefused:
            # The edge (api/http_edge.py) refuses it with its reason and status.
            return scope, replay(body, receive)
        items = payload if isinstance(payload, list) else [payload]
        changed = False
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            extensions = item.get("extensions")
            if extensions is None and not self.store.persisted_only:
                continue
            query = item.get("query") if isinstance(item.get("query"), str) else None
            name = item.get("operationName")
            request = GraphQLRequest(
                "POST", query, item.get("variables"), name if isinstance(name, str) else None
            )
            request = await self._resolve(request, extensions)
            if not isinstance(payload, list):
                _remember(scope, request)
            if request.query != query:
                items[index] = dict(item, query=request.query)
                changed = True
        if not changed:
            return scope, replay(body, receive)
        body = json.dumps(items if isinstance(payload, list) else items[0]).encode()
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        return dict(scope, headers=headers), replay(body, receive)


def _remember(scope: Scope, request: GraphQLRequest) -> None:
    scope.setdefault("state", {})["graphql"] = request


def request_of(scope: Scope) -> GraphQLRequest | None:
    request = scope.get("state", {}).get("graphql")
    return request if isinstance(request, GraphQLRequest) else None


async def _answer_error(error: PersistedQueryError, send: Send) -> None:
    body = error_body(error)
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                # As Apollo Server: a miss must not be cached, the text may come next.
                (b"cache-control", b"private, no-cache, must-revalidate"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
