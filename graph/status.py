"""What `catalog status` reports: the server, its size, and whether a load is unfinished."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graph.connection import Graph

SERVER_QUERY = """
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
"""
NODE_COUNT_QUERY = "MATCH (n) RETURN count(n) AS n"
RELATIONSHIP_COUNT_QUERY = "MATCH ()-[r]->() RETURN count(r) AS n"
# A migration run marks itself `running` before it writes and `complete` at the end, so a
# run that died in between leaves a visible trace (graph/migration/runs.py); a restore does
# the same (graph/backup.py), its kind `restore`.
INCOMPLETE_LOADS_QUERY = """
MATCH (m:MigrationRun) WHERE m.state IN ['running', 'failed', 'validating']
RETURN m.runId AS runId, m.source AS source, toString(m.startedAt) AS startedAt,
       m.state AS state, coalesce(m.kind, 'migration') AS kind
ORDER BY m.startedAt
"""

# What a one-time migration (`catalog migrate --once`) decides on: a catalog already there, and
# whether some migration ever finished.
CATALOG_STATE_QUERY = """
RETURN EXISTS {
         MATCH (n) WHERE n:Goal OR n:Category OR n:SubCategory OR n:Technique OR n:Tag
                         OR n:AttributeType OR n:AttributeValue
       } AS present,
       EXISTS { MATCH (m:MigrationRun) WHERE m.state = 'complete' } AS migrated,
       EXISTS {
         MATCH (m:MigrationRun)
         WHERE m.state IN ['running', 'failed', 'validating']
           AND coalesce(m.kind, 'migration') = 'migration'
       } AS unfinished
"""


@dataclass(frozen=True)
class CatalogState:
    present: bool  # any catalog node at all
    migrated: bool  # some migration run completed
    unfinished: bool  # some migration run started and never completed

    def migrated_once_reason(self) -> str | None:
        """Why a one-time migration must not run again, or None when it should run.

        An unfinished run is completed (its graph is partial, and nobody could have edited it
        through an API that waits for the migration); otherwise any catalog or any completed
        run means the graph is live, and migrating again would revert its edits.
        """
        if self.unfinished:
            return None
        if self.migrated:
            return "a migration has already completed into this graph"
        if self.present:
            return "the graph already holds a catalog"
        return None


def read_catalog_state(graph: Graph) -> CatalogState:
    row = graph.read(CATALOG_STATE_QUERY)[0]
    return CatalogState(
        present=row["present"], migrated=row["migrated"], unfinished=row["unfinished"]
    )


def finish_hint(run: dict[str, Any]) -> str:
    """How to complete an unfinished run of `INCOMPLETE_LOADS_QUERY`."""
    if run.get("kind") == "restore":
        return f"run `catalog restore --replace {run['source']}` again to complete it"
    return "run the migration again to complete it"


@dataclass(frozen=True)
class ServerStatus:
    uri: str
    database: str
    user: str
    product: str
    version: str
    edition: str
    nodes: int
    relationships: int
    incomplete_loads: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_status(graph: Graph) -> ServerStatus:
    server = graph.read(SERVER_QUERY)[0]
    return ServerStatus(
        uri=graph.settings.safe_uri,
        database=graph.database,
        user=graph.settings.neo4j_user,
        product=server["name"],
        version=server["version"],
        edition=server["edition"],
        nodes=graph.read(NODE_COUNT_QUERY)[0]["n"],
        relationships=graph.read(RELATIONSHIP_COUNT_QUERY)[0]["n"],
        incomplete_loads=graph.read(INCOMPLETE_LOADS_QUERY),
    )
