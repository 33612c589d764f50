"""The list page, TechniqueList (first: 20, every nested field): latency through the API over
HTTP against one hand-written Cypher query fetching the same data through the same driver,
rounds interleaved; then requests per second through the API with 1 and 2 workers.

    NEO4J_URI=bolt://127.0.0.1:7687 .venv/bin/python -m bench.api_list [ROUNDS]

Starts `catalog serve` on a free port against NEO4J_URI (which must hold a migrated
catalog), warms both paths up, then prints the figures.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from graphql import OperationDefinitionNode, parse, print_ast

from graph.connection import open_graph
from graph.settings import get_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
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
        if (
            isinstance(definition, OperationDefinitionNode)
            and definition.name is not None
            and definition.name.value == "TechniqueList"
        ):
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


def start_server(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(REPO_ROOT / ".venv" / "bin" / "catalog"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=REPO_ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/ready").status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return server, base


def throughput(workers: int, seconds: float = 10.0, concurrency: int = 4) -> float:
    """Requests per second of TechniqueList through `workers` API processes, `concurrency`
    clients in threads sending back to back."""
    server, base = start_server(workers)
    body = {"query": technique_list(), "variables": {"first": 20}}
    done = [0] * concurrency

    def client_loop(slot: int, until: float) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.perf_counter() < until:
                answer = client.post("/graphql", json=body).json()
                assert len(answer["data"]["techniquesConnection"]["edges"]) == 20
                done[slot] += 1

    try:
        warm = time.perf_counter() + 2
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(lambda slot: client_loop(slot, warm), range(concurrency)))
        done[:] = [0] * concurrency
        until = time.perf_counter() + seconds
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(lambda slot: client_loop(slot, until), range(concurrency)))
        return sum(done) / seconds
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(rounds: int = 200) -> None:
    server, base = start_server(1)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            body = {"query": technique_list(), "variables": {"first": 20}}

            def through_api() -> None:
                answer = client.post("/graphql", json=body).json()
                assert len(answer["data"]["techniquesConnection"]["edges"]) == 20

            graph = open_graph(get_settings())

            def hand_written() -> None:
                assert len(graph.read(HAND_WRITTEN)[0]["page"]) == 21

            for work in (through_api, hand_written):
                timed(work, 20)
            api: list[float] = []
            cypher: list[float] = []
            for _ in range(rounds // 10):
                api += timed(through_api, 10)
                cypher += timed(hand_written, 10)
            report("TechniqueList first:20 via the API", api)
            report("hand-written Cypher, same driver", cypher)
            ratio = statistics.median(api) / statistics.median(cypher)
            print(f"{'ratio of medians':<40} {ratio:.1f}x")
            graph.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    for workers in (1, 2):
        print(
            f"{'requests/s, ' + str(workers) + ' worker(s), 4 clients':<40} "
            f"{throughput(workers):7.1f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
