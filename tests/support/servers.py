"""Servers the tests start as subprocesses: a free loopback port, and waiting until one answers."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(
    process: subprocess.Popen[bytes],
    url: str,
    log: Path,
    seconds: float = 60,
    accept: range = range(200, 201),
) -> None:
    """Poll `url` until it answers (200, or a status in `accept`); fail with the server's log
    if it exits or never does."""
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, f"the server exited:\n{log.read_text()}"
        try:
            if httpx.get(url, timeout=1).status_code in accept:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, (
            f"{url} did not answer in {seconds} s:\n{log.read_text()}"
        )
        time.sleep(0.2)
