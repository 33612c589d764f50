"""Root fields: read the selection ahead, hand it to graph/queries, build types from records."""
