"""The writer thread of the loading pass: order kept, failures surfaced, memory bounded.

Pure: the write function here is a plain function recording what it was given, since the
pipeline's contract is about order and errors; the migration tests cover it against Neo4j.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest

from loaders.load import Counts
from loaders.pipeline import PipelinedWriter


@dataclass(frozen=True)
class Kind:
    name: str


ODD, EVEN, K = Kind("odd"), Kind("even"), Kind("k")


def recording_writer(fail_on: int | None = None, pause: float = 0.0) -> tuple[list[int], Any]:
    written: list[int] = []

    def write(kind: Kind, batch: list[dict[str, Any]]) -> Counts:
        time.sleep(pause)
        number = batch[0]["n"]
        if number == fail_on:
            raise RuntimeError(f"batch {number} refused")
        written.append(number)
        return Counts(records=len(batch), created=len(batch))

    return written, write


def test_batches_are_written_in_the_order_submitted_and_counted_per_kind() -> None:
    written, write = recording_writer(pause=0.001)
    writer = PipelinedWriter(write)

    for n in range(20):
        writer.submit(ODD if n % 2 else EVEN, [{"n": n}, {"n": n}])
    counts = writer.close()

    assert written == list(range(20))
    assert counts.for_kind("even").created == 20
    assert counts.total().records == 40


def test_a_failed_batch_stops_the_rest_and_is_raised_to_the_caller() -> None:
    written, write = recording_writer(fail_on=3)
    writer = PipelinedWriter(write)

    with pytest.raises(RuntimeError, match="batch 3 refused"):
        for n in range(50):
            writer.submit(K, [{"n": n}])
        writer.close()

    assert written == [0, 1, 2]


def test_no_more_than_depth_batches_wait_for_the_writer() -> None:
    release = threading.Event()
    started: list[int] = []

    def write(kind: Kind, batch: list[dict[str, Any]]) -> Counts:
        started.append(batch[0]["n"])
        release.wait()
        return Counts(records=1, created=1)

    writer = PipelinedWriter(write, depth=2)
    submitted: list[int] = []

    def submit_all() -> None:
        for n in range(10):
            writer.submit(K, [{"n": n}])
            submitted.append(n)

    producer = threading.Thread(target=submit_all)
    producer.start()
    time.sleep(0.3)
    # One batch in the writer's hands, two waiting, the fourth submit blocked.
    assert started == [0]
    assert submitted == [0, 1, 2]
    release.set()
    producer.join()
    assert writer.close().total().created == 10


def test_abandoning_drops_what_waits() -> None:
    written, write = recording_writer(pause=0.05)
    writer = PipelinedWriter(write)
    for n in range(3):
        writer.submit(K, [{"n": n}])

    writer.abandon()

    assert len(written) < 3
