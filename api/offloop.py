"""GraphQL requests run on event loops of their own, one request per loop, so the server's
loop stays free and a request may block its own loop on the driver.

Parsing, validating and completing a large answer, and encoding it as JSON, are Python work
that holds whichever event loop runs them; on uvicorn's loop they would hold `/health`,
`/ready` and every other connection too. `OffLoop` runs the wrapped ASGI app on a loop in a
thread of its own and carries its `receive` and `send` back to the server's loop, so the
server's loop only moves bytes.

The loops are a pool (`LoopPool`, API_REQUEST_THREADS of them, started as they are first
needed). A request takes an idle one, and while it has that loop to itself (`owns_loop()`),
its resolvers call the synchronous driver right there (`api/context.py::call_graph`): a hop
to a worker thread per statement costs more CPU than the driver call itself on a busy
process (docs/benchmarks.md). When every loop is busy, a request shares the least busy one
and its statements go to worker threads, as every request's did before. Context variables
travel with the request (a task copies the context it was scheduled from).
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any, TypeVar

import uvloop
from starlette.types import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")

_OWNS_LOOP: ContextVar[bool] = ContextVar("catalog_owns_loop", default=False)


def owns_loop() -> bool:
    """True in a request that has its event loop to itself: a blocking call there holds up
    no other request."""
    return _OWNS_LOOP.get()


class WorkerLoop:
    """An event loop running in a daemon thread until `stop`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self.loop is None:
                loop = uvloop.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name=self.name, daemon=True)
                thread.start()
                self.loop, self._thread = loop, thread
            return self.loop

    def stop(self) -> None:
        with self._lock:
            loop, thread = self.loop, self._thread
            self.loop = self._thread = None
        if loop is None or thread is None:
            return
        # Let resolvers' worker threads finish, then end the loop and close it.
        future = asyncio.run_coroutine_threadsafe(loop.shutdown_default_executor(), loop)
        future.result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


class LoopPool:
    """`size` worker loops, each started when first taken; a request takes an idle one, or
    shares the least busy one when none is idle."""

    def __init__(self, name: str, size: int) -> None:
        self.loops = [WorkerLoop(f"{name}-{number}") for number in range(size)]
        self.busy = [0] * size
        self._lock = threading.Lock()

    def take(self) -> tuple[int, bool]:
        """A loop's index, and whether the caller has it to itself."""
        with self._lock:
            index = min(range(len(self.busy)), key=self.busy.__getitem__)
            self.busy[index] += 1
            return index, self.busy[index] == 1

    def give_back(self, index: int) -> None:
        with self._lock:
            self.busy[index] -= 1

    def stop(self) -> None:
        for loop in self.loops:
            loop.stop()


async def await_on(loop: asyncio.AbstractEventLoop, work: Awaitable[T]) -> T:
    """Await `work` on `loop` from another loop.

    As `asyncio.run_coroutine_threadsafe` and `wrap_future` would, with one asyncio future
    and two callbacks instead of a concurrent future between two chained ones: a third of
    the CPU per crossing (docs/benchmarks.md). The task on `loop` is cancelled if the
    awaiting side is; it runs in a copy of the caller's context, as a task would.
    """
    here = asyncio.get_running_loop()
    done: asyncio.Future[T] = here.create_future()
    started: list[asyncio.Task[T]] = []

    def settle(task: asyncio.Task[T]) -> None:
        if task.cancelled():
            here.call_soon_threadsafe(_cancel, done)
        elif (error := task.exception()) is not None:
            here.call_soon_threadsafe(_fail, done, error)
        else:
            here.call_soon_threadsafe(_succeed, done, task.result())

    def start() -> None:
        if done.done():  # cancelled before it began
            if inspect.iscoroutine(work):
                work.close()
            return
        task = asyncio.ensure_future(work, loop=loop)
        started.append(task)
        task.add_done_callback(settle)

    loop.call_soon_threadsafe(start)
    try:
        return await done
    except asyncio.CancelledError:
        loop.call_soon_threadsafe(lambda: [task.cancel() for task in started])
        raise


def _succeed(future: asyncio.Future[T], value: T) -> None:
    if not future.done():
        future.set_result(value)


def _fail(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)


def _cancel(future: asyncio.Future[Any]) -> None:
    future.cancel()


class OffLoop:
    """Runs `app` on a loop of `pool`; `receive` and `send` stay on the caller's loop.

    Each crossing between the loops wakes the other thread (and the two threads then contend
    for the GIL), which costs more CPU than uvicorn and starlette spend on a whole request,
    so a request crosses as few times as it can: its first body message is read before the
    app is handed over, and the answer (start and body) is kept until the app returns and
    then sent from the server's loop. A request then crosses there and back once; only a
    streamed body crosses per part.
    """

    def __init__(self, app: ASGIApp, pool: LoopPool) -> None:
        self.app = app
        self.pool = pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        index, alone = self.pool.take()
        try:
            await self._on_pool_loop(scope, receive, send, index, alone)
        finally:
            self.pool.give_back(index)

    async def _on_pool_loop(
        self, scope: Scope, receive: Receive, send: Send, index: int, alone: bool
    ) -> None:
        server_loop = asyncio.get_running_loop()
        worker_loop = self.pool.loops[index].start()
        if scope["type"] != "http":
            crossing_receive, crossing_send = _crossing(receive, send, server_loop)
            await await_on(worker_loop, self.app(scope, crossing_receive, crossing_send))
            return
        first: list[Message] = [await receive()]
        held: list[Message] = []

        async def receive_there() -> Message:
            if first:
                return first.pop()
            return await await_on(server_loop, receive())

        async def send_all(messages: list[Message]) -> None:
            for message in messages:
                await send(message)

        async def send_there(message: Message) -> None:
            held.append(message)
            if message["type"] == "http.response.body" and message.get("more_body", False):
                # A streamed body goes out as it comes, each part waited for (backpressure).
                messages = held[:]
                held.clear()
                await await_on(server_loop, send_all(messages))

        await await_on(worker_loop, self._run(alone, scope, receive_there, send_there))
        # The answer (a start and its whole body) is sent from here, once the app is done:
        # no crossing of its own. A start without a body is uvicorn's to judge.
        await send_all(held)

    async def _run(self, alone: bool, scope: Scope, receive: Receive, send: Send) -> None:
        _OWNS_LOOP.set(alone)  # in this task's own copy of the context
        await self.app(scope, receive, send)


def _crossing(
    receive: Receive, send: Send, server_loop: asyncio.AbstractEventLoop
) -> tuple[Receive, Send]:
    """`receive` and `send` as callables from the worker's loop, each call a crossing."""

    async def receive_there() -> Message:
        return await await_on(server_loop, receive())

    async def send_there(message: Message) -> None:
        await await_on(server_loop, send(message))

    return receive_there, send_there
