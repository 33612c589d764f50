"""Point neomodel at the project's own driver and database, so both share one connection.

neomodel 7 keeps its connection in a process-wide `db` singleton configured through
`neomodel.get_config()` (the old `config.DRIVER` names still work but warn). Two things of
neomodel 7 matter here:

- It keeps the target database in a `ContextVar` set only in the context that connects. A
  thread or task that did not inherit that context (a worker thread, uvicorn's request tasks
  when the app connected in its lifespan task) would fall back to the server's *home*
  database, not NEO4J_DATABASE. `bind_neomodel` makes our database that variable's default.
- `db.close_connection()` closes the driver even when neomodel did not create it, so never
  call it: `Graph.close()` owns the driver; `unbind_neomodel` detaches neomodel from it.

neomodel's queries do not pass through `Graph.read`/`Graph.write`, so the per-request query
listeners do not see them.
"""

from __future__ import annotations

from contextvars import ContextVar

from neo4j import exceptions as neo4j_errors
from neomodel import db, get_config

from graph.connection import Graph, translate_driver_error
from graph.errors import GraphError

# Name-mangled private attribute of neomodel.sync_.connection.ConnectionManager (7.0).
_DATABASE_VARIABLE = "_ConnectionManager__database_name"


def bind_neomodel(graph: Graph) -> None:
    """Make neomodel use `graph`'s driver and database, in every thread and task."""
    config = get_config()
    config.driver = graph.driver
    config.database_name = graph.database
    config.database_url = None
    manager = db._connection
    if not isinstance(getattr(manager, _DATABASE_VARIABLE, None), ContextVar):
        raise GraphError(
            "this neomodel version keeps its target database somewhere bind_neomodel does not "
            "know (graph/neomodel_setup.py was written for neomodel 7.0); update "
            "bind_neomodel for the installed neomodel or pin neomodel 7.0 in pyproject.toml"
        )
    setattr(manager, _DATABASE_VARIABLE, ContextVar("_database_name", default=graph.database))
    try:
        # Also asks the server for its version, which neomodel needs to pick its id function.
        db.set_connection(driver=graph.driver)
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
        raise translate_driver_error(exc, graph.settings) from exc


def unbind_neomodel() -> None:
    """Detach neomodel from the driver without closing it (the `Graph` owns the driver)."""
    config = get_config()
    config.driver = None
    config.database_name = None
    db.driver = None
