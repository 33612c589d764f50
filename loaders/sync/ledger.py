"""The sync's ledger (docs/model.md, Provenance): every unit the last run migrated, src →
srcHash, one `SyncLedger` node per source table holding its entries as one JSON object.

One text per table rather than two lists of a value per row: the server stores, reads and
sends one string, and the client decodes it in C, where lists of a hundred thousand short
strings cost both sides a value each. Ledgers written before in the two-list form
(`srcs`, `hashes`) are still read; a sync that rewrites a table rewrites it in this form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import neo4j

from graph.connection import Graph
from graph.migration import sync_queries as sq
from loaders.errors import LedgerCorrupt


def table_of(src: str) -> str:
    return src.split(":", 1)[0]


def encode(entries: Mapping[str, str]) -> str:
    return json.dumps(entries, separators=(",", ":"), ensure_ascii=False)


def decode(table: str, row: Mapping[str, Any]) -> dict[str, str]:
    """A ledger node's entries (a `READ_LEDGER` row), in either form."""
    if row["entries"] is not None:
        try:
            entries = json.loads(row["entries"])
        except ValueError as exc:
            raise _corrupt(table, f"its entries are not JSON ({exc})") from exc
        if not isinstance(entries, dict):
            raise _corrupt(table, "its entries are not a JSON object")
        return entries
    srcs, hashes = row["srcs"] or [], row["hashes"] or []
    if len(srcs) != len(hashes):
        raise _corrupt(table, f"{len(srcs):,} srcs but {len(hashes):,} hashes")
    return dict(zip(srcs, hashes, strict=True))


def _corrupt(table: str, why: str) -> LedgerCorrupt:
    return LedgerCorrupt(
        f"the sync ledger of table {table!r} cannot be read: {why}. Migrate into an emptied "
        "graph to rebuild it (`catalog migrate --help` says how to empty a target)"
    )


def read_ledger(graph: Graph) -> dict[str, str]:
    ledger: dict[str, str] = {}
    for row in graph.read_plain(sq.READ_LEDGER):
        ledger.update(decode(row["table"], row))
    return ledger


def ledger_tables(
    ledger: Mapping[str, str], tables: Iterable[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """For `WRITE_LEDGER` and `DROP_LEDGER`: the tables' nodes as they are to be written
    ({table, entries, size}), and the tables with nothing left to list."""
    by_table: dict[str, dict[str, str]] = {table: {} for table in tables}
    for src, src_hash in ledger.items():
        entries = by_table.get(table_of(src))
        if entries is not None:
            entries[src] = src_hash
    filled = [
        {"table": table, "entries": encode(entries), "size": len(entries)}
        for table, entries in sorted(by_table.items())
        if entries
    ]
    return filled, sorted(table for table, entries in by_table.items() if not entries)


def ledger_from_graph(graph: Graph) -> None:
    """After a whole load (CREATE or MERGE): the ledger is what the graph now holds."""

    def work(tx: neo4j.ManagedTransaction) -> None:
        filled = [
            {
                "table": row["table"],
                "entries": encode(dict(zip(row["srcs"], row["hashes"], strict=True))),
                "size": len(row["srcs"]),
            }
            for row in tx.run(sq.GRAPH_UNITS)
        ]
        tx.run(sq.REPLACE_LEDGER, {"tables": filled}).consume()

    graph.write_tx(work)
