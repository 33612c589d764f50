"""Highlighted names and snippets of search hits, cut from the text the hit's record carries.

The search statement returns each hit's name and description when these fields are asked for
(graph/queries/search.py); the words the phrase matched are marked here with the same rules
the query matched them by (graph/queries/search_text.py).
"""

from __future__ import annotations

from typing import Any

from graph.queries.errors import QueryInputError
from graph.queries.search_text import Part, highlight, snippet, terms
from graph.queries.selection import Selection

Record = dict[str, Any]
SNIPPET_LENGTHS = (20, 1000)
DEFAULT_LENGTH = 160


def snippet_length(hit: Selection) -> int | None:
    """The length of the first `snippet` selected (None when none is), checked."""
    snippets = hit.child("snippet")
    if not snippets:
        return None
    length = snippets[0].args.get("length", DEFAULT_LENGTH)
    low, high = SNIPPET_LENGTHS
    if not isinstance(length, int) or not low <= length <= high:
        raise QueryInputError(
            f"snippet(length: {length}) must be from {low} to {high}", "snippet.length"
        )
    return length


def _text(parts: list[Part]) -> Record:
    return {
        "parts": [{"text": p.text, "highlighted": p.highlighted} for p in parts],
        "text": "".join(p.text for p in parts),
    }


def with_highlights(
    hits: list[Record], phrase: str, hit: Selection, length: int | None
) -> list[Record]:
    """The hits with `highlightedName` and `snippet` filled in where the request asks."""
    found = terms(phrase)
    named = hit.selects("highlightedName")
    for record in hits:
        if named:
            record["highlightedName"] = _text(highlight(record["name"], found))
        if length is not None:
            record["snippet"] = _text(snippet(record["description"], found, length))
    return hits
