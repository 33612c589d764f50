"""`catalog generate`: a synthetic legacy SQLite catalog N times the bundled one.

Also home of `NewLegacyDatabase`, the new-legacy-file writer `catalog export` shares.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from graph.errors import CatalogError
from loaders.generate import generate_rows, load_profile
from loaders.progress import Progress
from loaders.rows import TABLES

LEGACY_SCHEMA = Path(__file__).resolve().parents[2] / "data" / "legacy-schema.sql"


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


def write_generated_catalog(
    path: Path, scale: int, seed: int = 0, force: bool = False, show_progress: bool = False
) -> Counter[str]:
    """Write a catalog `scale` times the bundled one into a new SQLite file; rows per table."""
    profile = load_profile()
    with NewLegacyDatabase(path, force=force, fast=True) as out:
        total = sum(profile.rows(scale).values())
        progress = Progress(total, f"generate {path.name}") if show_progress else None
        for table, rows in generate_rows(profile, scale, seed):
            out.insert(table, rows)
            if progress:
                progress.advance(len(rows))
        if progress:
            progress.close()
    return out.rows


@click.command()
@click.option(
    "--scale",
    type=click.IntRange(1, 1000),
    required=True,
    help="How many times the bundled catalog (1 to 1000; 1000 is about 1.4 million rows).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same database.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.argument("out", metavar="OUT.db", type=click.Path(dir_okay=False, path_type=Path))
def generate(scale: int, seed: int, force: bool, out: Path) -> None:
    """Write a synthetic legacy SQLite catalog SCALE times the bundled one.

    Goals stay the seven real ones; every other table grows SCALE times, with the bundled
    catalog's shape (tags per technique, cross-goal categories, scope, fairness approaches,
    lifecycle stages, relationships in both directions). For tests and benchmarks.

    \b
    Example:
      catalog generate --scale 100 /tmp/catalog-x100.db
      catalog generate --scale 1000 --seed 7 --force /tmp/catalog-x1000.db
    """
    started = time.monotonic()
    rows = write_generated_catalog(out, scale, seed, force, show_progress=True)
    seconds = time.monotonic() - started
    click.echo(f"wrote {out} (scale {scale}, seed {seed})")
    for table, n in rows.items():
        click.echo(f"  {table:<34} {n:>10,}")
    click.echo(f"  {'total':<34} {sum(rows.values()):>10,} rows in {seconds:.1f} s")
