"""The API's benchmarks: against hand-written Cypher and @neo4j/graphql, under load, and
the reference client in a browser."""
