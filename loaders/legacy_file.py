"""A new legacy SQLite catalog file, written whole or not at all.

`catalog generate` fills one with synthetic rows, `catalog export` with the graph's.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from graph.errors import CatalogError
from loaders.rows import TABLES

LEGACY_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "legacy-schema.sql"


class LegacyFileError(CatalogError):
    """A legacy SQLite file could not be written, or failed its checks once written."""


class NewLegacyDatabase:
    """A new SQLite file with the real legacy DDL (data/legacy-schema.sql), filled in one
    transaction.

    It is written under a temporary name beside `path` and moved into place only once it
    has passed `PRAGMA foreign_key_check` and `integrity_check`, so a failed or interrupted
    run never leaves a half-written catalog where the old application would look for one.
    `fast` turns the rollback journal and fsync off: for generated data, which a failure
    throws away anyway.
    """

    def __init__(self, path: Path, force: bool = False, fast: bool = False) -> None:
        if path.is_dir():
            raise LegacyFileError(f"{path} is a directory; give the path of a .db file to write")
        if path.exists() and not force:
            raise LegacyFileError(
                f"{path} already exists; choose a new path or pass --force to replace it"
            )
        if not path.parent.is_dir():
            raise LegacyFileError(f"the folder {path.parent} does not exist; create it first")
        self.path = path
        self.rows: Counter[str] = Counter({table: 0 for table in TABLES})
        self._partial = path.with_name(f".{path.name}.partial")
        self._partial.unlink(missing_ok=True)
        self.db = sqlite3.connect(self._partial, isolation_level=None)
        self.db.execute(f"PRAGMA journal_mode={'OFF' if fast else 'MEMORY'}")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript(LEGACY_SCHEMA.read_text(encoding="utf-8"))
        self.db.execute("BEGIN")

    def insert(self, table: str, rows: Sequence[Sequence[object]]) -> int:
        """Insert rows given in the column order of `loaders.rows.TABLES[table]`."""
        columns = TABLES[table][1]
        self.db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            rows,
        )
        self.rows[table] += len(rows)
        return len(rows)

    def restart(self) -> None:
        """Forget every row inserted so far (a retried read starts over)."""
        self.db.execute("ROLLBACK")
        self.db.execute("BEGIN")
        self.rows = Counter({table: 0 for table in TABLES})

    def finish(self) -> None:
        """Commit, check, and move the file into place; on a failed check, delete it."""
        try:
            self.db.execute("COMMIT")
            self._check()
        except BaseException:
            self.abandon()
            raise
        self.db.close()
        self._partial.replace(self.path)

    def _check(self) -> None:
        dangling = self.db.execute("PRAGMA foreign_key_check").fetchmany(5)
        if dangling:
            rows = "; ".join(
                f"{t} row {rowid} names a missing {to}" for t, rowid, to, _ in dangling
            )
            raise LegacyFileError(
                f"the catalog written to {self.path} fails its foreign key check ({rows}); "
                "nothing was kept. This is a bug: please report it with the command you ran"
            )
        verdict = self.db.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise LegacyFileError(
                f"the catalog written to {self.path} fails SQLite's integrity check ({verdict}); "
                "nothing was kept. Check the disk and run again"
            )

    def abandon(self) -> None:
        """Close and delete the temporary file (after a failure)."""
        self.db.close()
        self._partial.unlink(missing_ok=True)

    def __enter__(self) -> NewLegacyDatabase:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if exc_type is None:
            self.finish()
        else:
            self.abandon()
