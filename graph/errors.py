"""One exception root for the whole catalog, with a subclass per kind of failure.

Each error says what went wrong, where, and how to fix it. They are turned into exit codes
and messages at the CLI edge and into GraphQL errors at the API edge, nowhere else.
"""

from __future__ import annotations


class CatalogError(Exception):
    """Root of every error this project raises on purpose."""


class ConfigError(CatalogError):
    """A setting is missing or malformed; the message names the variable to fix."""


class GraphError(CatalogError):
    """Neo4j could not do what was asked."""


class GraphUnavailable(GraphError):
    """Neo4j cannot be reached at the configured URI."""


class GraphAuthError(GraphError):
    """Neo4j refused the configured user or password."""
