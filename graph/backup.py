"""A logical backup of the whole graph as gzip'd JSON Lines, and its restore.

Neo4j Community cannot dump a running database, so a backup is the data itself: a header line
(format, time, server version, counts), one line per node `{"n", "labels", "props"}`, then one
per relationship `{"r", "from", "to", "props"}`. Ids are element ids, meaningful only inside
the file. Temporal, spatial and byte-array values are written as `{"$type": …}` objects (a
property can never hold a map, so these cannot be mistaken for data). The test suite's
sentinel node is never backed up, counted, wiped or restored. Schema (constraints, indexes)
is not part of a backup: `graph.schema.install_schema` puts it back.

A restore records itself as a run, as a migration does: a `MigrationRun` of kind `restore`,
`running` from before anything changes until the backup is wholly in, then removed (the
restored graph is the backup's, exactly). Killed or failed in between, it stays, so
`catalog status` and the API's `/ready` say the graph is incomplete, and the next restore
resumes: it replaces what the interrupted one left.
"""

from __future__ import annotations

import gzip
import json
import os
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, LiteralString

import neo4j

from graph import catalog_version
from graph.backup_values import decode_value, encode_value
from graph.connection import Graph
from graph.errors import CatalogError

FORMAT = "assurance-catalog-graph-backup"
FORMAT_VERSION = 1
BATCH_SIZE = 1000
PROGRESS_EVERY = 10_000
RESTORE_LABEL, RESTORE_ID = "_CatalogRestore", "_restoreId"
# The test guard's node (tests/support/guard.py): it belongs to the test database, not the data.
EXCLUDED_LABEL = "CatalogTestSentinel"
Progress = Callable[[str], None]

SERVER_VERSION = "CALL dbms.components() YIELD versions RETURN versions[0] AS version"
COUNT_NODES = "MATCH (n) WHERE NOT n:CatalogTestSentinel RETURN count(n) AS n"
COUNT_RELATIONSHIPS = """
MATCH (a)-[r]->(b) WHERE NOT a:CatalogTestSentinel AND NOT b:CatalogTestSentinel
RETURN count(r) AS n
"""
# One query streamed record by record (the driver pulls 1000 at a time): O(n) in one snapshot
# of a read transaction, with only the current batch in memory.
STREAM_NODES = """
MATCH (n) WHERE NOT n:CatalogTestSentinel
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props
"""
STREAM_RELATIONSHIPS = """
MATCH (a)-[r]->(b) WHERE NOT a:CatalogTestSentinel AND NOT b:CatalogTestSentinel
RETURN type(r) AS type, elementId(a) AS start, elementId(b) AS end, properties(r) AS props
"""
# Everything but the restore's own record.
WIPE = """
MATCH (n) WHERE NOT n:CatalogTestSentinel AND NOT (n:MigrationRun AND n.runId = $runId)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""
INCOMPLETE_RESTORES = """
MATCH (run:MigrationRun {kind: 'restore'}) WHERE run.state IN ['running', 'failed']
RETURN run.runId AS runId, run.source AS source
"""
START_RESTORE = """
CREATE (:MigrationRun {runId: $runId, kind: 'restore', source: $source, state: 'running',
                       startedAt: toString(datetime())})
"""
FAIL_RESTORE = """
MATCH (run:MigrationRun {runId: $runId})
SET run.state = 'failed', run.finishedAt = toString(datetime()), run.error = $error
"""
FINISH_RESTORE = "MATCH (run:MigrationRun {runId: $runId}) DELETE run"
CREATE_RESTORE_INDEX = (
    "CREATE INDEX catalogRestoreId IF NOT EXISTS FOR (n:_CatalogRestore) ON (n._restoreId)"
)
AWAIT_RESTORE_INDEX = "CALL db.awaitIndex('catalogRestoreId', 300)"
DROP_RESTORE_INDEX = "DROP INDEX catalogRestoreId IF EXISTS"
# Dynamic labels and types (`$(...)`, Neo4j 5.26) keep names read from the file out of the
# query text: they are values, whatever they contain.
CREATE_NODES = """
UNWIND $rows AS row
CREATE (n:_CatalogRestore:$(row.labels) {_restoreId: row.id})
SET n += row.props
RETURN count(n) AS created
"""
CREATE_RELATIONSHIPS = """
UNWIND $rows AS row
MATCH (a:_CatalogRestore {_restoreId: row.start})
MATCH (b:_CatalogRestore {_restoreId: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS created
"""
CLEAN_UP = """
MATCH (n:_CatalogRestore)
CALL (n) { REMOVE n:_CatalogRestore, n._restoreId } IN TRANSACTIONS OF 10000 ROWS
"""


class BackupError(CatalogError):
    """A backup cannot be written, or a backup file cannot be read or restored."""


class RestoreRefused(BackupError):
    """The target graph holds data and the restore was not asked to replace it."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    nodes: int
    relationships: int
    bytes: int
    server_version: str
    created_at: str


@dataclass(frozen=True)
class RestoreSummary:
    path: Path
    nodes: int
    relationships: int
    deleted_nodes: int
    backup_created_at: str
    # Where the replaced graph was backed up first, if it was.
    replaced_backup: Path | None = None
    # The interrupted restore this one completed, if any.
    resumed: str | None = None


def _line(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- backup ------------------------------------------------------------------------------


def holds_nothing(graph: Graph) -> bool:
    """No node to back up (the test sentinel aside): a backup would restore an empty graph."""
    return bool(graph.read(COUNT_NODES)[0]["n"] == 0)


def backup_graph(graph: Graph, path: Path, *, progress: Progress | None = None) -> BackupSummary:
    """Write every node and relationship (the test sentinel aside) to `path`, gzip'd JSON Lines.

    The file appears only when complete: it is written next to `path` and renamed at the end.
    """
    report = progress or (lambda _message: None)
    partial = path.with_name(path.name + ".partial")
    created_at = datetime.now(UTC).isoformat()

    def work(tx: neo4j.ManagedTransaction) -> dict[str, Any]:
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "createdAt": created_at,
            "server": tx.run(SERVER_VERSION).single(strict=True)["version"],
            "nodes": tx.run(COUNT_NODES).single(strict=True)["n"],
            "relationships": tx.run(COUNT_RELATIONSHIPS).single(strict=True)["n"],
        }
        # Opened here, so a transaction the driver retries starts a fresh file.
        with gzip.open(partial, "wt", encoding="utf-8") as out:
            out.write(_line(header))
            nodes = relationships = 0
            for record in tx.run(STREAM_NODES):
                props = _encode_props(record["props"], f"node {record['id']}")
                out.write(_line({"n": record["id"], "labels": record["labels"], "props": props}))
                nodes += 1
                if nodes % PROGRESS_EVERY == 0:
                    report(f"backup: {nodes} of {header['nodes']} nodes")
            for record in tx.run(STREAM_RELATIONSHIPS):
                props = _encode_props(record["props"], f"a {record['type']} relationship")
                start, end = record["start"], record["end"]
                out.write(_line({"r": record["type"], "from": start, "to": end, "props": props}))
                relationships += 1
        if (nodes, relationships) != (header["nodes"], header["relationships"]):
            raise BackupError(
                f"the graph changed while it was being backed up (counted {header['nodes']} "
                f"nodes and {header['relationships']} relationships, wrote {nodes} and "
                f"{relationships}); run the backup again when no load is running"
            )
        return header

    try:
        header = graph.read_tx(work)
        os.replace(partial, path)
    except OSError as exc:
        raise BackupError(
            f"cannot write the backup {path} ({exc.strerror or exc}); check the directory "
            "exists and is writable and that the disk has room"
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
    report(f"backup: {header['nodes']} nodes, {header['relationships']} relationships")
    size = path.stat().st_size
    return BackupSummary(
        path, header["nodes"], header["relationships"], size, header["server"], created_at
    )


def _encode_props(props: dict[str, Any], where: str) -> dict[str, Any]:
    try:
        return {name: encode_value(value) for name, value in props.items()}
    except TypeError as exc:
        raise BackupError(f"{where}: {exc}; this backup format cannot hold it") from exc


# --- restore -----------------------------------------------------------------------------


def restore_graph(
    graph: Graph,
    path: Path,
    *,
    replace: bool,
    progress: Progress | None = None,
    backup_to: Path | None = None,
) -> RestoreSummary:
    """Load a backup written by `backup_graph` into `graph`, as a recorded run.

    The whole file is read and checked first, so a corrupt or truncated backup is refused
    before anything changes. A graph holding data is refused unless `replace`, which DELETES
    all of it first, after backing it up to `backup_to` when given. A graph left by an
    interrupted restore is replaced without asking (and without a backup: the interrupted
    run's own backup holds what was there before it).
    """
    report = progress or (lambda _message: None)
    header = check_backup(path)
    interrupted = graph.read(INCOMPLETE_RESTORES)
    existing = graph.read(COUNT_NODES)[0]["n"] - len(interrupted)
    before = catalog_version.read_version(graph)
    resumed = interrupted[0]["runId"] if interrupted else None
    if resumed:
        source = interrupted[0]["source"]
        report(f"restore: completing the interrupted restore {resumed} of {source}")
    elif existing and not replace:
        raise RestoreRefused(
            f"{graph.settings.safe_uri} (database {graph.database}) holds {existing} nodes; "
            "restore into an empty graph, or pass --replace to delete them first (it backs "
            "them up before it does)"
        )
    replaced_backup = None
    if existing and not resumed and backup_to is not None:
        report(f"restore: backing up the {existing} nodes it replaces to {backup_to}")
        backup_to.parent.mkdir(parents=True, exist_ok=True)
        replaced_backup = backup_graph(graph, backup_to).path
    run_id = uuid.uuid4().hex[:12]
    graph.write(START_RESTORE, {"runId": run_id, "source": str(path.resolve())})
    try:
        if existing or resumed:
            report(f"restore: deleting the {existing} nodes of the target")
            graph.run_autocommit(WIPE, {"runId": run_id})
        graph.write(CREATE_RESTORE_INDEX)
        graph.read(AWAIT_RESTORE_INDEX)
        nodes = _load(graph, CREATE_NODES, _rows(path, "n"), "nodes", report)
        links = _rows(path, "r")
        relationships = _load(graph, CREATE_RELATIONSHIPS, links, "relationships", report)
        graph.run_autocommit(CLEAN_UP)
        graph.write(FINISH_RESTORE, {"runId": run_id})
    except CatalogError as exc:
        graph.write(FAIL_RESTORE, {"runId": run_id, "error": str(exc)[:500]})
        raise BackupError(
            f"the restore of {path} stopped part-way ({exc}); the graph now holds part of the "
            "backup and shows as incomplete: fix the cause and run the restore again"
        ) from exc
    finally:
        graph.write(DROP_RESTORE_INDEX)
        # Whatever the graph holds now is not what any cached answer was computed from.
        catalog_version.renew(graph, before)
    report(f"restore: {nodes} nodes, {relationships} relationships")
    return RestoreSummary(
        path, nodes, relationships, existing, header["createdAt"], replaced_backup, resumed
    )


def check_backup(path: Path) -> dict[str, Any]:
    """Read every line of a backup and check it can be restored; return its header.

    Holds the node ids in memory (to check every relationship's ends), nothing else.
    """
    entries = _entries(path)
    first = next(entries, None)
    if first is None or first[1].get("format") != FORMAT:
        raise BackupError(f"{path} is not a catalog backup (no header line); check the path")
    header = first[1]
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a backup of format version {header.get('version')!r}, this catalog "
            f"reads version {FORMAT_VERSION}; restore it with the catalog version that wrote it"
        )
    ids: set[str] = set()
    relationships = 0
    for number, entry in entries:
        if "n" in entry:
            if relationships:
                raise _corrupt(path, number, "is a node after the relationships")
            node = _parsed(path, number, _node_row, entry)
            if node["id"] in ids:
                raise _corrupt(path, number, f"repeats node id {node['id']!r}")
            ids.add(node["id"])
        elif "r" in entry:
            row = _parsed(path, number, _relationship_row, entry)
            if row["start"] not in ids or row["end"] not in ids:
                raise _corrupt(path, number, "links a node the file does not hold")
            relationships += 1
        else:
            raise _corrupt(path, number, "is neither a node nor a relationship")
    if (len(ids), relationships) != (header.get("nodes"), header.get("relationships")):
        raise BackupError(
            f"{path} holds {len(ids)} nodes and {relationships} relationships but its header "
            f"promises {header.get('nodes')} and {header.get('relationships')}: the file is "
            "truncated; restore from another backup"
        )
    return header


def _entries(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    number = 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                entry = json.loads(line)
                if not isinstance(entry, dict):
                    raise _corrupt(path, number, "is not a JSON object")
                yield number, entry
    except FileNotFoundError:
        raise BackupError(f"there is no backup at {path}; check the path") from None
    except json.JSONDecodeError as exc:
        raise _corrupt(path, number, f"is not JSON ({exc.msg})") from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise BackupError(
            f"{path} cannot be read after line {number} ({exc}): the file is corrupt or "
            "truncated; restore from another backup"
        ) from None


def _corrupt(path: Path, number: int, problem: str) -> BackupError:
    return BackupError(
        f"line {number} of {path} {problem}: the file is corrupt; restore from another backup"
    )


def _parsed(
    path: Path, number: int, parse: Callable[[dict[str, Any]], dict[str, Any]], entry: Any
) -> dict[str, Any]:
    try:
        return parse(entry)
    except (KeyError, TypeError, ValueError) as exc:
        raise _corrupt(path, number, f"is malformed ({type(exc).__name__}: {exc})") from None


def _node_row(entry: dict[str, Any]) -> dict[str, Any]:
    labels = entry["labels"]
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        raise ValueError("labels must be a list of names")
    if {RESTORE_LABEL, EXCLUDED_LABEL} & set(labels):
        raise ValueError(f"labels {RESTORE_LABEL} and {EXCLUDED_LABEL} are reserved")
    return {"id": _text(entry["n"]), "labels": labels, "props": _props(entry["props"])}


def _relationship_row(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": _text(entry["r"]),
        "start": _text(entry["from"]),
        "end": _text(entry["to"]),
        "props": _props(entry["props"]),
    }


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{value!r} is not a non-empty string")
    return value


def _props(props: Any) -> dict[str, Any]:
    if not isinstance(props, dict) or RESTORE_ID in props:
        raise ValueError(f"properties must be an object without {RESTORE_ID}")
    return {name: decode_value(value) for name, value in props.items()}


def _rows(path: Path, kind: str) -> Iterator[dict[str, Any]]:
    parse = _node_row if kind == "n" else _relationship_row
    for _number, entry in _entries(path):
        if kind in entry:
            yield parse(entry)


def _load(
    graph: Graph, query: LiteralString, rows: Iterator[dict[str, Any]], what: str, report: Progress
) -> int:
    done = 0
    for batch in _batches(rows):
        created = graph.write(query, {"rows": batch})[0]["created"]
        if created != len(batch):
            raise BackupError(f"{len(batch) - created} of a batch of {what} were not created")
        done += created
        if done % PROGRESS_EVERY < BATCH_SIZE:
            report(f"restore: {done} {what}")
    return done


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch
