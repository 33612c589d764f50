"""The extract side of the migration: the legacy catalog read from SQLite or PostgreSQL.
A path opens a SQLite file, a `postgresql://` URL a PostgreSQL database:
`with open_source("legacy.db") as source: source.check_schema(); source.stream("technique")`.
"""

from __future__ import annotations

from pathlib import Path

from loaders.sources.base import LegacySource, Row
from loaders.sources.postgres import PostgresSource
from loaders.sources.sqlite import SqliteSource

__all__ = ["LegacySource", "PostgresSource", "Row", "SqliteSource", "open_source"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_source(spec: str | Path) -> LegacySource:
    """A `postgresql://` or `postgres://` URL opens PostgreSQL; anything else is the path of a
    SQLite file. Raises SourceError when the source cannot be opened."""
    text = str(spec)
    if text.lower().startswith(POSTGRES_SCHEMES):
        return PostgresSource(text)
    return SqliteSource(text)
