"""Writing batches on a thread of their own, so that reading and transforming the source
overlaps with the server's work on the batch before.

Reading SQLite or PostgreSQL and transforming rows is Python work on one core; a batch's
transaction is Neo4j's work on the other. Done one after the other, each waits for the other.
The writer keeps the batches' order (one thread, first in, first out), so a relationship's
batch still runs after the batches that create its ends; at most `depth` batches wait,
so memory stays flat whatever the source's size. The first failure stops the writer: what
waits is dropped, and the error is raised to the caller at its next `submit` or at `close`.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from loaders.load import Counts, CountsByKind


class Named(Protocol):
    """A kind of batch; the counts are kept per name."""

    @property
    def name(self) -> str: ...


K = TypeVar("K", bound=Named)
Records = list[dict[str, Any]]
_DONE = None


class PipelinedWriter(Generic[K]):
    """Runs `write(kind, batch)` for every submitted batch, in order, on one thread."""

    def __init__(self, write: Callable[[K, Records], Counts], depth: int = 2) -> None:
        self.counts = CountsByKind()
        self._write = write
        self._queue: queue.Queue[tuple[K, Records] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="graph-writer", daemon=True)
        self._thread.start()

    def submit(self, kind: K, batch: Records) -> None:
        self._raise_if_failed()
        while True:
            try:
                self._queue.put((kind, batch), timeout=0.5)
                return
            except queue.Full:
                # The writer may have failed while we waited for room.
                self._raise_if_failed()

    def close(self) -> CountsByKind:
        """Wait until every submitted batch is written; raise the writer's error, if any."""
        self._queue.put(_DONE)
        self._thread.join()
        self._raise_if_failed()
        return self.counts

    def abandon(self) -> None:
        """Stop after the batch being written (on the caller's own failure)."""
        self._error = self._error or _Abandoned()
        self._queue.put(_DONE)
        self._thread.join()

    def _raise_if_failed(self) -> None:
        if self._error is not None and not isinstance(self._error, _Abandoned):
            raise self._error

    def _run(self) -> None:
        while (item := self._queue.get()) is not _DONE:
            if self._error is not None:
                continue  # after a failure, what waits is dropped
            kind, batch = item
            try:
                self.counts.for_kind(kind.name).add(self._write(kind, batch))
            except BaseException as exc:  # handed to the caller's thread, raised there
                self._error = exc


class _Abandoned(Exception):
    pass
