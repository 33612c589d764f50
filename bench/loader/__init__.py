"""The loader benchmark (migrate against a naive loader and neo4j-admin import) and the sync's."""
