"""Errors a reader of the catalog can cause and fix: their messages go back to the client."""

from __future__ import annotations

from graph.errors import CatalogError


class QueryInputError(CatalogError):
    """A request the catalog cannot answer as asked: a bad filter, cursor, page size, slug...

    `argument` names the argument at fault (`where.goals.some`, `first`), `code` classifies it
    for clients (`BAD_USER_INPUT`, `LIMIT_EXCEEDED`, `NOT_FOUND`).
    """

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class LimitExceeded(QueryInputError):
    """A request asked for more than a configured limit allows; the message names the limit."""

    code = "LIMIT_EXCEEDED"


class NotFound(QueryInputError):
    """A request named something (a slug, a goal) that the catalog does not hold."""

    code = "NOT_FOUND"
