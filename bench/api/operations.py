"""The contract's read operations as the API benchmark sends them, and the variables it picks
from the loaded data so every operation has something real to answer.

Documents come from the contract file itself (the shared one beside this checkout, else the
copy in api/contract/), never from a copy here. Each `Case` is one operation with one set of
variables; `Facets` runs twice, without and with a `where`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import OperationDefinitionNode, OperationType, parse, print_ast

from graph.connection import Graph

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_CONTRACT = REPO_ROOT.parent / "shared" / "contract" / "operations.graphql"
BUNDLED_CONTRACT = REPO_ROOT / "api" / "contract" / "operations.graphql"

LIST_PAGE = 20
SEARCH_LIMIT = 10
RELATED_HOPS = 2


def contract_file() -> Path:
    return SHARED_CONTRACT if SHARED_CONTRACT.exists() else BUNDLED_CONTRACT


def contract_queries() -> dict[str, str]:
    """Each query of the contract, by name, as a document of its own."""
    document = parse(contract_file().read_text("utf-8"))
    return {
        d.name.value: print_ast(d)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and d.operation == OperationType.QUERY
        and d.name is not None
    }


@dataclass(frozen=True)
class Case:
    """One benchmarked request: a label, the contract operation and its variables."""

    label: str
    operation: str
    document: str
    variables: dict[str, Any]


@dataclass(frozen=True)
class Picks:
    """Values taken from the loaded catalog for the operations' variables."""

    slug: str  # a technique with related edges, attributes, tags and a subcategory
    other_slug: str  # a technique related to it, for Compare
    phrase: str  # a word of its name, for Search
    goal: str  # its primary goal, for Facets(where) and AttributeSchema


PICK = """
MATCH (t:Technique)
WHERE EXISTS { (t)-[:RELATED_TO]->() } AND EXISTS { (t)-[:HAS_ATTRIBUTE]->() }
  AND EXISTS { (t)-[:IN_SUBCATEGORY]->() } AND EXISTS { (t)-[:TAGGED]->(:Tag)-[:CHILD_OF]->() }
WITH t ORDER BY COUNT { (t)-[:RELATED_TO]-() } DESC, t.slug LIMIT 1
MATCH (t)-[:HAS_PRIMARY_GOAL]->(g:Goal)
MATCH (t)-[:RELATED_TO]-(o:Technique) WHERE o <> t
WITH t, g, o ORDER BY COUNT { (o)-[:TAGGED]->(:Tag)<-[:TAGGED]-(t) } DESC, o.slug LIMIT 1
RETURN t.slug AS slug, t.name AS name, o.slug AS other, g.name AS goal
"""


def pick(graph: Graph) -> Picks:
    rows = graph.read(PICK)
    if not rows:
        raise SystemExit("the graph holds no technique with relations, attributes and tags")
    row = rows[0]
    words = [w for w in row["name"].split() if w.isalpha() and len(w) > 3]
    return Picks(row["slug"], row["other"], (words or [row["name"].split()[0]])[0], row["goal"])


def cases(picks: Picks) -> list[Case]:
    """Every read operation of the contract with realistic variables, in a fixed order."""
    documents = contract_queries()
    by_goal = {"goals": {"some": {"name": {"eq": picks.goal}}}}
    plan: list[tuple[str, str, dict[str, Any]]] = [
        ("TechniqueList", "TechniqueList", {"first": LIST_PAGE, "sort": [{"slug": "ASC"}]}),
        ("TechniqueNames", "TechniqueNames", {"limit": LIST_PAGE, "sort": [{"slug": "ASC"}]}),
        ("TechniqueDetail", "TechniqueDetail", {"slug": picks.slug}),
        ("Search", "Search", {"phrase": picks.phrase, "limit": SEARCH_LIMIT}),
        ("Facets", "Facets", {}),
        ("Facets(where)", "Facets", {"where": by_goal}),
        ("Coverage", "Coverage", {}),
        ("Related", "Related", {"slug": picks.slug, "maxHops": RELATED_HOPS}),
        ("Taxonomy", "Taxonomy", {}),
        ("AttributeSchema", "AttributeSchema", {"goals": [picks.goal]}),
        ("Compare", "Compare", {"slugs": [picks.slug, picks.other_slug]}),
    ]
    return [Case(label, op, documents[op], variables) for label, op, variables in plan]
