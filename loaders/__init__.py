"""The migration from the legacy relational catalog into the graph, and the `catalog` CLI."""
