"""Opaque cursors: a row's sort values and the sort they belong to, base64-encoded JSON.

Keyset cursors rather than offsets: a page resumes after the row the cursor names, so rows
inserted or deleted meanwhile cause no duplicates or gaps, and a late page costs no more
than the first one.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from graph.queries.errors import QueryInputError

VERSION = 1


def encode_cursor(signature: Sequence[Sequence[str]], values: Sequence[Any]) -> str:
    payload = json.dumps({"v": VERSION, "s": signature, "k": list(values)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(
    cursor: str, signature: Sequence[Sequence[str]], argument: str = "after"
) -> list[Any]:
    """The sort values a cursor records; a clear error when it is not one of ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        values = payload["k"]
        ok = payload["v"] == VERSION and isinstance(values, list)
    except (ValueError, TypeError, KeyError, binascii.Error):
        ok = False
    if not ok or len(values) != len(signature):
        raise QueryInputError(
            f"{argument}: {cursor[:40]!r} is not a cursor of this API; pass the endCursor "
            "(or an edge's cursor) of an earlier page",
            argument,
        )
    if payload["s"] != [list(item) for item in signature]:
        raise QueryInputError(
            f"{argument}: the cursor belongs to a list sorted differently; use the same sort "
            "as the page it came from, or start again without after",
            argument,
        )
    return values
