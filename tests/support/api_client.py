"""The GraphQL API as the frontend meets it: the real ASGI app, and the contract's operations.

`contract_operations()` reads the operations from the contract file (the shared one when
this checkout sits beside it, else the copy bundled in `api/contract/`), never from a copy
in the tests. `ApiClient.run` posts one operation and returns the decoded answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import OperationDefinitionNode, OperationType, parse, print_ast
from starlette.testclient import TestClient

from graph.connection import Graph
from support.commands import REPO_ROOT

SHARED_CONTRACT = REPO_ROOT.parent / "shared" / "contract" / "operations.graphql"
BUNDLED_CONTRACT = REPO_ROOT / "api" / "contract" / "operations.graphql"


def contract_file() -> Path:
    return SHARED_CONTRACT if SHARED_CONTRACT.exists() else BUNDLED_CONTRACT


def contract_operations(kind: OperationType = OperationType.QUERY) -> dict[str, str]:
    """Each operation of the contract of this kind, by name, as a document of its own."""
    document = parse(contract_file().read_text("utf-8"))
    return {
        definition.name.value: print_ast(definition)
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        and definition.operation == kind
        and definition.name is not None
    }


@dataclass
class ApiClient:
    http: TestClient
    graph: Graph
    statements: list[str] = field(default_factory=list)

    def post(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        """The JSON answer to one GraphQL request (HTTP 200 expected)."""
        response = self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of an answer that must hold no errors."""
        answer = self.post(query, variables)
        assert not answer.get("errors"), answer["errors"]
        data: dict[str, Any] = answer["data"]
        return data

    def errors(self, query: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The errors of an answer that must fail."""
        answer = self.post(query, variables)
        assert answer.get("errors"), f"expected errors, got {answer}"
        errors: list[dict[str, Any]] = answer["errors"]
        return errors

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        """The Cypher statements sent while the block runs."""
        sent: list[str] = []
        listener: Callable[[str], None] = sent.append
        self.graph.add_listener(listener)
        try:
            yield sent
        finally:
            self.graph.remove_listener(listener)
