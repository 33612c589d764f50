"""`caption`: what a tag is shown as (graph.tag_names.tag_caption of its name), kept beside it.

Neo4j Browser draws a node's caption from one of its properties and cannot compute one, so
the caption is stored. The API's writes and the sync set it with the name (`tag_caption(name)`
as a parameter); after a migration writes tags in bulk, and when a schema install meets a
graph written before tags had captions, `refresh_tag_captions` sets every one that is missing
or out of date (graph/derived_properties.py).
"""

from __future__ import annotations

from graph.connection import Graph
from graph.derived_properties import DerivedProperty
from graph.tag_names import tag_caption

TAG_CAPTION = DerivedProperty("caption", ("Tag",), tag_caption)


def refresh_tag_captions(graph: Graph) -> int:
    """Set every tag's `caption` that is missing or stale; how many were set."""
    return TAG_CAPTION.refresh(graph)
