"""Legacy sources for the loader tests: the bundled catalog in SQLite and in PostgreSQL, fresh
empty PostgreSQL databases, and engine-parametrised fixtures so one test covers both engines
(factories in `support.legacy`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.legacy import (
    BUNDLED_SQL,
    LegacyDatabase,
    fresh_postgres_database,
    postgres_from_sql,
    postgres_server_url,
)

ENGINES = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The project-local PostgreSQL server's `catalog` database, started once per session."""
    return postgres_server_url()


@pytest.fixture
def fresh_pg(postgres_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a new empty database, dropped after the test."""
    with fresh_postgres_database(request.node.name, server_url=postgres_url) as url:
        yield url


@pytest.fixture
def bundled_pg(fresh_pg: str) -> str:
    """The URL of a fresh PostgreSQL database holding the bundled catalog."""
    return postgres_from_sql(fresh_pg, BUNDLED_SQL.read_text("utf-8"))


@pytest.fixture(params=ENGINES)
def bundled(request: pytest.FixtureRequest) -> str:
    """The bundled catalog in each engine in turn, as the spec `open_source` takes."""
    fixture = "bundled_pg" if request.param == "postgres" else "bundled_sqlite"
    return str(request.getfixturevalue(fixture))


@pytest.fixture(params=ENGINES)
def legacy_db(request: pytest.FixtureRequest, tmp_path: Path) -> LegacyDatabase:
    """A legacy database to build, in each engine in turn (PostgreSQL: a fresh database)."""
    url = request.getfixturevalue("fresh_pg") if request.param == "postgres" else ""
    return LegacyDatabase(request.param, tmp_path / "legacy.db", url)
