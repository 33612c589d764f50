"""GraphQL requests on loops of their own (api/offloop.py): a request alone on its loop sends
its statements from that loop's thread, with no hop to a worker thread; when every loop is
busy, requests share one and their statements go to worker threads; either way the answers
are the same."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, LiteralString

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.offloop import LoopPool, WorkerLoop, await_on
from api.settings import ApiSettings
from graph.connection import Graph, Records

QUERY = "{ goals(limit: 3) { name } }"


class ThreadRecordingGraph(Graph):
    """The same driver, noting the thread each compiled read runs on; `pause` makes every
    read slow, so concurrent requests overlap."""

    def __init__(self, graph: Graph, pause: float = 0.0) -> None:
        super().__init__(graph.driver, graph.settings)
        self.threads: list[str] = []
        self.pause = pause

    def read_plain(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> Records:
        self.threads.append(threading.current_thread().name)
        time.sleep(self.pause)
        return super().read_plain(query, params)


def test_the_pool_gives_a_loop_to_one_request_then_shares_the_least_busy() -> None:
    pool = LoopPool("t", 2)
    first, second, third = pool.take(), pool.take(), pool.take()
    assert [first[1], second[1], third[1]] == [True, True, False]
    assert {first[0], second[0]} == {0, 1}
    pool.give_back(third[0])
    pool.give_back(first[0])
    assert pool.take() == (first[0], True)
    assert pool.take()[1] is False


def test_a_request_alone_on_its_loop_reads_from_that_loops_thread(
    catalog: Graph, api_settings: ApiSettings
) -> None:
    graph = ThreadRecordingGraph(catalog)
    with TestClient(create_app(api_settings, graph)) as client:
        for _ in range(3):
            answer = client.post("/graphql", json={"query": QUERY}).json()
            assert len(answer["data"]["goals"]) == 3, answer
    assert len(graph.threads) == 3
    assert all(name.startswith("graphql-") for name in graph.threads), graph.threads


def test_requests_beyond_the_loops_share_them_and_answer_alike(
    catalog: Graph, api_settings: ApiSettings
) -> None:
    settings = api_settings.model_copy(update={"api_request_threads": 1})
    graph = ThreadRecordingGraph(catalog, pause=0.2)
    expected = catalog.read("MATCH (g:Goal) RETURN count(g) AS n")[0]["n"]
    with TestClient(create_app(settings, graph)) as client:

        def send(_: int) -> dict[str, Any]:
            data: dict[str, Any] = client.post("/graphql", json={"query": QUERY}).json()
            return data

        with ThreadPoolExecutor(4) as senders:
            answers = list(senders.map(send, range(4)))
    assert all(len(a["data"]["goals"]) == min(3, expected) for a in answers), answers
    assert answers.count(answers[0]) == 4
    on_loop = [name for name in graph.threads if name == "graphql-0"]
    # At least the first request had the loop alone; the overlapping ones did not.
    assert 1 <= len(on_loop) < 4, graph.threads


def test_a_crossing_carries_results_errors_context_and_cancellation() -> None:
    worker = WorkerLoop("t-crossing")
    there = worker.start()
    seen: ContextVar[str] = ContextVar("seen", default="-")
    cancelled = threading.Event()

    async def answer() -> tuple[str, str]:
        return threading.current_thread().name, seen.get()

    async def fail() -> None:
        raise KeyError("from the other loop")

    async def forever() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def caller() -> None:
        seen.set("the caller's")
        assert await await_on(there, answer()) == ("t-crossing", "the caller's")
        with pytest.raises(KeyError, match="from the other loop"):
            await await_on(there, fail())
        waiting = asyncio.ensure_future(await_on(there, forever()))
        await asyncio.sleep(0.1)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    try:
        asyncio.run(caller())
        assert cancelled.wait(5), "the task on the other loop was not cancelled"
    finally:
        worker.stop()
