"""GraphQL requests run on an event loop of their own, so the server's loop stays free.

Parsing, validating and completing a large answer, and encoding it as JSON, are Python work
that holds whichever event loop runs them; on uvicorn's loop they would hold `/health`,
`/ready` and every other connection too. `OffLoop` runs the wrapped ASGI app on a loop in a
thread of its own and carries its `receive` and `send` back to the server's loop, so the
server's loop only moves bytes. Resolvers still hand their Cypher to worker threads
(`api/context.py::read`), now from the GraphQL loop. Context variables travel with the
request (a task copies the context it was scheduled from).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable
from typing import TypeVar

import uvloop
from starlette.types import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")


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


async def _on(loop: asyncio.AbstractEventLoop, work: Awaitable[T]) -> T:
    """Await `work` (a coroutine) on `loop` from another loop."""
    return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, loop))  # type: ignore[arg-type]


class OffLoop:
    """Runs `app` on `worker`'s loop; `receive` and `send` stay on the caller's loop.

    Each crossing between the loops wakes the other thread and builds two futures, so an
    HTTP request crosses as few times as it can: its first body message is read before the
    app is handed over, and a response's start is held back and sent with its first body
    message. A request then crosses twice (the call, and the answer), not four times.
    """

    def __init__(self, app: ASGIApp, worker: WorkerLoop) -> None:
        self.app = app
        self.worker = worker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        server_loop = asyncio.get_running_loop()
        worker_loop = self.worker.start()
        if scope["type"] != "http":
            crossing_receive, crossing_send = _crossing(receive, send, server_loop)
            await _on(worker_loop, self.app(scope, crossing_receive, crossing_send))
            return
        first: list[Message] = [await receive()]
        held: list[Message] = []

        async def receive_there() -> Message:
            if first:
                return first.pop()
            return await _on(server_loop, receive())

        async def send_all(messages: list[Message]) -> None:
            for message in messages:
                await send(message)

        async def send_there(message: Message) -> None:
            if message["type"] == "http.response.start":
                held.append(message)
                return
            messages = [*held, message]
            held.clear()
            await _on(server_loop, send_all(messages))

        await _on(worker_loop, self.app(scope, receive_there, send_there))
        if held:  # a start the app sent no body after: uvicorn decides what that means
            await send_all(held)


def _crossing(
    receive: Receive, send: Send, server_loop: asyncio.AbstractEventLoop
) -> tuple[Receive, Send]:
    """`receive` and `send` as callables from the worker's loop, each call a crossing."""

    async def receive_there() -> Message:
        return await _on(server_loop, receive())

    async def send_there(message: Message) -> None:
        await _on(server_loop, send(message))

    return receive_there, send_there
