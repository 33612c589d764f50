"""GraphQL over HTTP at the edge of `/graphql`, and JSON errors everywhere.

- `GraphQLEdge` (ASGI, in front of strawberry's view): refuses a request that is not a
  well-formed GraphQL-over-HTTP request before GraphQL sees it (api/http_body.py): 413 for
  a body over API_MAX_BODY_BYTES, 415 for a body other than UTF-8 JSON, 406 when the Accept
  header allows neither response type, 400 for anything else, each with a JSON reason.
- `GraphQLOverHttp` (mixed into the strawberry view): answers in the negotiated media type;
  under `application/graphql-response+json` a request error (the document does not parse
  or validate, the variables do not coerce: nothing ran) is a 400 without `data`; under
  `application/json` it stays a 200, as legacy clients expect. A GET naming a mutation is a
  405 with `Allow: POST`. strawberry's own refusals become JSON too.
- `http_error`, `server_error`: Starlette's 404/405 and unhandled errors as JSON.

Every error body is a GraphQL response: `{"errors": [{"message", "extensions": {"code"}}]}`.
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException as ViewHTTPException
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from api.http_body import (
    GRAPHQL_RESPONSE,
    JSON,
    RequestRefused,
    get_request,
    post_request,
    refuse_credentials,
    response_media_type,
)

_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    media_type: str = JSON,
) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code or _CODES.get(status)}}]}
    return Response(
        json.dumps(body, separators=(",", ":")),
        status_code=status,
        headers=headers,
        media_type=f"{media_type}; charset=utf-8",
    )


def refused_response(refused: RequestRefused, media_type: str = JSON) -> Response:
    return error_response(
        refused.status, refused.message, refused.code, refused.headers, media_type
    )


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's HTTP errors (no route, wrong method, no such file) as JSON."""
    assert isinstance(exc, HTTPException)
    messages = {
        404: f"nothing at {request.url.path}; the API is at /graphql",
        405: f"{request.method} is not allowed on {request.url.path}",
    }
    return error_response(
        exc.status_code, messages.get(exc.status_code, exc.detail), headers=dict(exc.headers or {})
    )


async def server_error(request: Request, exc: Exception) -> Response:
    """A fault of ours outside GraphQL: no stack trace to the client (uvicorn logs it)."""
    return error_response(
        500, "internal error; the server log has the details", "INTERNAL_SERVER_ERROR"
    )


def _body_too_large(limit: int) -> RequestRefused:
    return RequestRefused(
        413,
        f"the request body is over the maximum of {limit:,} bytes (API_MAX_BODY_BYTES)",
        code="PAYLOAD_TOO_LARGE",
    )


async def read_body(receive: Receive, headers: Headers, limit: int) -> bytes:
    """The whole body, refused (413) as soon as it is known to pass `limit` bytes."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _body_too_large(limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _body_too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives `body` once, then whatever the connection says next."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def wants_ide(scope: Scope, headers: Headers) -> bool:
    """A browser opening /graphql (GraphiQL), as strawberry decides it."""
    accept = headers.get("accept", "")
    return (
        scope["method"] == "GET"
        and b"query=" not in scope.get("query_string", b"")
        and ("text/html" in accept or "*/*" in accept)
    )


class GraphQLEdge:
    """Checks a `/graphql` request at the HTTP level before the GraphQL view runs."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        media_type = response_media_type(headers.get("accept")) or JSON
        try:
            receive = await self.check(scope, receive, headers)
        except RequestRefused as refused:
            await refused_response(refused, media_type)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def check(self, scope: Scope, receive: Receive, headers: Headers) -> Receive:
        """The request's `receive` (its body replayed) when it may go on to GraphQL."""
        if scope["method"] == "POST":
            refuse_credentials(
                name for name, _, _ in (p.partition("=") for p in _query_pairs(scope))
            )
            body = await read_body(receive, headers, self.max_body_bytes)
            post_request(body, headers.get("content-type"))
            receive = replay(body, receive)
            # Media types are case-insensitive; strawberry compares them as written.
            scope["headers"] = [
                (name, b"application/json" if name == b"content-type" else value)
                for name, value in scope["headers"]
            ]
        elif scope["method"] == "GET":
            get_request(scope.get("query_string", b""))
        if not wants_ide(scope, headers) and response_media_type(headers.get("accept")) is None:
            raise RequestRefused(
                406,
                f"Accept {headers.get('accept')!r} allows no type this API answers in; "
                f"accept {GRAPHQL_RESPONSE} or {JSON}",
                code="NOT_ACCEPTABLE",
            )
        return receive


def _query_pairs(scope: Scope) -> list[str]:
    raw: bytes = scope.get("query_string", b"")
    return [pair for pair in raw.decode("latin-1").split("&") if pair]


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing ran: the document did not parse or validate, or the variables did not
    coerce. Field errors always carry a path; these never do."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or ())
    )


class GraphQLOverHttp:
    """Mixed into strawberry's ASGI view (before it): media type, status and JSON errors."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)  # type: ignore[misc]
            return
        request = Request(scope=scope, receive=receive)
        media_type = response_media_type(request.headers.get("accept")) or JSON
        try:
            response: Response = await self.run(request)  # type: ignore[attr-defined]
        except ViewHTTPException as exc:
            response = self._refusal(exc, media_type)
        else:
            if response.media_type == "application/json":
                response.headers["content-type"] = f"{media_type}; charset=utf-8"
                if media_type == GRAPHQL_RESPONSE and request.scope.get("state", {}).get(
                    "graphql_request_error"
                ):
                    response.status_code = 400
        await response(scope, receive, send)

    @staticmethod
    def _refusal(exc: ViewHTTPException, media_type: str) -> Response:
        if isinstance(exc.__cause__, InvalidOperationTypeError):
            return error_response(
                405,
                "a GET request may not run a mutation (GET must be safe); send it as a POST",
                headers={"Allow": "POST"},
                media_type=media_type,
            )
        return error_response(exc.status_code, exc.reason, media_type=media_type)

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:
        data = await super().process_result(request, result)  # type: ignore[misc]
        if is_request_error(result):
            request.state.graphql_request_error = True
            if response_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE:
                # The spec: a request error's response has no `data` entry at all.
                data.pop("data", None)
        return data
