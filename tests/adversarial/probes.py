"""Generators of hostile requests, by family. Each probe is data (method, path, headers,
body) plus what it must get; `check` holds the rule every probe must meet: no 5xx, a JSON
body, no internal error, no stack trace.

The fixed probes are the reproductions of issue #14 and their neighbours; `extra(n, seed)`
adds seeded random variations for the longer mode (CATALOG_ADVERSARIAL_EXTRA).
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

JSON_TYPE = {"content-type": "application/json"}
WHERE_QUERY = "query($w: TechniqueWhere) { techniques(where: $w, limit: 1) { slug } }"
STRING_QUERY = "query($s: String!) { techniques(where: {name: {eq: $s}}, limit: 1) { slug } }"


@dataclass
class Probe:
    id: str
    body: bytes = b""
    method: str = "POST"
    path: str = "/graphql"
    headers: dict[str, str] = field(default_factory=lambda: dict(JSON_TYPE))
    # None: any clear refusal or answer; else the status it must get.
    status: int | None = None
    # A text the error message must hold (what is wrong), when given.
    says: str | None = None


def as_json(value: Any) -> bytes:
    return json.dumps(value).encode()


def graphql(query: str, variables: Any = None, **extra: Any) -> bytes:
    return as_json({"query": query, "variables": variables, **extra})


def check(probe: Probe, response: httpx.Response) -> None:
    """The rule for every probe."""
    assert response.status_code < 500, (probe.id, response.status_code, response.text[:300])
    assert response.headers["content-type"].split(";")[0] in (
        "application/json",
        "application/graphql-response+json",
    ), (probe.id, response.headers["content-type"])
    answer = response.json()
    assert "Traceback" not in response.text
    codes = [e.get("extensions", {}).get("code") for e in answer.get("errors") or ()]
    assert "INTERNAL_SERVER_ERROR" not in codes, (probe.id, answer)
    if probe.status is not None:
        assert response.status_code == probe.status, (probe.id, response.text[:300])
    if probe.says is not None:
        messages = " ".join(e["message"] for e in answer.get("errors") or ())
        assert probe.says in messages, (probe.id, messages[:300])


# Structure bombs ---------------------------------------------------------------------------


def fan_out(levels: int, spreads: int = 2) -> str:
    fragments = "".join(
        f"fragment F{i} on Goal {{ name {' '.join([f'...F{i + 1}'] * spreads)} }}\n"
        for i in range(levels)
    )
    return "query { goals { ...F0 } }\n" + fragments + f"fragment F{levels} on Goal {{ name }}"


def nested_not(levels: int) -> dict[str, Any]:
    where: dict[str, Any] = {"name": {"eq": "x"}}
    for _ in range(levels):
        where = {"NOT": where}
    return where


def structure_bombs() -> Iterator[Probe]:
    yield Probe("fan-out-9", graphql(fan_out(9)), status=200)  # 1,024 fields: answered
    for levels in (10, 12, 16, 20, 22, 30):
        yield Probe(f"fan-out-{levels}", graphql(fan_out(levels)), status=200, says="API_MAX_COST")
    yield Probe("fan-out-wide", graphql(fan_out(6, spreads=8)), status=200, says="API_MAX_COST")
    for depth in (11, 40):
        text = (
            "{ goals { "
            + "categories { goals { " * (depth // 2)
            + "name"
            + " } } " * (depth // 2)
            + "} }"
        )
        yield Probe(f"depth-{depth}", graphql(text), status=200, says="API_MAX_DEPTH")
    yield Probe("depth-past-parser", graphql("{" + "a{" * 600 + "b" + "}" * 601), status=200)
    chain = "".join(
        f"fragment C{i} on Goal {{ categories {{ goals {{ ...C{i + 1} }} }} }}\n"
        for i in range(150)
    )
    yield Probe(
        "fragment-chain-150",
        graphql("{ goals { ...C0 } }\n" + chain + "fragment C150 on Goal { name }"),
        status=200,
    )
    yield Probe(
        "fragment-cycle",
        graphql("{ goals { ...A } } fragment A on Goal { ...B } fragment B on Goal { ...A }"),
        status=200,
    )
    yield Probe("fragment-unknown", graphql("{ goals { ...Nowhere } }"), status=200)
    for count in (31, 200):
        text = "{ " + " ".join(f"a{i}: goals {{ name }}" for i in range(count)) + " }"
        yield Probe(f"aliases-{count}", graphql(text), status=200)
    yield Probe(
        "tokens-5000",
        graphql("{ " + "goals { name } " * 2500 + "}"),
        status=200,
        says="API_MAX_TOKENS",
    )
    yield Probe(
        "directives-1000",
        graphql("{ goals { name" + " @include(if: true)" * 1000 + " } }"),
        status=200,
    )
    yield Probe(
        "operations-500",
        graphql(" ".join(f"query Q{i} {{ goals {{ name }} }}" for i in range(500))),
        status=200,
    )
    yield Probe(
        "list-literal-deep",
        graphql(
            "{ techniques(where: {slug: {in: " + "[" * 300 + '"x"' + "]" * 300 + "}}) { slug } }"
        ),
        status=200,
    )
    for levels in (6, 7, 50, 99, 2_000, 100_000):
        # 100,000 levels is past what json.dumps itself nests: write it out by hand.
        inner = '{"name": {"eq": "x"}}'
        text = '{"NOT": ' * levels + inner + "}" * levels
        body = '{"query": ' + json.dumps(WHERE_QUERY) + ', "variables": {"w": ' + text + "}}"
        yield Probe(f"where-not-{levels}", body.encode())
    yield Probe(
        "where-not-literal-400",
        graphql(
            "{ techniques(where: "
            + "{NOT: " * 400
            + '{name: {eq: "x"}}'
            + "}" * 400
            + ") { slug } }"
        ),
        status=200,
    )
    yield Probe(
        "in-list-100k",
        graphql(
            "query($s: [String!]) { techniques(where: {slug: {in: $s}}) { slug } }",
            {"s": [f"s{i}" for i in range(100_000)]},
        ),
    )
    yield Probe("string-2MB", graphql(STRING_QUERY, {"s": "x" * 2_000_000}), status=413)
    yield Probe("string-500k", graphql(STRING_QUERY, {"s": "x" * 500_000}))
    yield Probe("page-huge", graphql("{ techniques(limit: 99999999999) { slug } }"), status=200)
    yield Probe(
        "int-overflow",
        graphql("{ techniques(limit: " + "9" * 5000 + ") { slug } }"),
        status=200,
        says="Expected value of type 'Int'",
    )


# Encodings ---------------------------------------------------------------------------------

INVALID_UTF8 = {
    "lone-continuation": b"\x80",
    "overlong-slash": b"\xc0\xaf",
    "surrogate-as-utf8": b"\xed\xa0\x80",
    "truncated-3byte": b"\xe2\x82",
    "over-max-codepoint": b"\xf4\x90\x80\x80",
    "ff-byte": b"\xff",
}
SURROGATE_ESCAPES = {"high": "\\ud800", "low": "\\udfff", "reversed-pair": "\\udc00\\ud800"}


def encodings() -> Iterator[Probe]:
    for name, raw in INVALID_UTF8.items():
        yield Probe(
            f"body-start-{name}",
            raw + b'{"query": "{ goals { name } }"}',
            status=400,
            says="not valid UTF-8",
        )
        yield Probe(
            f"variable-{name}",
            b'{"query": '
            + json.dumps(STRING_QUERY).encode()
            + b', "variables": {"s": "a'
            + raw
            + b'"}}',
            status=400,
            says="not valid UTF-8",
        )
        yield Probe(f"query-{name}", b'{"query": "{ goals { name } } #' + raw + b'"}', status=400)
        encoded = "".join(f"%{b:02X}" for b in raw)
        yield Probe(
            f"get-percent-{name}",
            method="GET",
            headers={},
            path=f"/graphql?query=%7B%20goals%20%7B%20name%20%7D%20%7D%23{encoded}",
            status=400,
            says="UTF-8",
        )
    query_text = json.dumps(STRING_QUERY)
    places = {
        "variable": '{"query": QUERY, "variables": {"s": "aESCb"}}',
        "query": '{"query": "{ goals { name } } # ESC"}',
        "operation-name": '{"query": "{ goals { name } }", "operationName": "ESC"}',
        "extensions": '{"query": "{ goals { name } }", "extensions": {"x": "ESC"}}',
        "key": '{"query": "{ goals { name } }", "variables": {"ESC": 1}}',
    }
    for name, escape in SURROGATE_ESCAPES.items():
        for place, template in places.items():
            body = template.replace("QUERY", query_text).replace("ESC", escape)
            yield Probe(
                f"surrogate-{name}-{place}", body.encode(), status=400, says="lone surrogate"
            )
        graphql_escape = '{ techniques(where: {name: {eq: "ESC"}}) { slug } }'
        yield Probe(
            f"surrogate-{name}-graphql-escape",
            as_json({"query": graphql_escape.replace("ESC", escape)}),
            status=200,
        )
    pair = places["variable"].replace("QUERY", query_text).replace("ESC", "\\ud83d\\ude00")
    yield Probe("surrogate-pair-valid", pair.encode(), status=200)
    yield Probe("emoji-raw-valid", graphql(STRING_QUERY, {"s": "🙂 Ünïcödé"}), status=200)
    yield Probe("nul-character", graphql(STRING_QUERY, {"s": "a\u0000b"}), status=200)
    yield Probe("bom", b"\xef\xbb\xbf" + graphql("{ goals { name } }"), status=400)
    yield Probe("utf16", graphql("{ goals { name } }").decode().encode("utf-16"), status=400)
    for content_type, status in {
        "": 415,
        "text/plain": 415,
        "application/graphql": 415,
        "application/x-www-form-urlencoded": 415,
        "multipart/form-data; boundary=zz": 415,
        "application/json; charset=iso-8859-1": 415,
        "application/json; charset=utf-16": 415,
        "application/json;charset=UTF-8": 200,
        "APPLICATION/JSON": 200,
        "application/json; boundary=x": 200,
    }.items():
        headers = {"content-type": content_type} if content_type else {}
        yield Probe(
            f"content-type-{content_type or 'none'}",
            graphql("{ goals { name } }"),
            headers=headers,
            status=status,
        )
    for accept, status in {
        "text/html": 406,
        "application/xml": 406,
        "application/json;q=0": 406,
        "application/graphql-response+json;q=abc": 406,
        "application/*": 200,
    }.items():
        yield Probe(
            f"accept-{accept}",
            graphql("{ goals { name } }"),
            headers={**JSON_TYPE, "accept": accept},
            status=status,
        )


# Malformed bodies --------------------------------------------------------------------------


def malformed_bodies() -> Iterator[Probe]:
    scalars = {
        "null": b"null",
        "number": b"42",
        "string": b'"x"',
        "true": b"true",
        "array-empty": b"[]",
        "array-batch": b'[{"query": "{ goals { name } }"}]',
    }
    for name, body in scalars.items():
        yield Probe(f"json-{name}", body, status=400)
    for levels in (10, 99, 101, 1_000, 100_000):
        yield Probe(f"nested-array-{levels}", b"[" * levels + b"]" * levels, status=400)
        yield Probe(
            f"nested-object-{levels}",
            b'{"query": "{ goals { name } }", "extensions": '
            + b'{"a":' * levels
            + b"1"
            + b"}" * levels
            + b"}",
            status=400 if levels > 99 else 200,
        )
    for name, body in {
        "empty": b"",
        "whitespace": b"   \n",
        "truncated": b'{"query": "{ goals',
        "trailing-garbage": b'{"query": "{ goals { name } }"} x',
        "single-quotes": b"{'query': '{ goals { name } }'}",
        "nan": b'{"query": "{ goals { name } }", "variables": {"x": NaN}}',
        "infinity": b'{"query": "{ goals { name } }", "variables": {"x": -Infinity}}',
        "huge-int": b'{"query": "{ goals { name } }", "variables": {"x": ' + b"9" * 10_000 + b"}}",
        "control-char": b'{"query": "{ goals\x01 { name } }"}',
    }.items():
        yield Probe(f"body-{name}", body, status=400)
    for name, request in {
        "query-number": {"query": 42},
        "query-object": {"query": {"a": 1}},
        "query-array": {"query": ["{ goals { name } }"]},
        "query-bool": {"query": True},
        "variables-array": {"query": "{ goals { name } }", "variables": [1]},
        "variables-string": {"query": "{ goals { name } }", "variables": "{}"},
        "operation-number": {"query": "{ goals { name } }", "operationName": 1},
        "extensions-list": {"query": "{ goals { name } }", "extensions": []},
    }.items():
        yield Probe(f"field-{name}", as_json(request), status=400, says="must be")
    yield Probe("no-query", as_json({"variables": {}}), status=400)
    yield Probe("qeury-typo", as_json({"qeury": "{ goals { name } }"}), status=400)
    yield Probe("query-null", as_json({"query": None}), status=400)
    yield Probe("query-empty", as_json({"query": ""}), status=400)
    yield Probe(
        "unknown-operation",
        as_json({"query": "query A { goals { name } }", "operationName": "B"}),
        status=400,
    )
    yield Probe("two-anonymous", graphql("{ goals { name } } { goals { name } }"), status=200)
    yield Probe("duplicate-keys", b'{"query": 1, "query": "{ goals { name } }"}', status=200)
    yield Probe(
        "variables-wrong-type", graphql(STRING_QUERY, {"s": {"nested": [1, 2]}}), status=200
    )
    yield Probe("get-no-query", method="GET", headers={"accept": "application/json"}, status=400)
    yield Probe(
        "get-bad-variables",
        method="GET",
        headers={},
        path="/graphql?query=%7B%20goals%20%7B%20name%20%7D%20%7D&variables=%7B",
        status=400,
    )
    yield Probe(
        "get-repeated-query",
        method="GET",
        headers={},
        path="/graphql?query=%7Bgoals%7Bname%7D%7D&query=%7Bgoals%7Bname%7D%7D",
        status=400,
    )
    yield Probe(
        "get-many-parameters",
        method="GET",
        headers={},
        path="/graphql?" + "&".join(f"p{i}=1" for i in range(100)),
        status=400,
    )
    yield Probe(
        "get-mutation",
        method="GET",
        headers={},
        path="/graphql?query=mutation%20%7B%20deleteTechnique(slug%3A%22x%22)%20%7B%20slug%20%7D%20%7D",
        status=405,
    )
    for method in ("PUT", "DELETE", "PATCH"):
        yield Probe(f"method-{method}", graphql("{ goals { name } }"), method=method, status=405)
    yield Probe("path-unknown", method="GET", path="/graphql/x", headers={}, status=404)
    yield Probe(
        "content-length-lies",
        graphql("{ goals { name } }"),
        headers={**JSON_TYPE, "content-length": str(10 * 1024 * 1024)},
        status=413,
    )


FAMILIES: dict[str, Callable[[], Iterator[Probe]]] = {
    "structure": structure_bombs,
    "encoding": encodings,
    "malformed": malformed_bodies,
}


def mutate(body: bytes, rng: random.Random) -> bytes:
    """A random corruption of a body: a byte flipped, inserted, dropped or duplicated."""
    data = bytearray(body)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        action = rng.choice(("flip", "insert", "drop", "repeat"))
        if action == "flip" and at < len(data):
            data[at] ^= 1 << rng.randrange(8)
        elif action == "insert":
            data[at:at] = bytes([rng.randrange(256)])
        elif action == "drop" and at < len(data):
            del data[at]
        elif action == "repeat":
            data[at:at] = data[at : at + rng.randint(1, 64)] * rng.randint(2, 50)
    return bytes(data)


def extra(family: str, count: int, seed: int) -> Iterator[Probe]:
    """`count` random variations of the family's probes (the longer mode)."""
    rng = random.Random(f"{family}:{seed}")
    base = [p for p in FAMILIES[family]() if p.method == "POST" and p.body]
    for index in range(count):
        source = rng.choice(base)
        yield Probe(f"{source.id}~{index}", mutate(source.body, rng), headers=source.headers)


def all_probes(family: str) -> list[Probe]:
    count = int(os.environ.get("CATALOG_ADVERSARIAL_EXTRA", "0"))
    seed = int(os.environ.get("CATALOG_ADVERSARIAL_SEED", "14"))
    return [*FAMILIES[family](), *extra(family, count, seed)]
