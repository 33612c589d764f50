"""The Neo4j connection: one driver per process, reads and writes in managed transactions.

Every Cypher statement the project sends goes through `Graph.read` or `Graph.write`, so a
cluster routes reads to replicas (`execute_read`), transient failures are retried by the
driver, driver errors become our own exceptions, and the API can count queries per request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

from graph.errors import ConfigError, GraphAuthError, GraphError, GraphUnavailable
from graph.settings import Settings, get_settings

T = TypeVar("T")
Records = list[dict[str, Any]]
QueryListener = Callable[[str], None]


def translate_driver_error(exc: Exception, settings: Settings) -> Exception:
    """A driver exception as one of ours, naming the setting that most likely needs fixing."""
    where = f"Neo4j at {settings.safe_uri}"
    if isinstance(exc, neo4j_errors.AuthError):
        return GraphAuthError(
            f"{where} refused user {settings.neo4j_user!r} with the configured password; "
            "check NEO4J_USER and NEO4J_PASSWORD"
        )
    if isinstance(exc, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired):
        return GraphUnavailable(
            f"cannot reach {where} ({exc}); is the server running (`scripts/neo4j start`)? "
            "check NEO4J_URI"
        )
    if isinstance(exc, neo4j_errors.ClientError) and "DatabaseNotFound" in (exc.code or ""):
        return ConfigError(
            f"{where} has no database {settings.neo4j_database!r}; check NEO4J_DATABASE"
        )
    if isinstance(exc, neo4j_errors.ConfigurationError):
        return ConfigError(f"the driver refused the connection settings ({exc}); check NEO4J_URI")
    if isinstance(exc, neo4j_errors.Neo4jError):
        return GraphError(f"{where} answered {exc.code}: {exc.message}")
    return GraphError(f"{where}: {exc}")


class Graph:
    """A driver bound to one database, with the settings it came from."""

    def __init__(self, driver: neo4j.Driver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings
        self.database = settings.neo4j_database
        self._listeners: list[QueryListener] = []

    def add_listener(self, listener: QueryListener) -> None:
        """Call `listener(query)` for every statement sent (used to count queries per request)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: QueryListener) -> None:
        self._listeners.remove(listener)

    def notify(self, query: str) -> None:
        """Tell the listeners a statement is being sent (for statements run in a `*_tx`)."""
        for listener in list(self._listeners):
            listener(query)

    def read(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> Records:
        """Run one read statement in a read transaction and return its records as dicts."""
        return self._in_session("read", self._statement(query, params))

    def read_plain(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> Records:
        """`read` for the API's compiled queries: one statement that returns only maps, lists
        and scalars.

        Each record becomes a dict of its values as the driver decoded them, without
        `Record.data()`, which walks every nested value again looking for nodes to convert
        (84 ms of a 100x techniqueFacets answer, against microseconds). It runs as an
        auto-commit read, one round trip, where a managed transaction adds the COMMIT's and
        the retry machinery's (bench/api/driver_calls.py measures both); a failure the driver
        calls retryable is tried again once as a managed read, with the driver's retries.
        """
        try:
            with self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                self.notify(query)
                return [dict(record) for record in session.run(query, dict(params or {}))]
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            if not exc.is_retryable():
                raise translate_driver_error(exc, self.settings) from exc
        return self._in_session("read", self._statement(query, params, plain=True))

    def write(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> Records:
        """Run one write statement in a write transaction and return its records as dicts."""
        return self._in_session("write", self._statement(query, params))

    def _statement(
        self, query: LiteralString, params: Mapping[str, Any] | None, plain: bool = False
    ) -> Callable[[neo4j.ManagedTransaction], Records]:
        def work(tx: neo4j.ManagedTransaction) -> Records:
            self.notify(query)
            result = tx.run(query, dict(params or {}))
            if plain:
                return [dict(record) for record in result]
            return [record.data() for record in result]

        return work

    def run_autocommit(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> Records:
        """Run a statement in an auto-commit transaction, as `CALL { } IN TRANSACTIONS` needs.

        Not retried on failure: use only for statements that are safe to run again.
        """
        self.notify(query)
        try:
            with self.driver.session(database=self.database) as session:
                return [record.data() for record in session.run(query, dict(params or {}))]
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise translate_driver_error(exc, self.settings) from exc

    def read_tx(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run `work` in one read transaction (several statements, one snapshot)."""
        return self._in_session("read", work)

    def write_tx(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run `work` in one write transaction: all of it commits, or none of it."""
        return self._in_session("write", work)

    def _in_session(self, mode: str, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        try:
            with self.driver.session(database=self.database) as session:
                run = session.execute_read if mode == "read" else session.execute_write
                return run(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise translate_driver_error(exc, self.settings) from exc

    def verify(self) -> None:
        """Fail with a clear error unless the server answers, accepts us and has the database."""
        try:
            # No retries here, unlike transactions: an unreachable server fails at once.
            self.driver.verify_connectivity()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise translate_driver_error(exc, self.settings) from exc
        self.read("RETURN 1 AS ok")

    def close(self) -> None:
        self.driver.close()


def open_graph(settings: Settings | None = None) -> Graph:
    """A `Graph` for the configured server; the caller closes it (or uses `connected`)."""
    settings = settings or get_settings()
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
            user_agent="assurance-catalog",
            # Bounded waits: with Neo4j down a request fails in seconds, not minutes, and the
            # pool reconnects by itself when the server is back.
            connection_timeout=settings.neo4j_connection_timeout,
            connection_acquisition_timeout=settings.neo4j_acquisition_timeout,
            max_transaction_retry_time=settings.neo4j_max_retry_time,
            liveness_check_timeout=settings.neo4j_liveness_check_timeout,
            # Schema-less warnings (an unknown label on an empty graph) are expected here.
            notifications_min_severity="OFF",
        )
    except (neo4j_errors.ConfigurationError, ValueError) as exc:
        raise ConfigError(f"NEO4J_URI {settings.safe_uri!r} is not usable ({exc})") from None
    return Graph(driver, settings)


@contextmanager
def connected(settings: Settings | None = None, verify: bool = True) -> Iterator[Graph]:
    """Open a graph, check it answers, and close it on the way out."""
    graph = open_graph(settings)
    try:
        if verify:
            graph.verify()
        yield graph
    finally:
        graph.close()
