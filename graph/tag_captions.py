"""`caption`: what a tag is shown as (graph.tag_names.tag_caption of its name), kept beside it.

Neo4j Browser draws a node's caption from one of its properties and cannot compute one, so
the caption is stored. The API's writes and the sync set it with the name (`tag_caption(name)`
as a parameter); after a migration writes tags in bulk, and when a schema install meets a
graph written before tags had captions, `refresh_tag_captions` sets every one that is missing
or out of date, in batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.connection import Graph
from graph.tag_names import tag_caption

BATCH = 5000

READ = """
MATCH (t:Tag) WHERE t.name IS NOT NULL
RETURN elementId(t) AS id, t.name AS name, t.caption AS caption
"""
WRITE = """
UNWIND $rows AS row
MATCH (t:Tag) WHERE elementId(t) = row.id
SET t.caption = row.caption
"""


def stale(rows: list[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """The rows whose stored caption is not their name's (pure)."""
    for row in rows:
        wanted = tag_caption(row["name"])
        if row["caption"] != wanted:
            yield {"id": row["id"], "caption": wanted}


def refresh_tag_captions(graph: Graph) -> int:
    """Set every tag's `caption` that is missing or stale; how many were set."""
    changed = list(stale(graph.read(READ)))
    for start in range(0, len(changed), BATCH):
        graph.write(WRITE, {"rows": changed[start : start + BATCH]})
    return len(changed)
