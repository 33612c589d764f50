"""Text limits of the catalog, in characters: the API's write limits (graph/rules.py), checked
on the legacy source too, so a row the graph cannot hold is named in the check pass instead
of failing the load half-way.

Names, keys, slugs and `Technique.modelDependency` are index keys (unique constraints and
range indexes), and Neo4j refuses an index key above 8,167 bytes; the API's limits keep them
far below it. Long texts are not index keys; one above the API's limit loads whole, with a
warning (the API would refuse the same text)."""

from __future__ import annotations

from graph.rules import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX

__all__ = ["LONG_TEXT_MAX", "NAME_MAX", "SHORT_TEXT_MAX"]
