"""A legacy catalog in a SQLite file, opened read-only so the migration never writes it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from loaders.errors import SourceError
from loaders.sources.base import LegacySource, make_snapshot_dir

SNAPSHOT_NAME = "source.db"


def quote_identifier(name: str) -> str:
    """A SQLite identifier in double quotes (names come from `TABLES`, never from users)."""
    return '"' + name.replace('"', '""') + '"'


class SqliteSource(LegacySource):
    """Reads with one cursor per table and `fetchmany`, so only a batch is in memory at once.

    Each statement reads its own consistent state; for one view across all tables while the
    legacy application keeps writing, migrate from `snapshot()` instead.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser().resolve()
        if not self.path.is_file():
            raise SourceError(
                f"no SQLite database at {self.path}; give a .db file or a postgresql:// URL"
            )
        try:
            # The URI form is the only way to ask sqlite3 for a read-only connection.
            self._conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise SourceError(f"cannot open SQLite database {self.path}: {exc}") from exc
        try:
            self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise SourceError(self._not_sqlite_message(exc)) from exc

    def _not_sqlite_message(self, exc: sqlite3.Error) -> str:
        message = f"{self.path} is not a SQLite database ({exc}); give a .db file or a "
        message += "postgresql:// URL"
        if self.path.suffix.lower() == ".sql":
            message += f" (to build one from this SQL: sqlite3 legacy.db < {self.path})"
        return message

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    def _count(self, table: str) -> int:
        with self._reading(table):
            row = self._conn.execute(f"SELECT count(*) FROM {quote_identifier(table)}").fetchone()
        return int(row[0])

    def _columns(self, tables: list[str]) -> dict[str, set[str] | None]:
        found: dict[str, set[str] | None] = {}
        with self._reading("the schema"):
            for table in tables:
                names = self._conn.execute(
                    "SELECT name FROM pragma_table_info(?)", (table,)
                ).fetchall()
                # SQLite names are case-insensitive, so compare them lowercased.
                found[table] = {name.lower() for (name,) in names} if names else None
        return found

    def _batches(
        self, table: str, columns: tuple[str, ...], order_by: tuple[str, ...], batch_size: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        query = (
            f"SELECT {', '.join(quote_identifier(c) for c in columns)} "
            f"FROM {quote_identifier(table)} "
            f"ORDER BY {', '.join(quote_identifier(c) + ' NULLS LAST' for c in order_by)}"
        )
        cursor = self._conn.cursor()
        try:
            with self._reading(table):
                cursor.execute(query)
            while True:
                with self._reading(table):
                    batch = cursor.fetchmany(batch_size)
                if not batch:
                    return
                yield batch
        finally:
            cursor.close()

    def snapshot(self, dest_dir: Path) -> Path:
        """Copy the database with SQLite's online backup API to `dest_dir/source.db`."""
        make_snapshot_dir(dest_dir)
        dest = dest_dir / SNAPSHOT_NAME
        partial = dest.with_name(dest.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            target = sqlite3.connect(partial)
            try:
                self._conn.backup(target)
            finally:
                target.close()
            partial.replace(dest)
        except (sqlite3.Error, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise SourceError(
                f"cannot snapshot {self.describe()} to {dest}: {exc}; check that {dest_dir} is "
                "writable and has room for a copy of the database"
            ) from exc
        return dest

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _reading(self, what: str) -> Iterator[None]:
        """Turn a sqlite3 error while reading into a SourceError naming the source and table."""
        try:
            yield
        except sqlite3.Error as exc:
            hint = ""
            if "no such table" in str(exc) or "no such column" in str(exc):
                hint = "; check the schema first: this may not be a legacy catalog"
            elif "decode" in str(exc).lower():
                hint = "; the database holds text that is not valid UTF-8: fix or remove it"
            raise SourceError(f"cannot read {what} from {self.describe()}: {exc}{hint}") from exc
