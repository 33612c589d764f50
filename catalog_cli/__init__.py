"""The `catalog` command, above every layer: it drives the migration (`loaders`), the graph
(`graph`) and the API (`api`), and nothing below imports it."""
