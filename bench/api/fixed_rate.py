"""A fixed-rate load on the GraphQL API: the contract's reads and a share of writes.

Open loop: a request starts every 1/rate seconds whatever the earlier ones are doing (so a
slow server shows as latency, not as a lower rate). Reports the rate achieved, errors (HTTP
non-200, GraphQL errors, ValidationErrors) and latency percentiles.

    python -m bench.api.fixed_rate --url http://127.0.0.1:8000/graphql --rate 20 --seconds 10 \
        --token "$EDITOR_TOKEN"
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from api.graphiql import CONTRACT

# The frontend's own operations (api/contract/operations.graphql), as it sends them: the
# document and an operation name.
CONTRACT_TEXT = CONTRACT.read_text(encoding="utf-8")
READS: list[tuple[str, str, dict[str, Any]]] = [
    ("TechniqueList", CONTRACT_TEXT, {"first": 20}),
    ("Taxonomy", CONTRACT_TEXT, {}),
    ("Coverage", CONTRACT_TEXT, {}),
    ("Search", CONTRACT_TEXT, {"phrase": "fair", "limit": 10}),
]
WRITE = (
    "UpdateTechnique",
    "mutation UpdateTechnique($slug: String!, $input: TechniqueInput!) { updateTechnique(slug: "
    "$slug, input: $input) { __typename ... on Technique { slug version } "
    "... on ValidationError { rule message } } }",
)


@dataclass
class LoadReport:
    rate: float
    seconds: float
    sent: int = 0
    errors: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        values = sorted(self.latencies_ms)
        if not values:
            return 0.0
        return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]

    def summary(self) -> dict[str, Any]:
        return {
            "rate": self.rate,
            "seconds": self.seconds,
            "sent": self.sent,
            "achieved_rate": round(self.sent / self.seconds, 1) if self.seconds else 0,
            "errors": len(self.errors),
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0,
        }


def run_load(
    url: str,
    rate: float,
    seconds: float,
    token: str | None = None,
    write_slug: str | None = None,
    write_every: int = 5,
    timeout: float = 10.0,
) -> LoadReport:
    """Send `rate` requests a second for `seconds`; every `write_every`th is an update of
    `write_slug` (when given and a token is)."""
    report = LoadReport(rate=rate, seconds=seconds)
    lock = threading.Lock()
    client = httpx.Client(timeout=timeout)
    reads = itertools.cycle(READS)
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    def one(n: int) -> None:
        if write_slug and token and n % write_every == 0:
            name, query = WRITE
            variables: dict[str, Any] = {"slug": write_slug, "input": {"description": f"load {n}"}}
        else:
            name, query, variables = next(reads)
        started = time.perf_counter()
        try:
            response = client.post(
                url,
                json={"query": query, "variables": variables, "operationName": name},
                headers=headers,
            )
            ok = response.status_code == 200 and not response.json().get("errors")
            ok = ok and "ValidationError" not in response.text
            problem = None if ok else f"{name}: {response.status_code} {response.text[:200]}"
        except httpx.HTTPError as exc:
            problem = f"{name}: {type(exc).__name__}"
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            report.latencies_ms.append(elapsed)
            if problem:
                report.errors.append(problem)

    total = int(rate * seconds)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(4, int(rate))) as pool:
        for n in range(total):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, n)
            report.sent += 1
    report.seconds = round(time.perf_counter() - start, 2)
    client.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/graphql")
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--token", default=None, help="an editor token, for the writes")
    parser.add_argument("--slug", default=None, help="the technique the writes update")
    args = parser.parse_args(argv)
    report = run_load(args.url, args.rate, args.seconds, args.token, args.slug)
    print(json.dumps(report.summary()))
    for problem in report.errors[:10]:
        print(problem, file=sys.stderr)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
