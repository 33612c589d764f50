"""Warm Neo4j's query plans before the API calls itself ready, and again after Neo4j restarts.

A Neo4j that has just started plans every statement anew with a planner the JVM has not
compiled yet: the first run of each of the API's statements is slow, and a load that meets a
cold server has every concurrent request plan the same statements at once, so the first
seconds after a restart are slow for everyone (docs/benchmarks.md, "right after a Neo4j
restart"). The API therefore runs each read operation of the frontend's contract once, one at
a time, when it starts and whenever it sees Neo4j answer again after an outage; meanwhile
`/ready` answers 503 with `"warm-up": "running"`, so a load balancer sends traffic to warm
instances only. Requests are not held back: a lone instance serves them as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from strawberry.schema import BaseSchema

from api.context import ApiContext
from api.observe import start_counting
from graph.connection import Graph
from graph.errors import CatalogError

log = logging.getLogger("catalog.warmup")

WAITING = "waiting for neo4j"
RUNNING = "running"
WARM = "ok"
OFF = "off"

# A value for each required scalar, so an operation's statements are planned; what they find
# does not matter (Neo4j caches a plan by statement text, whatever the parameters), but an
# empty text would stop some reads before their Cypher (a search for nothing).
PLACEHOLDERS: dict[str, Any] = {
    "String": "warmup",
    "ID": "warmup",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
}


@dataclass(frozen=True)
class WarmupOperation:
    name: str
    text: str
    variables: dict[str, Any]


def _placeholder(type_node: Any) -> tuple[bool, Any]:
    """(True, value) for a required variable that can be filled, (False, None) otherwise."""
    if isinstance(type_node, ListTypeNode):
        return True, []
    if isinstance(type_node, NamedTypeNode) and type_node.name.value in PLACEHOLDERS:
        return True, PLACEHOLDERS[type_node.name.value]
    return False, None


def warmup_operations(document_text: str) -> list[WarmupOperation]:
    """The document's queries, each with placeholders for its required variables (pure).

    A query needing an input object it cannot make up is left out."""
    document: DocumentNode = parse(document_text)
    operations = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode) or definition.name is None:
            continue
        if definition.operation != OperationType.QUERY:
            continue
        variables: dict[str, Any] = {}
        usable = True
        for variable in definition.variable_definitions or ():
            if not isinstance(variable.type, NonNullTypeNode):
                continue
            usable, value = _placeholder(variable.type.type)
            if not usable:
                break
            variables[variable.variable.name.value] = value
        if usable:
            name = definition.name.value
            operations.append(WarmupOperation(name, document_text, variables))
    return operations


@dataclass
class Warmup:
    """The warm-up's state, read by `/ready`, and the task that keeps Neo4j warm."""

    schema: BaseSchema
    operations: list[WarmupOperation]
    context: Callable[[], ApiContext]
    poll_seconds: float
    state: str = WAITING
    runs: int = 0
    last_seconds: float | None = None
    problems: list[str] = field(default_factory=list)

    async def run_once(self) -> None:
        """Each operation once, one at a time; a failure of Neo4j ends the round early."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        problems = []
        slugs = await asyncio.to_thread(_some_slugs, self.context().graph)
        for operation in self.operations:
            context = self.context()
            start_counting(context.statements)
            result = await self.schema.execute(
                operation.text,
                variable_values=with_slugs(operation.variables, slugs),
                operation_name=operation.name,
                context_value=context,
            )
            for error in result.errors or []:
                code = (error.extensions or {}).get("code")
                if code == "SERVICE_UNAVAILABLE":
                    raise ConnectionError(error.message)
                problems.append(f"{operation.name}: {error.message}")
        self.problems = problems
        self.runs += 1
        self.last_seconds = round(loop.time() - started, 3)
        for problem in problems:
            # Not fatal: a placeholder may be refused by a rule (an empty slug list); the
            # statements before the refusal are planned all the same.
            log.debug("warm-up %s", problem)

    async def keep_warm(self, graph: Graph) -> None:
        """Warm up now, then again each time Neo4j answers after it did not."""
        warm = False
        while True:
            if not await asyncio.to_thread(_answers, graph):
                self.state, warm = WAITING, False
            elif not warm:
                self.state = RUNNING
                warm = await self._round()
            await asyncio.sleep(self.poll_seconds)

    async def _round(self) -> bool:
        """One warm-up round; False when Neo4j went away during it (tried again later)."""
        try:
            await self.run_once()
        except ConnectionError:
            self.state = WAITING
            return False
        except Exception:
            # A fault of the warm-up itself must not keep the instance unready for good.
            log.exception("warm-up failed; the instance serves without it")
        self.state = WARM
        return True

    def report(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "runs": self.runs,
            "seconds": self.last_seconds,
            "problems": self.problems,
        }


# Techniques' slugs for the variables the contract names so (`slug`, `slugs`): a read of an
# unknown technique is refused before its main statement runs, so it would warm nothing.
SLUGS = "MATCH (t:Technique) RETURN t.slug AS slug ORDER BY t.slug LIMIT 2"


def _some_slugs(graph: Graph) -> list[str]:
    return [row["slug"] for row in graph.read(SLUGS)]


def with_slugs(variables: dict[str, Any], slugs: list[str]) -> dict[str, Any]:
    """`variables` with real slugs where the contract asks for a technique or two (pure)."""
    filled = dict(variables)
    if slugs and "slug" in filled:
        filled["slug"] = slugs[0]
    if len(slugs) >= 2 and "slugs" in filled:
        filled["slugs"] = slugs[:2]
    return filled


def _answers(graph: Graph) -> bool:
    try:
        graph.verify()
    except CatalogError:
        return False
    return True
