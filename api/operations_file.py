"""Operations to allow-list, read from a `.graphql` document or an Apollo persisted-query
manifest (pure: text in, operations out).

A `.graphql` file may hold many operations and fragments; each operation is registered as the
text graphql-core prints for it followed by the fragments it uses (what graphql-js `print`
gives for the same document, which clients that persist queries hash). An Apollo manifest
(`generate-persisted-query-manifest`, `{"format": "apollo-persisted-query-manifest",
"operations": [{"id", "name", "type", "body"}]}`) is registered body for body, since its ids
are the hashes its client will send.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSyntaxError,
    Node,
    OperationDefinitionNode,
    parse,
    print_ast,
    visit,
)
from graphql.language import Visitor

from graph.errors import CatalogError

MANIFEST_FORMAT = "apollo-persisted-query-manifest"


class OperationsFileError(CatalogError):
    """An operations file that cannot be registered as it is."""


@dataclass(frozen=True)
class Operation:
    name: str
    text: str
    sha256: str
    normalized: str


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalized_sha256(text: str) -> str:
    """The hash of the text as graphql-core prints it: comments and spacing do not count."""
    return sha256_hex(print_ast(parse(text)))


def _spreads(node: Node) -> set[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: object) -> None:
            names.add(spread.name.value)

    visit(node, Spreads())
    return names


def _with_fragments(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode], where: str
) -> DocumentNode:
    needed: list[str] = []
    todo = sorted(_spreads(operation))
    while todo:
        name = todo.pop(0)
        if name in needed:
            continue
        if name not in fragments:
            raise OperationsFileError(f"{where}: fragment {name!r} is used but not defined")
        needed.append(name)
        todo.extend(sorted(_spreads(fragments[name]) - set(needed)))
    return DocumentNode(definitions=(operation, *(fragments[name] for name in needed)))


def operations_from_document(text: str, where: str) -> list[Operation]:
    """Every named operation of a GraphQL document, each with the fragments it uses."""
    try:
        document = parse(text)
    except GraphQLSyntaxError as exc:
        raise OperationsFileError(f"{where}: not a GraphQL document ({exc.message})") from None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations: list[Operation] = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if definition.name is None:
            raise OperationsFileError(
                f"{where}: an operation has no name (line {_line(definition)}); name every "
                "operation so the allow-list and the metrics can tell them apart"
            )
        printed = print_ast(_with_fragments(definition, fragments, where))
        digest = sha256_hex(printed)
        operations.append(Operation(definition.name.value, printed, digest, digest))
    if not operations:
        raise OperationsFileError(f"{where}: no operation found (only fragments or nothing)")
    _check_unique_names(operations, where)
    return operations


def _line(node: Node) -> int:
    return node.loc.source.get_location(node.loc.start).line if node.loc else 0


def _check_unique_names(operations: list[Operation], where: str) -> None:
    seen: set[str] = set()
    for operation in operations:
        if operation.name in seen:
            raise OperationsFileError(f"{where}: two operations are named {operation.name!r}")
        seen.add(operation.name)


def operations_from_manifest(text: str, where: str) -> list[Operation]:
    """The operations of an Apollo persisted-query manifest, each checked against its id."""
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OperationsFileError(f"{where}: not JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise OperationsFileError(
            f'{where}: not an Apollo persisted-query manifest (expected "format": '
            f'"{MANIFEST_FORMAT}")'
        )
    entries = manifest.get("operations")
    if not isinstance(entries, list):
        raise OperationsFileError(f'{where}: "operations" must be a list')
    operations: list[Operation] = []
    for index, entry in enumerate(entries):
        at = f"{where}: operations[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("body"), str):
            raise OperationsFileError(f'{at} has no "body" text')
        body = entry["body"]
        digest = sha256_hex(body)
        if entry.get("id", digest) != digest:
            raise OperationsFileError(f'{at}: "id" is not the SHA-256 of its body')
        try:
            normalized = normalized_sha256(body)
        except GraphQLSyntaxError as exc:
            raise OperationsFileError(f"{at}: body is not GraphQL ({exc.message})") from None
        operations.append(
            Operation(str(entry.get("name") or digest[:12]), body, digest, normalized)
        )
    if not operations:
        raise OperationsFileError(f"{where}: the manifest lists no operations")
    return operations


def read_operations(text: str, where: str) -> list[Operation]:
    """A manifest when the text is a JSON object, else a GraphQL document."""
    if text.lstrip().startswith("{"):
        return operations_from_manifest(text, where)
    return operations_from_document(text, where)
