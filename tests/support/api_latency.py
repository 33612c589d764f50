"""Latency of the list page: TechniqueList (first: 20) through the API over HTTP, against one
hand-written Cypher query fetching the same data through the same kind of driver.

    NEO4J_URI=bolt://127.0.0.1:7687 .venv/bin/python tests/support/api_latency.py [ROUNDS]

Starts `catalog serve`'s command on a free port against NEO4J_URI (which must hold a
migrated catalog), warms both paths up, then prints the median and 95th percentile of each.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from graphql import OperationDefinitionNode, parse, print_ast

from graph.connection import open_graph
from graph.settings import get_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTRACT = REPO_ROOT / "api" / "contract" / "operations.graphql"

# The same fields as the contract's TechniqueList, written by hand.
HAND_WRITTEN = """
MATCH (t:Technique) WHERE t.slug IS NOT NULL
WITH t ORDER BY t.slug LIMIT 21
RETURN count { MATCH (x:Technique) } AS total, collect(t {
  .slug, .name, .modelDependency,
  primaryGoal: [(t)-[:HAS_PRIMARY_GOAL]->(g:Goal) | g {.name}][0],
  goals: COLLECT { MATCH (t)-[:HAS_PRIMARY_GOAL]->(g:Goal) RETURN g.name AS name
                   UNION MATCH (t)-[:IN_CATEGORY]->(:Category)-[:SERVES]->(g:Goal)
                   RETURN g.name AS name },
  categories: [(t)-[:IN_CATEGORY]->(c:Category) |
               c {.name, goals: [(c)-[:SERVES]->(g:Goal) | g {.name}]}],
  subCategories: [(t)-[:IN_SUBCATEGORY]->(s:SubCategory) | s {.name}],
  tags: [(t)-[:TAGGED]->(x:Tag) | x {.name}],
  attributes: [(t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType) |
               {type: a {.name}, value: v {.name}}]
}) AS page
"""


def technique_list() -> str:
    document = parse(CONTRACT.read_text("utf-8"))
    for definition in document.definitions:
        named = isinstance(definition, OperationDefinitionNode) and definition.name
        if named and definition.name.value == "TechniqueList":  # type: ignore[union-attr]
            return print_ast(definition)
    raise SystemExit("no TechniqueList in the contract")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(work: object, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(label: str, samples: list[float]) -> None:
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"{label:<40} median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms")


def main(rounds: int = 200) -> None:
    port = free_port()
    serve = "from loaders.commands.serve import serve; serve()"
    server = subprocess.Popen(
        [sys.executable, "-c", serve, "--port", str(port)],
        cwd=REPO_ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(200):
                try:
                    if client.get("/ready").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            body = {"query": technique_list(), "variables": {"first": 20}}

            def through_api() -> None:
                answer = client.post("/graphql", json=body).json()
                assert len(answer["data"]["techniquesConnection"]["edges"]) == 20

            graph = open_graph(get_settings())

            def hand_written() -> None:
                assert len(graph.read(HAND_WRITTEN)[0]["page"]) == 21

            for work in (through_api, hand_written):
                timed(work, 20)
            report("TechniqueList first:20 via the API", timed(through_api, rounds))
            report("hand-written Cypher, same driver", timed(hand_written, rounds))
            graph.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
