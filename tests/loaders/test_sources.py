"""Legacy sources read the catalog from a real SQLite file or a real PostgreSQL, streamed."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterable
from pathlib import Path

import psycopg
import pytest

from loaders.errors import SourceError
from loaders.rows import TABLES
from loaders.sources import LegacySource, PostgresSource, Row, SqliteSource, open_source
from loaders.sources.postgres import find_pg_tool
from support.commands import catalog
from support.legacy import (
    LegacyDatabase,
    LegacyRows,
    bundled_counts,
    fresh_postgres_database,
    lax_schema_sql,
    legacy_sqlite,
    postgres_from_sql,
    sqlite_from_sql,
    with_database,
)

UNICODE_NAMES = [
    "Équité 公平 — ✓",
    "🧭 \U0001d518nicode ∑",
    "e\u0301 ≠ é",
    "عدالة",
    'it\'s "quoted"\n; --',
]


def every_row(source: LegacySource, table: str, order_by: tuple[str, ...] = ("id",)) -> list[Row]:
    return [row for batch in source.stream(table, order_by=order_by) for row in batch]


class TestTheBundledCatalog:
    def test_counts_match_the_insert_statements_of_the_sql_file(self, bundled: str) -> None:
        expected = bundled_counts()
        assert set(expected) == set(TABLES)
        with open_source(bundled) as source:
            assert {table: source.count(table) for table in TABLES} == dict(expected)

    def test_passes_the_schema_check(self, bundled: str) -> None:
        with open_source(bundled) as source:
            source.check_schema()

    def test_sqlite_and_postgres_give_identical_rows_table_by_table(
        self, bundled_sqlite: Path, bundled_pg: str
    ) -> None:
        with open_source(bundled_sqlite) as lite, open_source(bundled_pg) as pg:
            for table in TABLES:
                assert every_row(lite, table) == every_row(pg, table), table

    def test_rows_are_the_named_tuples_of_tables_with_int_ids(self, bundled: str) -> None:
        with open_source(bundled) as source:
            for table, (row_type, _) in TABLES.items():
                rows = every_row(source, table)
                assert all(type(row) is row_type for row in rows), table
                assert all(type(row.id) is int for row in rows), table


class TestStreaming:
    def test_small_batches_yield_every_row_once_in_id_order(self, bundled: str) -> None:
        with open_source(bundled) as source:
            for table in TABLES:
                batches = list(source.stream(table, batch_size=7))
                assert all(len(batch) == 7 for batch in batches[:-1]), table
                assert 1 <= len(batches[-1]) <= 7, table
                ids = [row.id for batch in batches for row in batch]
                assert ids == sorted(set(ids)), table
                assert len(ids) == source.count(table), table

    def test_postgres_fetches_through_a_server_side_cursor(self, bundled_pg: str) -> None:
        with open_source(bundled_pg) as source:
            batches = source.stream("technique_tag", batch_size=7)
            assert len(next(batches)) == 7
            with psycopg.connect(bundled_pg) as watcher:
                (query,) = watcher.execute(
                    "SELECT query FROM pg_stat_activity "
                    "WHERE application_name = 'catalog-migrate' AND datname = current_database()"
                ).fetchone() or ("",)
            assert query.startswith("FETCH FORWARD 7 FROM")
            batches.close()

    def test_an_abandoned_stream_leaves_the_source_usable(self, bundled: str) -> None:
        with open_source(bundled) as source:
            for _ in source.stream("technique", batch_size=5):
                break
            assert source.count("technique") == bundled_counts()["technique"]
            assert len(every_row(source, "technique")) == bundled_counts()["technique"]

    def test_order_by_sorts_on_the_given_columns_with_nulls_last(
        self, legacy_db: LegacyDatabase
    ) -> None:
        links = [(1, 2, 5), (2, 1, 6), (3, None, 7), (4, 1, 8)]
        with open_source(legacy_db.with_rows({"technique_tag": links})) as source:
            rows = every_row(source, "technique_tag", order_by=("technique_id", "id"))
        assert [row.id for row in rows] == [2, 4, 1, 3]

    def test_a_batch_size_below_one_is_refused(self, bundled_sqlite: Path) -> None:
        with open_source(bundled_sqlite) as source, pytest.raises(ValueError, match="batch_size"):
            next(source.stream("tag", batch_size=0))


class TestMessyData:
    def test_unicode_names_round_trip(self, legacy_db: LegacyDatabase) -> None:
        tags = [(i, name) for i, name in enumerate(UNICODE_NAMES, start=1)]
        with open_source(legacy_db.with_rows({"tag": tags})) as source:
            assert [(row.id, row.name) for row in every_row(source, "tag")] == tags

    def test_nulls_in_not_null_columns_come_back_as_none(self, legacy_db: LegacyDatabase) -> None:
        rows: LegacyRows = {
            "technique": [(1, None, None, None, None, None, None)],
            "technique_category": [(1, None, None)],
            "technique_relationship": [(1, None, None, None)],
        }
        with open_source(legacy_db.with_rows(rows)) as source:
            for table, values in rows.items():
                assert [tuple(row) for row in every_row(source, table)] == values

    def test_sqlite_ids_stored_as_digit_strings_or_whole_reals_come_back_as_ints(
        self, tmp_path: Path
    ) -> None:
        untyped_tag = "CREATE TABLE tag (id, name TEXT);"  # no type: SQLite keeps what it is given
        db = sqlite_from_sql(tmp_path / "loose.db", lax_schema_sql(omit=["tag"]) + untyped_tag)
        with sqlite3.connect(db) as connection:
            connection.executemany(
                "INSERT INTO tag VALUES (?, ?)", [(3.0, "a"), ("7", "b"), ("x9", "c")]
            )
        with open_source(db) as source:
            assert [row.id for row in every_row(source, "tag")] == [3, 7, "x9"]

    def test_sqlite_text_that_is_not_utf8_is_a_source_error_naming_the_table(
        self, tmp_path: Path
    ) -> None:
        db = legacy_sqlite(tmp_path / "bytes.db", {})
        with sqlite3.connect(db) as connection:
            connection.execute("INSERT INTO tag VALUES (1, CAST(x'ff41' AS TEXT))")
        with open_source(db) as source, pytest.raises(SourceError, match=r"tag.*not valid UTF-8"):
            every_row(source, "tag")

    def test_postgres_numeric_ids_come_back_as_ints(self, fresh_pg: str) -> None:
        schema = lax_schema_sql(omit=["tag"]) + "CREATE TABLE tag (id NUMERIC, name TEXT);"
        postgres_from_sql(fresh_pg, schema + "INSERT INTO tag VALUES (3, 'a'), (7.0, 'b');")
        with open_source(fresh_pg) as source:
            ids = [row.id for row in every_row(source, "tag")]
        assert ids == [3, 7] and all(type(i) is int for i in ids)


class TestSchemaCheck:
    def test_names_every_missing_table_and_column(self, legacy_db: LegacyDatabase) -> None:
        omit = ["tag", "technique.scope", "technique_tag.tag_id"]
        source = open_source(legacy_db.from_sql(lax_schema_sql(omit)))
        with source, pytest.raises(SourceError) as raised:
            source.check_schema()
        message = str(raised.value)
        assert "not a legacy catalog" in message and "older schema" in message
        assert "missing tables: tag;" in message
        assert "missing columns: technique.scope, technique_tag.tag_id" in message

    def test_an_empty_sqlite_file_misses_every_table(self, tmp_path: Path) -> None:
        (tmp_path / "empty.db").write_bytes(b"")
        with open_source(tmp_path / "empty.db") as source, pytest.raises(SourceError) as raised:
            source.check_schema()
        assert "missing tables: " + ", ".join(TABLES) in str(raised.value)

    def test_reading_a_missing_table_is_a_source_error_and_the_source_stays_usable(
        self, legacy_db: LegacyDatabase
    ) -> None:
        with open_source(legacy_db.from_sql(lax_schema_sql(omit=["tag"]))) as source:
            with pytest.raises(SourceError, match="cannot read tag"):
                every_row(source, "tag")
            assert source.count("technique") == 0

    def test_a_name_that_is_not_a_legacy_table_is_refused(self, bundled_sqlite: Path) -> None:
        with open_source(bundled_sqlite) as source, pytest.raises(SourceError, match="techniques"):
            source.count("techniques")


class TestOpening:
    def test_a_missing_file_says_what_to_give(self, tmp_path: Path) -> None:
        missing = tmp_path / "nope.db"
        with pytest.raises(SourceError) as raised:
            open_source(str(missing))
        assert str(raised.value) == (
            f"no SQLite database at {missing}; give a .db file or a postgresql:// URL"
        )

    @pytest.mark.parametrize("name", ["notes.db", "catalog.sql"])
    def test_a_file_that_is_not_sqlite_is_a_source_error(self, tmp_path: Path, name: str) -> None:
        (tmp_path / name).write_text("INSERT INTO tag VALUES (1, 'x');\n" * 200)
        with pytest.raises(SourceError, match="is not a SQLite database"):
            open_source(tmp_path / name)

    def test_sqlite_is_opened_read_only(self, bundled_sqlite: Path) -> None:
        with open_source(bundled_sqlite) as source:
            assert isinstance(source, SqliteSource)
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                source._conn.execute("DELETE FROM tag")

    def test_postgres_is_read_in_a_read_only_transaction(self, bundled_pg: str) -> None:
        with open_source(bundled_pg) as source:
            assert isinstance(source, PostgresSource)
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                source._conn.execute("DELETE FROM tag")

    @pytest.mark.parametrize(
        ("url", "shown"),
        [
            ("postgresql://catalog:s3cret-pw@127.0.0.1:1/catalog", "postgresql://catalog@"),
            ("postgres://catalog:s3cret-pw@127.0.0.1:1/catalog", "postgres://catalog@"),
            (
                "postgresql://catalog@127.0.0.1:1/catalog?password=s3cret-pw",
                "postgresql://catalog@",
            ),
        ],
    )
    def test_an_unreachable_postgres_url_never_shows_the_password(
        self, url: str, shown: str
    ) -> None:
        with pytest.raises(SourceError) as raised:
            open_source(url)
        message = str(raised.value)
        assert f"cannot connect to PostgreSQL at {shown}127.0.0.1:1/catalog: " in message
        assert "s3cret-pw" not in message

    def test_an_unparsable_postgres_url_is_a_clear_error_not_a_traceback(self) -> None:
        with pytest.raises(SourceError, match="cannot be parsed") as raised:
            open_source("postgresql://catalog:s3cret-pw@[::1")
        assert "s3cret-pw" not in str(raised.value)
        result = catalog("migrate", "postgresql://[::1", "--dry-run")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr and "IPv6 host in brackets" in result.stderr

    def test_the_local_default_port_suggests_starting_the_local_server(self) -> None:
        # Nothing listens on 127.0.0.2: the local server binds 127.0.0.1 only.
        with pytest.raises(SourceError, match="scripts/postgres start"):
            open_source("postgresql://catalog@127.0.0.2:54329/catalog")

    def test_an_unknown_postgres_database_is_named(self, postgres_url: str) -> None:
        with pytest.raises(SourceError, match="no_such_catalog") as raised:
            open_source(with_database(postgres_url, "no_such_catalog"))
        assert "scripts/postgres start" not in str(raised.value)  # the server did answer

    def test_describe_names_the_source_without_the_password(
        self, bundled_sqlite: Path, bundled_pg: str
    ) -> None:
        with_password = bundled_pg.replace("catalog@", "catalog:hunter2@")  # trust auth ignores it
        with open_source(bundled_sqlite) as lite, open_source(with_password) as pg:
            assert lite.describe() == f"sqlite:{bundled_sqlite.resolve()}"
            assert pg.describe() == bundled_pg


class TestSnapshot:
    def test_a_sqlite_snapshot_reopens_with_the_same_counts(
        self, bundled_sqlite: Path, tmp_path: Path
    ) -> None:
        with open_source(bundled_sqlite) as source:
            copy = source.snapshot(tmp_path / "snapshot")
        assert copy == tmp_path / "snapshot" / "source.db"
        with open_source(copy) as reopened:
            assert {t: reopened.count(t) for t in TABLES} == dict(bundled_counts())

    def test_a_postgres_snapshot_restores_with_the_same_counts(
        self, bundled_pg: str, postgres_url: str, tmp_path: Path
    ) -> None:
        with open_source(bundled_pg.replace("catalog@", "catalog:pw@")) as source:
            dump = source.snapshot(tmp_path / "snapshot")
        assert dump == tmp_path / "snapshot" / "source.pgdump" and dump.stat().st_size > 0
        pg_restore = str(find_pg_tool("pg_restore"))
        listing = _run([pg_restore, "--list", str(dump)])
        assert "TABLE public technique_relationship" in listing
        with fresh_postgres_database("restored", server_url=postgres_url) as restored:
            _run([pg_restore, "--no-owner", f"--dbname={restored}", str(dump)])
            with open_source(restored) as reopened:
                assert {t: reopened.count(t) for t in TABLES} == dict(bundled_counts())

    def test_a_failing_pg_dump_is_a_source_error_with_its_stderr(
        self, postgres_url: str, tmp_path: Path
    ) -> None:
        with fresh_postgres_database("dropped", server_url=postgres_url) as url:
            source = open_source(url)
            with psycopg.connect(postgres_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)".encode())
            with pytest.raises(SourceError, match=r"could not snapshot.*does not exist"):
                source.snapshot(tmp_path / "snapshot")
            source.close()
        assert list((tmp_path / "snapshot").iterdir()) == []  # no partial dump left behind

    def test_an_unwritable_destination_is_a_source_error(
        self, bundled: str, tmp_path: Path
    ) -> None:
        (tmp_path / "blocked").write_text("a file where the directory should be")
        with open_source(bundled) as source, pytest.raises(SourceError, match="blocked"):
            source.snapshot(tmp_path / "blocked" / "snapshot")


def _run(command: Iterable[str]) -> str:
    done = subprocess.run(list(command), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout
