"""A write the rules refuse, and the transaction helpers every write module shares."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

from graph.catalog_version import bump_in
from graph.connection import Graph, Records
from graph.errors import CatalogError, GraphError
from graph.rules import CONCURRENT_CHANGE, DUPLICATE_NAME, RuleViolation

T = TypeVar("T")


@dataclass(frozen=True)
class Conflict:
    """A stale write's context: the version the graph holds, and each field changed since
    the client's version (`before` as the client saw it, `after` as it is now)."""

    current_version: int
    changes: list[dict[str, Any]]


class WriteRefused(CatalogError):
    """A write that broke rules (all of them listed); raised inside the transaction so it
    rolls back."""

    def __init__(
        self, violations: Sequence[RuleViolation], conflict: Conflict | None = None
    ) -> None:
        super().__init__("; ".join(v.message for v in violations))
        self.violations = list(violations)
        self.conflict = conflict


def refuse_if(violations: Sequence[RuleViolation]) -> None:
    if violations:
        raise WriteRefused(violations)


def refuse(rule: str, field: str, message: str) -> None:
    raise WriteRefused([RuleViolation(rule=rule, field=field, message=message)])


class Tx:
    """One write transaction, counting its statements as `Graph.write` does."""

    def __init__(self, graph: Graph, tx: neo4j.ManagedTransaction) -> None:
        self.graph = graph
        self.tx = tx

    def run(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> Records:
        # Graph has no public hook for statements run on a transaction it handed out, so the
        # request's statement counter is told here (graph/connection.py: notify).
        self.graph.notify(query)
        return [record.data() for record in self.tx.run(query, dict(params or {}))]

    def one(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> Any:
        rows = self.run(query, params)
        return rows[0] if rows else None


# A uniqueness constraint that fires means a concurrent write took a key or slug this one
# chose from what it read; running the work again reads the new state (and then either picks
# another slug or refuses the name by its rule). Bounded: each round one of the racers wins.
CONSTRAINT_ROUNDS = 40
GONE = "Neo.ClientError.Statement.EntityNotFound"


def in_write_tx(graph: Graph, work: Callable[[Tx], T], kind: str = "name") -> T:
    """`work` in one write transaction that also bumps the catalog version (so every cached
    answer is stale the moment the write commits); a uniqueness constraint that fires (two
    clients creating the same name at once) runs it again, then is refused like the rule it
    backs; a node deleted under the write by a concurrent one is refused as a conflict."""

    def work_and_bump(tx: neo4j.ManagedTransaction) -> T:
        write = Tx(graph, tx)
        result = work(write)
        bump_in(write)
        return result

    for _ in range(CONSTRAINT_ROUNDS):
        try:
            return graph.write_tx(work_and_bump)
        except GraphError as exc:
            cause = exc.__cause__
            if isinstance(cause, neo4j_errors.ConstraintError):
                continue
            if isinstance(cause, neo4j_errors.Neo4jError) and cause.code == GONE:
                refuse(
                    CONCURRENT_CHANGE,
                    kind,
                    "something this write refers to was deleted by another write just now; "
                    "reload and try again",
                )
            raise
    raise WriteRefused(
        [
            RuleViolation(
                rule=DUPLICATE_NAME,
                field=kind,
                message=(
                    "another write created the same name just now; names are unique "
                    "case-insensitively, so choose another name or edit the existing one"
                ),
            )
        ]
    )
