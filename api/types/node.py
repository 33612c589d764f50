"""The `Node` interface: every catalog object has a stable global `id`, and `node(id:)` fetches
any of them again, so Apollo Client and Relay normalise their caches with no configuration
(graph/queries/nodes.py says what an id holds)."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="An object with a global id; `node(id:)` fetches it again.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Stable and unique across every type; opaque: pass it to `node(id:)`."
    )
