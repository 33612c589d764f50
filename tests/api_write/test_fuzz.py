"""Property-based fuzzing against the real app and graph: valid and invalid requests, with and
without a token. No 5xx, nothing of ours leaks (stack traces, Cypher, masked internal errors),
and a refused request changes nothing.

Two generators share the work, because drawing whole documents from this schema with
hypothesis-graphql costs ~0.1 s each: it writes arbitrary documents (valid queries and
mutations, and invalid ones), while the contract's own operations are sent with generated
variables (right and wrong types, hostile strings, deep nesting), which is where a frontend's
real traffic goes. Together they send `CATALOG_FUZZ_EXAMPLES` requests (10,000 by default)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import hypothesis_graphql
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, parse, print_ast
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.schema import sdl
from graph.connection import Graph
from graph.fingerprint import fingerprint
from support.write_client import WriteClient

TOTAL = int(os.environ.get("CATALOG_FUZZ_EXAMPLES", "10000"))
DOCUMENTS = max(TOTAL // 10, 1)
VARIABLES = TOTAL - DOCUMENTS
SCHEMA = sdl()
LEAKS = ("Traceback", "MATCH (", "Neo.ClientError", "neo4j.", 'File "')
CONTRACT = Path(__file__).resolve().parents[2] / "api" / "contract" / "operations.graphql"
OPERATIONS = [
    (print_ast(op), [v.variable.name.value for v in op.variable_definitions or []])
    for op in parse(CONTRACT.read_text("utf-8")).definitions
    if isinstance(op, OperationDefinitionNode)
]
WORDS = [
    "name",
    "slug",
    "eq",
    "in",
    "contains",
    "startsWith",
    "some",
    "all",
    "none",
    "single",
    "goals",
    "tags",
    "categories",
    "attributes",
    "type",
    "value",
    "AND",
    "OR",
    "NOT",
    "primaryGoal",
    "values",
    "multiValued",
    "appliesToAll",
    "applicableGoals",
]
HOSTILE = st.sampled_from(
    [
        "Fairness",
        "Explainability",
        "'}) DETACH DELETE n //",
        "\\",
        "\u0000",
        "Équité 公平 ✓",
        "x" * 300,
        "",
        " ",
        "data-type/",
    ]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=20) | HOSTILE,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ROLES = st.sampled_from([None, "editor", "admin", "bogus"])


def refused(answer: dict[str, Any]) -> bool:
    return bool(answer.get("errors")) or '"ValidationError"' in json.dumps(answer)


def wholly_refused(text: str, answer: dict[str, Any]) -> bool:
    """Whether nothing of the request can have written: it was refused before it ran (no
    `data` at all), or it is one mutation field whose answer is a refusal (null, or a
    ValidationError): a field's write and the read-back of its selection share one
    transaction, so a failure anywhere in it (a bad nested `offset`) undoes the write. The
    fields of a document with several run in order, each its own write, so a later one
    refused leaves the earlier ones written, even when its error nulls the whole `data`."""
    if "data" not in answer:
        return True
    try:
        document = parse(text)
    except GraphQLError:
        return True
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    selections = operations[0].selection_set.selections if len(operations) == 1 else ()
    if len(selections) != 1 or not isinstance(selections[0], FieldNode):
        return False
    data = answer["data"]
    if data is None:
        return True
    (value,) = data.values()
    return value is None or (
        isinstance(value, dict) and value.get("__typename") == "ValidationError"
    )


class Fuzzer:
    """Sends one request and checks what every answer must satisfy; counts what it saw."""

    def __init__(self, world: WriteClient, graph: Graph) -> None:
        self.world, self.graph, self.seen = world, graph, Counter[str]()
        world.tokens["bogus"] = "bogus-token"

    def send(self, text: str, variables: Any, role: str | None) -> None:
        mutation = text.lstrip().startswith("mutation")
        before = fingerprint(self.graph) if mutation else None
        headers = {"Authorization": f"Bearer {self.world.tokens[role]}"} if role else {}
        response = self.world.http.post(
            "/graphql", json={"query": text, "variables": variables}, headers=headers
        )
        self.seen["requests"] += 1
        self.seen[f"http {response.status_code // 100}xx"] += 1
        assert response.status_code < 500, (text, variables, response.text)
        # What the request itself carried may be echoed back in a message; nothing else may.
        sent = text + json.dumps(variables)
        leaks = [leak for leak in LEAKS if leak in response.text and leak not in sent]
        assert not leaks, (leaks, text, response.text)
        assert "INTERNAL_SERVER_ERROR" not in response.text, (text, response.text)
        answer = response.json()
        if refused(answer):
            self.seen["refused"] += 1
            if before is not None and wholly_refused(text, answer):
                assert fingerprint(self.graph) == before, (text, variables)
                self.seen["graph unchanged after a refused mutation"] += 1
            elif before is not None:
                self.seen["mutation documents partly refused"] += 1
        elif mutation:
            self.seen["mutations accepted"] += 1


def fuzz_settings(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def test_generated_requests_never_fail_the_server_or_change_the_graph_when_refused(
    world: WriteClient, empty: Graph
) -> None:
    fuzzer = Fuzzer(world, empty)
    documents = st.one_of(
        hypothesis_graphql.queries(SCHEMA),
        hypothesis_graphql.mutations(SCHEMA),
        hypothesis_graphql.from_schema(SCHEMA, mode=hypothesis_graphql.Mode.NEGATIVE),
    )

    @fuzz_settings(DOCUMENTS)
    @given(document=documents, role=ROLES)
    def any_document(document: object, role: str | None) -> None:
        fuzzer.send(str(document), {}, role)

    @fuzz_settings(VARIABLES)
    @given(operation=st.sampled_from(OPERATIONS), data=st.data(), role=ROLES)
    def contract_operation(
        operation: tuple[str, list[str]], data: st.DataObject, role: str | None
    ) -> None:
        text, names = operation
        variables = {name: data.draw(JSON) for name in names if data.draw(st.booleans())}
        fuzzer.send(text, variables, role)

    any_document()
    contract_operation()
    print("fuzz:", dict(fuzzer.seen))
    assert fuzzer.seen["requests"] >= TOTAL * 0.9
    assert fuzzer.seen["graph unchanged after a refused mutation"] > 0
