"""Parallel writes on the real server: none lost, no duplicates."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from graph.connection import Graph
from support.write_client import (
    CREATE_GOAL,
    CREATE_TECHNIQUE,
    UPDATE_TECHNIQUE,
    WriteClient,
    technique_input,
)

THREADS = 8


def test_parallel_updates_of_one_technique_each_bump_the_version_once(
    world: WriteClient, empty: Graph
) -> None:
    slug = world.result(CREATE_TECHNIQUE, {"input": technique_input()}, role="editor")["slug"]

    def update(n: int) -> int:
        return int(
            world.result(
                UPDATE_TECHNIQUE, {"slug": slug, "input": {"description": f"d{n}"}}, role="editor"
            )["version"]
        )

    with ThreadPoolExecutor(THREADS) as pool:
        versions = list(pool.map(update, range(24)))
    assert sorted(versions) == list(range(2, 26))
    assert empty.read("MATCH (t:Technique {slug: $s}) RETURN t.version AS v", {"s": slug}) == [
        {"v": 25}
    ]


def test_parallel_updates_at_the_same_expected_version_let_exactly_one_win(
    world: WriteClient,
) -> None:
    slug = world.result(CREATE_TECHNIQUE, {"input": technique_input()}, role="editor")["slug"]

    def update(n: int) -> str:
        variables = {"slug": slug, "input": {"description": f"d{n}"}, "expectedVersion": 1}
        result = world.result(UPDATE_TECHNIQUE, variables, role="editor")
        return str(result.get("rule") or result["__typename"])

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(update, range(THREADS)))
    assert outcomes.count("Technique") == 1
    assert outcomes.count("version-conflict") == THREADS - 1


def test_parallel_creates_of_one_name_make_one_node_and_unique_name_errors(
    world: WriteClient, empty: Graph
) -> None:
    def create(n: int) -> str:
        result = world.result(
            CREATE_GOAL, {"name": "Privacy" if n % 2 else "PRIVACY ", "description": "p"}
        )
        return str(result.get("rule") or result["__typename"])

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(create, range(THREADS)))
    assert outcomes.count("Goal") == 1
    assert outcomes.count("unique-name") == THREADS - 1
    assert empty.read("MATCH (g:Goal {key: 'privacy'}) RETURN count(g) AS n") == [{"n": 1}]
