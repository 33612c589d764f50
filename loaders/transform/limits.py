"""Text limits of the catalog, in characters: the API's write limits, checked on the legacy
source too, so a row the graph cannot hold is named in the check pass instead of failing
the load half-way.

Names, keys, slugs and `Technique.modelDependency` are index keys (unique constraints and
range indexes), and Neo4j refuses an index key above 8,167 bytes: 200 characters stay far
below it in any encoding. Long texts are not index keys; one above the API's limit loads
whole, with a warning (the API would refuse the same text)."""

from __future__ import annotations

NAME_MAX = 200
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 20_000
