"""Errors a reader of the catalog can cause and fix: their messages go back to the client.

What kind each is for a GraphQL client (`extensions.code`) is the API's to say
(`api/errors.py`).
"""

from __future__ import annotations

from graph.errors import CatalogError


class QueryInputError(CatalogError):
    """A request the catalog cannot answer as asked: a bad filter, cursor, page size, slug...

    `argument` names the argument at fault (`where.goals.some`, `first`).
    """

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class LimitExceeded(QueryInputError):
    """A request asked for more than a configured limit allows; the message names the limit."""


class NotFound(QueryInputError):
    """A request named something (a slug, a goal) that the catalog does not hold."""
