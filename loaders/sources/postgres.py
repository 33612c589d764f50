"""A legacy catalog in PostgreSQL, streamed through server-side cursors (psycopg 3).

The connection is one read-only REPEATABLE READ transaction for the life of the source, so
every count and every table streamed sees the same state of the database, however long the
migration takes and whatever the legacy application writes meanwhile.
"""

from __future__ import annotations

import glob
import ipaddress
import itertools
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from loaders.errors import SourceError
from loaders.sources.base import LegacySource, make_snapshot_dir

SNAPSHOT_NAME = "source.pgdump"
LOCAL_SERVER_PORT = "54329"  # scripts/postgres
APPLICATION_NAME = "catalog-migrate"
CONNECT_TIMEOUT_SECONDS = "10"


class PostgresSource(LegacySource):
    """Reads each table through a named (server-side) cursor: the server holds the result and
    hands over `batch_size` rows per FETCH, so client memory stays flat on millions of rows."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            urlsplit(url)
        except ValueError as exc:  # e.g. an unclosed IPv6 bracket: `postgresql://[::1`
            raise SourceError(
                f"the PostgreSQL URL cannot be parsed ({exc}); write it as "
                "postgresql://user[:password]@host[:port]/database, an IPv6 host in "
                "brackets: postgresql://user@[::1]:5432/database"
            ) from exc
        self._safe_url = redact_url(url)
        self._password = _password(url)
        self._cursor_numbers = itertools.count(1)
        self._conn = self._connect()

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            params = conninfo_to_dict(self.url)
        except psycopg.Error as exc:
            raise SourceError(
                f"{self._safe_url} is not a valid PostgreSQL URL: {self._scrub(exc)}; "
                "write it as postgresql://user[:password]@host[:port]/database"
            ) from exc
        options: dict[str, Any] = {
            "client_encoding": "UTF8",  # the server converts, so text survives any Unicode
            "application_name": params.get("application_name", APPLICATION_NAME),
            "connect_timeout": params.get("connect_timeout", CONNECT_TIMEOUT_SECONDS),
        }
        try:
            conn = psycopg.connect(self.url, **options)
        except psycopg.Error as exc:
            error = self._scrub(exc)
            raise SourceError(
                f"cannot connect to PostgreSQL at {self._safe_url}: {error}; "
                + _connect_hint(params, error)
            ) from exc
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        return conn

    def describe(self) -> str:
        return self._safe_url

    def _count(self, table: str) -> int:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        with self._reading(table):
            row = self._conn.execute(query).fetchone()
        assert row is not None  # count(*) always returns one row
        return int(row[0])

    def _columns(self, tables: list[str]) -> dict[str, set[str] | None]:
        # to_regclass resolves an unqualified name through search_path, as the reads will.
        query = """
            SELECT t.name, to_regclass(quote_ident(t.name)) IS NOT NULL, a.attname
            FROM unnest(%s::text[]) AS t(name)
            LEFT JOIN pg_catalog.pg_attribute AS a
              ON a.attrelid = to_regclass(quote_ident(t.name))
             AND a.attnum > 0 AND NOT a.attisdropped
        """
        found: dict[str, set[str] | None] = {table: None for table in tables}
        with self._reading("the schema"):
            rows = self._conn.execute(query, (tables,)).fetchall()
        for table, exists, column in rows:
            if exists:
                columns = found.get(table) or set()
                if column is not None:
                    columns.add(column)
                found[table] = columns
        return found

    def _batches(
        self, table: str, columns: tuple[str, ...], order_by: tuple[str, ...], batch_size: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        # NULLS LAST is PostgreSQL's own ascending order, so an index on the columns still serves.
        query = sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
            sql.SQL(", ").join(sql.Identifier(column) for column in columns),
            sql.Identifier(table),
            sql.SQL(", ").join(
                sql.SQL("{} NULLS LAST").format(sql.Identifier(column)) for column in order_by
            ),
        )
        with self._reading(table):
            cursor = self._conn.cursor(name=f"catalog_{table}_{next(self._cursor_numbers)}")
            cursor.itersize = batch_size
            cursor.execute(query)
        try:
            while True:
                with self._reading(table):
                    batch = cursor.fetchmany(batch_size)
                if not batch:
                    return
                yield batch
        finally:
            # After a failed FETCH the transaction is already rolled back, and the cursor with it.
            with suppress(psycopg.Error):
                cursor.close()

    def snapshot(self, dest_dir: Path) -> Path:
        """`pg_dump --format=custom` of the whole database to `dest_dir/source.pgdump`
        (restore it with pg_restore). pg_dump reads in one transaction, so the copy is
        consistent."""
        pg_dump = find_pg_tool("pg_dump")
        make_snapshot_dir(dest_dir)
        dest = dest_dir / SNAPSHOT_NAME
        partial = dest.with_name(dest.name + ".partial")
        env = dict(os.environ)
        if self._password:
            env["PGPASSWORD"] = self._password  # never on the command line, where ps shows it
        command = [str(pg_dump), "--format=custom", "--no-password", f"--file={partial}"]
        command.append(f"--dbname={self._safe_url}")
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            stderr = self._scrub(done.stderr.strip())
            hint = (
                "install a PostgreSQL client at least as new as the server"
                if "version mismatch" in stderr
                else "check that the database is reachable and the user may read all of it"
            )
            raise SourceError(
                f"{pg_dump} could not snapshot {self._safe_url} (exit {done.returncode}): "
                f"{stderr}; {hint}"
            )
        partial.replace(dest)
        return dest

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _reading(self, what: str) -> Iterator[None]:
        """Turn a psycopg error into a SourceError, and roll back so the connection stays usable."""
        try:
            yield
        except psycopg.Error as exc:
            if not self._conn.closed:
                with suppress(psycopg.Error):
                    self._conn.rollback()
            hint = ""
            if isinstance(exc, psycopg.errors.UndefinedTable | psycopg.errors.UndefinedColumn):
                hint = "; check the schema first: this may not be a legacy catalog"
            raise SourceError(
                f"cannot read {what} from {self._safe_url}: {self._scrub(exc)}{hint}"
            ) from exc

    def _scrub(self, error: object) -> str:
        """An error's text on one line, with the password blanked should a driver echo it."""
        text = " ".join(str(error).split())
        return text.replace(self._password, "***") if self._password else text


def redact_url(url: str) -> str:
    """The URL without its password (in the user part or as a `password=` parameter)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hosts = netloc.rsplit("@", 1)
        netloc = f"{userinfo.split(':', 1)[0]}@{hosts}"
    query = parts.query
    if "password" in query:
        query = urlencode([(k, v) for k, v in parse_qsl(query) if k != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _password(url: str) -> str | None:
    try:
        password = conninfo_to_dict(url).get("password")
        return str(password) if password else None
    except psycopg.Error:
        password = urlsplit(url).password  # a malformed URL may still carry one to hide
        return password or None


def _connect_hint(params: dict[str, Any], error: str) -> str:
    hosts = str(params.get("host") or "localhost").split(",")
    port = str(params.get("port") or "5432")
    nobody_listens = "refused" in error or "No such file or directory" in error
    if nobody_listens and port == LOCAL_SERVER_PORT and all(_is_local(h) for h in hosts):
        return "start the project's local server with `scripts/postgres start`"
    if nobody_listens:
        return "check that the server is running and listens on the URL's host and port"
    return "check the URL's host, port, user, password and database"


def _is_local(host: str) -> bool:
    if host in ("", "localhost") or host.startswith("/"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def find_pg_tool(name: str) -> Path:
    """The newest PostgreSQL client tool `name` (pg_dump, pg_restore…) on PATH or under
    /usr/lib/postgresql/*/bin: a dump needs a pg_dump at least as new as the server."""
    candidates = [Path(found) for found in glob.glob(f"/usr/lib/postgresql/*/bin/{name}")]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    versioned = [
        (version, path) for path in candidates if (version := _tool_version(path)) is not None
    ]
    if not versioned:
        raise SourceError(
            f"{name} not found on PATH or under /usr/lib/postgresql/*/bin; install the "
            "PostgreSQL client tools (Debian: apt-get install postgresql-client)"
        )
    return max(versioned)[1]


def _tool_version(path: Path) -> tuple[int, ...] | None:
    try:
        done = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\)\s+(\d+(?:\.\d+)*)", done.stdout)
    if done.returncode != 0 or found is None:
        return None
    return tuple(int(part) for part in found.group(1).split("."))
