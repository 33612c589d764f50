"""Latency and throughput of the API benchmark's systems, each a function sending one request.

Latency: after a warm-up, `rounds` rounds; in each, every case runs `requests` requests
back to back on every system, the systems' order rotating from round to round and case to
case, so drift on the machine (another process, the JIT, Neo4j's caches) falls on all alike.
Each round gives a median and a p95 per system and case; the result is the median of those.

Throughput: `concurrency` clients sending back to back for `seconds`, each client with its
own connection (`make` gives a fresh request function per client).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.api.operations import Case

Send = Callable[[Case], None]
# A request function for one client of a system (its own connection for HTTP systems).
MakeSend = Callable[[], Send]


def p95(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Latency:
    """Milliseconds per request of one system on one case, kept per round."""

    rounds: list[list[float]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        medians = [statistics.median(r) for r in self.rounds]
        p95s = [p95(r) for r in self.rounds]
        return {
            "medianMs": round(statistics.median(medians), 3),
            "p95Ms": round(statistics.median(p95s), 3),
            "roundMediansMs": [round(m, 3) for m in medians],
            "requests": sum(len(r) for r in self.rounds),
        }


def _rotated(names: list[str], by: int) -> list[str]:
    by %= len(names)
    return names[by:] + names[:by]


def _timed(send: Send, case: Case, requests: int) -> list[float]:
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        send(case)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure_latency(
    systems: dict[str, Send], cases: list[Case], rounds: int, requests: int, warmup: int
) -> dict[str, dict[str, Latency]]:
    """Latency per case label and system name."""
    names = list(systems)
    for case in cases:
        for name in names:
            _timed(systems[name], case, warmup)
    found = {case.label: {name: Latency() for name in names} for case in cases}
    for number in range(rounds):
        for index, case in enumerate(cases):
            for name in _rotated(names, number + index):
                found[case.label][name].rounds.append(_timed(systems[name], case, requests))
    return found


def requests_per_second(make: MakeSend, case: Case, concurrency: int, seconds: float) -> float:
    """Requests answered per second by `concurrency` clients sending back to back."""
    sends = [make() for _ in range(concurrency)]
    done = [0] * concurrency
    failures: list[BaseException] = []
    start = threading.Barrier(concurrency + 1)
    until = [0.0]

    def client(slot: int) -> None:
        send = sends[slot]
        start.wait()
        try:
            while time.perf_counter() < until[0]:
                send(case)
                done[slot] += 1
        except BaseException as exc:  # reported below, the run is void
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(concurrency)]
    for thread in threads:
        thread.start()
    until[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise failures[0]
    return sum(done) / elapsed


def measure_throughput(
    makers: dict[str, MakeSend], cases: list[Case], concurrency: int, seconds: float
) -> dict[str, dict[str, float]]:
    """Requests per second per case label and system name (systems' order rotating)."""
    names = list(makers)
    found: dict[str, dict[str, float]] = {}
    for index, case in enumerate(cases):
        found[case.label] = {}
        for name in _rotated(names, index):
            rate = requests_per_second(makers[name], case, concurrency, seconds)
            found[case.label][name] = round(rate, 1)
    return found
