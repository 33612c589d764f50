"""What a tag's name implies: its hierarchy (`data-type/tabular` is a child of `data-type`)
and its caption.

Pure, shared by the API's writes (a tag made through the API gets its ancestors and CHILD_OF
links as the migration makes them: loaders/transform/entities.py, transform_tags), the
migration and the sync.
"""

from __future__ import annotations

import re

# Neo4j Browser wraps a caption at spaces only and cuts a word that does not fit its circle,
# so a caption's words are split at the separators tag names use instead of spaces.
_WORD_BREAKS = re.compile(r"[\s_-]+")


def tag_lineage(name: str) -> list[tuple[str, str]]:
    """(child, parent) name pairs from `name` up to its root; [] for a name without `/`.

    `a/b/c` gives [("a/b/c", "a/b"), ("a/b", "a")]. A trailing `/` is ignored and an empty
    parent ends the chain, as the migration does.
    """
    pairs: list[tuple[str, str]] = []
    child = name
    while "/" in child.rstrip("/"):
        parent = child.rstrip("/").rsplit("/", 1)[0]
        if not parent.strip():
            break
        pairs.append((child, parent))
        child = parent
    return pairs


def tag_name_problem(name: str) -> str | None:
    """What is wrong with a tag name's hierarchy, or None: every `/`-separated part must
    hold a name, so `/`, `a/`, `/a` and `a//b` are refused (the migration would make a tag
    with no parent or an empty one of them)."""
    parts = name.strip().split("/")
    if len(parts) > 1 and any(not part.strip() for part in parts):
        return "has an empty part between, before or after a '/'"
    return None


def tag_caption(name: str) -> str:
    """What a tag is shown as (the `caption` property, drawn by Neo4j Browser's style): the
    last part of its name first, as words, then the family it belongs to in parentheses.

    `data-requirements/no-special-requirements` gives "no special requirements (data
    requirements)"; `a/b/c` gives "c (a / b)"; a name without `/` gives its words. Tags of
    one family differ in their first words, and the same last part in two families (e.g.
    `evidence-type/documentation`, `technique-type/documentation`) in the parentheses.
    """
    parts = [words for part in name.split("/") if (words := _words(part))]
    if not parts:
        return name.strip()
    leaf, family = parts[-1], " / ".join(parts[:-1])
    return f"{leaf} ({family})" if family else leaf


def _words(part: str) -> str:
    return " ".join(word for word in _WORD_BREAKS.split(part) if word)
