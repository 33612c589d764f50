"""GraphQL output types: thin classes built from the nested maps the graph layer returns."""
