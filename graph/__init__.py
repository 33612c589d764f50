"""The graph layer: settings, the Neo4j connection, the model, its rules and its Cypher."""
