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
