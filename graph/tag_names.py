"""The hierarchy a tag's name implies: `data-type/tabular` is a child of `data-type`.

Pure, shared by the API's writes (a tag made through the API gets its ancestors and CHILD_OF
links as the migration makes them: loaders/transform/entities.py, transform_tags).
"""

from __future__ import annotations


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
