"""Factories for legacy catalog databases: the bundled catalog, or lax ones holding any rows.

A *lax* database has the legacy tables and columns but none of their constraints, like a real
database that never enforced its rules, so a test can put in exactly the mess it is about:

    db = legacy_sqlite(tmp_path / "legacy.db", {"tag": [(1, "Équité"), (2, None)]})

Rows are value tuples in the column order of `loaders.rows.TABLES`; tables left out are
created empty. `legacy_postgres(url, rows)` does the same in a PostgreSQL database, typically
one from `fresh_postgres_database()` (the `fresh_pg` fixture).
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from loaders.rows import TABLES
from support.commands import REPO_ROOT, run

BUNDLED_SQL = REPO_ROOT / "data" / "catalog-2025-07.sql"
POSTGRES_SCRIPT = REPO_ROOT / "scripts" / "postgres"

LegacyRows = dict[str, list[tuple[Any, ...]]]


def bundled_counts() -> Counter[str]:
    """Rows per table as the bundled SQL file writes them (one INSERT statement per row),
    counted from the file's text rather than trusted from its README."""
    text = BUNDLED_SQL.read_text("utf-8")
    return Counter(re.findall(r"^INSERT INTO (\w+) ", text, flags=re.MULTILINE))


def column_type(column: str) -> str:
    """The lax schema's type of a legacy column: INTEGER for ids, TEXT for everything else."""
    return "INTEGER" if column == "id" or column.endswith("_id") else "TEXT"


def lax_schema_sql(omit: Iterable[str] = ()) -> str:
    """CREATE TABLEs for every legacy table with no constraint but `id INTEGER PRIMARY KEY`;
    runs in SQLite and PostgreSQL. `omit` leaves out tables (`"tag"`) and columns
    (`"technique.scope"`), to make a source that is not a legacy catalog, or an older one."""
    omitted = set(omit)
    statements = []
    for table, (_, columns) in TABLES.items():
        if table in omitted:
            continue
        definitions = [
            "id INTEGER PRIMARY KEY" if column == "id" else f"{column} {column_type(column)}"
            for column in columns
            if f"{table}.{column}" not in omitted
        ]
        statements.append(f"CREATE TABLE {table} (\n    " + ",\n    ".join(definitions) + "\n);")
    return "\n".join(statements) + "\n"


def sqlite_from_sql(path: Path, sql_text: str) -> Path:
    """A SQLite file at `path` made by running `sql_text` (e.g. `BUNDLED_SQL.read_text()`)."""
    connection = _fast_sqlite(path)
    try:
        connection.executescript(sql_text)
        connection.commit()
    finally:
        connection.close()
    return path


def _fast_sqlite(path: Path) -> sqlite3.Connection:
    # A test database needs no durability; without these, each INSERT of a script is an fsync.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = MEMORY")
    connection.execute("PRAGMA synchronous = OFF")
    return connection


def postgres_from_sql(url: str, sql_text: str) -> str:
    """Run `sql_text` (several statements, no parameters) in the database at `url`."""
    with psycopg.connect(url, autocommit=True) as connection:
        # Without parameters psycopg sends the text as one simple query: several statements.
        connection.execute(sql_text.encode())
    return url


def legacy_sqlite(path: Path, rows: LegacyRows) -> Path:
    """A lax legacy SQLite database at `path` holding `rows` (table → value tuples)."""
    sqlite_from_sql(path, lax_schema_sql())
    connection = _fast_sqlite(path)
    try:
        for table, values in rows.items():
            columns = _columns(table)
            marks = ", ".join("?" for _ in columns)
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values
            )
        connection.commit()
    finally:
        connection.close()
    return path


def legacy_postgres(url: str, rows: LegacyRows) -> None:
    """The lax legacy tables holding `rows` in the (empty) PostgreSQL database at `url`."""
    postgres_from_sql(url, lax_schema_sql())
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        for table, values in rows.items():
            columns = _columns(table)
            insert = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                sql.Identifier(table),
                sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.SQL(", ").join(sql.Placeholder() for _ in columns),
            )
            cursor.executemany(insert, values)


def _columns(table: str) -> tuple[str, ...]:
    if table not in TABLES:
        raise KeyError(f"{table!r} is not a legacy table; use one of {', '.join(TABLES)}")
    return TABLES[table][1]


class LegacyDatabase:
    """One legacy database to build in a given engine (`sqlite` or `postgres`): a test written
    once runs on both. Each method returns the spec `loaders.sources.open_source` takes."""

    def __init__(self, engine: str, sqlite_path: Path, postgres_url: str = "") -> None:
        self.engine = engine
        self.sqlite_path = sqlite_path
        self.postgres_url = postgres_url

    def with_rows(self, rows: LegacyRows) -> str:
        """The lax legacy tables holding `rows` (see `legacy_sqlite`)."""
        if self.engine == "postgres":
            legacy_postgres(self.postgres_url, rows)
            return self.postgres_url
        return str(legacy_sqlite(self.sqlite_path, rows))

    def from_sql(self, sql_text: str) -> str:
        """Whatever `sql_text` creates (e.g. `lax_schema_sql(omit=[...])`)."""
        if self.engine == "postgres":
            return postgres_from_sql(self.postgres_url, sql_text)
        return str(sqlite_from_sql(self.sqlite_path, sql_text))


def postgres_server_url() -> str:
    """Start the project-local PostgreSQL (`scripts/postgres start`, a no-op when it runs)
    and return the URL of its `catalog` database."""
    started = run([str(POSTGRES_SCRIPT), "start"])
    if started.returncode != 0:
        raise RuntimeError(f"scripts/postgres start failed:\n{started.stderr}")
    return run([str(POSTGRES_SCRIPT), "url"]).stdout.strip()


def with_database(url: str, database: str) -> str:
    """`url` pointing at another database of the same server."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


@contextmanager
def fresh_postgres_database(
    name_hint: str = "test", server_url: str | None = None
) -> Iterator[str]:
    """A new, empty database on the local server (uniquely named after `name_hint`), dropped
    on exit even if a connection is still open. Yields its URL."""
    server_url = server_url or postgres_server_url()
    hint = re.sub(r"[^a-z0-9]+", "_", name_hint.lower()).strip("_")[:40]
    name = f"t_{hint}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
