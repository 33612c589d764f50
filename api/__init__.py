"""The GraphQL API over the graph layer."""
