"""A GraphQL client with as little overhead as Python allows: `http.client` on one kept-alive
connection, so both HTTP systems of the API benchmark cost the client the same (httpx adds
about 4 ms per answer, measured earlier, which would hide differences between servers).
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from typing import Any


class AnswerError(Exception):
    """A request failed: not HTTP 200, or GraphQL errors in the answer."""


@dataclass
class Answer:
    body: bytes
    headers: dict[str, str]

    def json(self) -> dict[str, Any]:
        decoded: dict[str, Any] = json.loads(self.body)
        return decoded

    def data(self) -> dict[str, Any]:
        answer = self.json()
        if answer.get("errors"):
            raise AnswerError(json.dumps(answer["errors"])[:2000])
        data: dict[str, Any] = answer["data"]
        return data


@dataclass
class GraphQLClient:
    """POSTs to http://127.0.0.1:`port``path` on one connection, reopened if it drops."""

    port: int
    path: str = "/graphql"
    timeout: float = 120.0
    _connection: http.client.HTTPConnection | None = field(default=None, repr=False)

    def _open(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout
            )
        return self._connection

    def post(
        self, query: str, variables: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Answer:
        body = json.dumps({"query": query, "variables": variables}).encode()
        sent = {"content-type": "application/json", **(headers or {})}
        for attempt in (1, 2):
            connection = self._open()
            try:
                connection.request("POST", self.path, body, sent)
                response = connection.getresponse()
                payload = response.read()
            except (ConnectionError, http.client.HTTPException):
                # A server closes idle keep-alive connections; one reconnect is normal.
                self.close()
                if attempt == 2:
                    raise
                continue
            if response.status != 200:
                raise AnswerError(f"HTTP {response.status}: {payload[:500]!r}")
            return Answer(payload, {k.lower(): v for k, v in response.getheaders()})
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
