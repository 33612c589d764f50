"""The reference client in a real browser: how long the first list takes to draw, and a tick.

Starts the API (uvicorn, a free port) over NEO4J_URI, drives Debian's Chromium with
Playwright, and prints, per round, the time from navigation to the first card and the facet
counts drawn, and from ticking the first goal to the narrowed list drawn. The median of the
rounds is the figure; run it on a catalog of each scale (`catalog generate --scale N`).

    python -m bench.api.web_timing --rounds 5      # against NEO4J_URI, holding any catalog
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CATALOG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the API did not answer /health within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    port = free_port()
    server = serve(port)
    first: list[float] = []
    tick: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(rounds):
                context = browser.new_context(viewport={"width": 1280, "height": 860})
                page = context.new_page()
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.locator("#results > li").first.wait_for()
                page.locator("#facet-groups .count").first.wait_for()
                first.append(time.perf_counter() - started)
                before = page.locator("#total").inner_text()
                started = time.perf_counter()
                page.locator('[data-facet="Goals"] input').first.check()
                page.wait_for_function(
                    "before => document.querySelector('#total')?.textContent !== before"
                    " && !document.querySelector('[aria-busy=true]')",
                    arg=before,
                )
                tick.append(time.perf_counter() - started)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    for name, values in (("first list render", first), ("facet tick", tick)):
        each = ", ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{name:18} median {statistics.median(values) * 1000:6.0f} ms  (rounds: {each})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
