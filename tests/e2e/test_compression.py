"""Compression over real HTTP (uvicorn): answers and static files above the threshold come
brotli- or gzip-encoded as the client asks, small ones as they are, and GraphiQL's 3.5 MB
script travels compressed."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import brotli
import httpx
import pytest

LIST = """query TechniqueList($first: Int) { techniquesConnection(first: $first) {
  edges { node { slug name description goals { name } tags { name } } } } }"""


@dataclass
class Sent:
    """A response with its body as it came over the wire (httpx would decode it)."""

    status_code: int
    headers: httpx.Headers
    body: bytes


def raw(url: str, encoding: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Sent:
    method = "POST" if "json" in kwargs else "GET"
    wanted = {"accept-encoding": encoding, **(headers or {})}
    with httpx.stream(method, url, headers=wanted, timeout=30, **kwargs) as response:
        return Sent(response.status_code, response.headers, b"".join(response.iter_raw()))


@pytest.mark.parametrize(
    ("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
def test_a_large_answer_is_compressed_as_the_client_asks(
    api_server: str, encoding: str, decode: Callable[[bytes], bytes]
) -> None:
    payload = {"query": LIST, "variables": {"first": 50}}
    plain = raw(f"{api_server}/graphql", "identity", json=payload)
    squeezed = raw(f"{api_server}/graphql", encoding, json=payload)
    assert "content-encoding" not in plain.headers
    assert squeezed.headers["content-encoding"] == encoding
    assert "Accept-Encoding" in squeezed.headers["vary"]
    assert len(squeezed.body) < len(plain.body) / 3
    assert json.loads(decode(squeezed.body)) == json.loads(plain.body)


def test_a_small_answer_is_sent_as_it_is(api_server: str) -> None:
    small = raw(f"{api_server}/graphql", "br, gzip", json={"query": "{ goals { name } }"})
    assert len(small.body) < 1000
    assert "content-encoding" not in small.headers


def test_a_get_answer_is_compressed_and_keeps_its_etag(api_server: str) -> None:
    params = {"query": LIST, "variables": json.dumps({"first": 50})}
    squeezed = raw(f"{api_server}/graphql", "br", params=params)
    plain = raw(f"{api_server}/graphql", "identity", params=params)
    assert squeezed.headers["content-encoding"] == "br"
    assert squeezed.headers["etag"] == plain.headers["etag"]
    revalidated = raw(
        f"{api_server}/graphql",
        "br",
        params=params,
        headers={"if-none-match": squeezed.headers["etag"]},
    )
    assert revalidated.status_code == 304


def test_graphiqls_script_travels_compressed_with_cache_control(api_server: str) -> None:
    url = f"{api_server}/vendor/graphiql/graphiql.min.js"
    plain = raw(url, "identity")
    if plain.status_code == 404:
        pytest.fail("GraphiQL's files are not installed: run scripts/browser-setup")
    squeezed = raw(url, "br, gzip")
    assert squeezed.headers["content-encoding"] == "br"
    assert len(squeezed.body) < len(plain.body) / 3
    assert brotli.decompress(squeezed.body) == plain.body
    assert squeezed.headers["cache-control"].startswith("public, max-age=")
    gzipped = raw(url, "gzip")
    assert gzipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(gzipped.body) == plain.body


def test_static_files_of_the_web_client_are_compressed_too(api_server: str) -> None:
    plain = raw(f"{api_server}/static/app.js", "identity")
    squeezed = raw(f"{api_server}/static/app.js", "gzip")
    assert len(plain.body) >= 1000  # above the default threshold
    assert squeezed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(squeezed.body) == plain.body
