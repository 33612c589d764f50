"""A GraphQL-over-HTTP request read strictly: every body either becomes a GraphQL request or
is refused with a status and a reason (graphql.github.io/graphql-over-http, docs/api.md).

Pure functions over bytes and header values, no I/O: `post_request` (a POST body and its
Content-Type), `get_request` (a URL's query string), `response_media_type` (the Accept
header). Strings are valid Unicode or refused here: invalid UTF-8 anywhere, and lone
surrogates (JSON's `"\\ud800"`), never reach GraphQL or Neo4j.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
# JSON nesting allowed in a request: far above any filter API_MAX_FILTER_DEPTH allows, far
# below what would exhaust Python's stack in GraphQL's coercion of variables.
MAX_JSON_NESTING = 100
MAX_GET_PARAMETERS = 16
REQUEST_FIELDS = {
    "query": str,
    "operationName": str,
    "variables": dict,
    "extensions": dict,
}
_KIND = {str: "a string", dict: "an object"}
# Query parameters that carry credentials: refused (a URL ends up in access logs, browser
# history and proxies), and redacted from the access log (api/access_log.py).
CREDENTIAL_PARAMETER = re.compile(
    r"^(access[_-]?token|token|api[_-]?key|apikey|key|auth|authorization|bearer|jwt|"
    r"password|passwd|secret|client[_-]?secret)$",
    re.IGNORECASE,
)


@dataclass
class RequestRefused(Exception):
    """Not a well-formed GraphQL-over-HTTP request: the HTTP status and what to fix."""

    status: int
    message: str
    code: str = "BAD_REQUEST"
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str, where: str) -> Any:
    """`text` as JSON, refusing what JSON does not allow (NaN, Infinity) and what would
    exhaust the stack; then `check_values`."""
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise RequestRefused(
            400, f"{where} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise RequestRefused(
            400, f"{where} nests JSON deeper than the maximum of {MAX_JSON_NESTING} levels"
        ) from None
    except ValueError as exc:  # NaN, or an integer of more digits than Python converts
        raise RequestRefused(400, f"{where} is not valid JSON: {exc}") from None
    check_values(value, where)
    return value


def check_values(value: Any, where: str) -> None:
    """Refuse nesting deeper than MAX_JSON_NESTING and strings that are not Unicode text
    (a lone surrogate: valid JSON, but no UTF-8 encodes it); iterative, so no input can
    exhaust the stack."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            _check_text(item, where)
        elif isinstance(item, dict | list):
            if depth > MAX_JSON_NESTING:
                raise RequestRefused(
                    400, f"{where} nests JSON deeper than the maximum of {MAX_JSON_NESTING} levels"
                )
            if isinstance(item, dict):
                for key, child in item.items():
                    _check_text(key, where)
                    pending.append((child, depth + 1))
            else:
                pending.extend((child, depth + 1) for child in item)


def _check_text(text: str, where: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RequestRefused(
            400,
            f"{where} holds a lone surrogate (U+{ord(text[exc.start]):04X}) in a string: "
            "strings must be Unicode text; send a character as itself or as an escaped "
            "surrogate pair",
        ) from None


def decode_utf8(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestRefused(
            400,
            f"{where} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "send UTF-8 text",
        ) from None


def check_content_type(content_type: str | None) -> None:
    """Only `application/json` (UTF-8) bodies are GraphQL requests here: 415 otherwise."""
    media, _, parameters = (content_type or "").partition(";")
    media = media.strip().lower()
    if media != JSON:
        shown = f"Content-Type {media!r}" if media else "no Content-Type"
        raise RequestRefused(
            415,
            f"a GraphQL POST needs Content-Type: application/json; got {shown}",
            code="UNSUPPORTED_MEDIA_TYPE",
        )
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise RequestRefused(
                415,
                f"the body must be UTF-8; got charset {charset!r}",
                code="UNSUPPORTED_MEDIA_TYPE",
            )


def graphql_request(value: Any, where: str) -> dict[str, Any]:
    """A decoded body or parameter set as a GraphQL request: an object whose `query` and
    `operationName` are strings and `variables` and `extensions` objects (each may be
    absent or null). A JSON array (a batch) is refused: one operation per request."""
    if isinstance(value, list):
        raise RequestRefused(
            400,
            f"{where} is a JSON array: batched operations are not supported; send one "
            "operation per request (a kept-alive connection makes that cheap)",
            code="BATCHING_NOT_SUPPORTED",
        )
    if not isinstance(value, dict):
        raise RequestRefused(
            400,
            f"{where} is {_type_name(value)}; a GraphQL request is a JSON object such as "
            '{"query": "{ goals { name } }"}',
        )
    for name, kind in REQUEST_FIELDS.items():
        given = value.get(name)
        if given is not None and not isinstance(given, kind):
            raise RequestRefused(
                400, f"`{name}` must be {_KIND[kind]} or null; got {_type_name(given)}"
            )
    return value


def post_request(body: bytes, content_type: str | None) -> dict[str, Any]:
    """A POST's GraphQL request, or `RequestRefused`."""
    check_content_type(content_type)
    if not body.strip():
        raise RequestRefused(400, 'the request body is empty; send {"query": "..."}')
    text = decode_utf8(body, "the request body")
    return graphql_request(parse_json(text, "the request body"), "the request body")


def get_request(query_string: bytes) -> dict[str, Any]:
    """A GET's GraphQL request from the URL's query string, or `RequestRefused`."""
    try:
        text = query_string.decode("ascii")
    except UnicodeDecodeError:
        raise RequestRefused(
            400, "the URL holds raw non-ASCII bytes; percent-encode its UTF-8"
        ) from None
    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_GET_PARAMETERS,
        )
    except UnicodeDecodeError as exc:
        raise RequestRefused(
            400,
            f"a URL parameter is not valid UTF-8 once percent-decoded ({exc.reason}); "
            "percent-encode UTF-8 text",
        ) from None
    except ValueError:
        raise RequestRefused(
            400, f"the URL has more than {MAX_GET_PARAMETERS} parameters"
        ) from None
    refuse_credentials(name for name, _ in pairs)
    parameters: dict[str, Any] = {}
    for name, value in pairs:
        if name in parameters:
            raise RequestRefused(400, f"the URL gives `{name}` more than once")
        _check_text(value, f"URL parameter `{name}`")
        parameters[name] = value
    for name in ("variables", "extensions"):
        if parameters.get(name):
            parameters[name] = parse_json(parameters[name], f"URL parameter `{name}`")
        else:
            parameters.pop(name, None)
    if parameters.get("operationName") == "":
        del parameters["operationName"]
    return graphql_request(parameters, "the URL's parameters")


def refuse_credentials(names: Any) -> None:
    for name in names:
        if CREDENTIAL_PARAMETER.match(name):
            raise RequestRefused(
                400,
                f"URL parameter `{name}` looks like a credential, and URLs end up in logs: "
                "send a token as `Authorization: Bearer <token>` instead (and replace the "
                "one you sent, it may have been seen)",
            )


def response_media_type(accept: str | None) -> str | None:
    """The response's media type for an Accept header: the supported type of highest
    quality, ties going to the one listed first; `application/json` when the header is
    absent or accepts anything (`*/*`, `application/*`); None when nothing supported is
    acceptable (406)."""
    if not accept or not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for index, entry in enumerate(accept.split(",")):
        media, *parameters = (part.strip() for part in entry.split(";"))
        media = media.lower()
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media in (GRAPHQL_RESPONSE, JSON):
            chosen = media
        elif media in ("*/*", "application/*"):
            chosen = JSON
        else:
            continue
        candidate = (quality, -index, chosen)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None
