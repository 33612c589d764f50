"""The two HTTP servers of the API benchmark, each started on a free port and stopped after:
`catalog serve` (one uvicorn worker) and the @neo4j/graphql Node server of
bench/api/neo4j_graphql/, whose npm packages are installed on demand (`npm ci`, skipped while a
stamp matches package-lock.json, as scripts/browser-setup does for web/).
"""

from __future__ import annotations

import hashlib
import http.client
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common.instance import REPO_ROOT, free_ports

CATALOG = REPO_ROOT / ".venv" / "bin" / "catalog"
NODE_DIR = REPO_ROOT / "bench" / "api" / "neo4j_graphql"
START_SECONDS = 120


class ServerError(Exception):
    """A server did not start or did not answer; the message carries the end of its log."""


def node_stamp() -> Path:
    digest = hashlib.sha256((NODE_DIR / "package-lock.json").read_bytes()).hexdigest()[:16]
    return NODE_DIR / "node_modules" / f".installed-{digest}"


def install_node_packages() -> bool:
    """`npm ci` in bench/api/neo4j_graphql unless the installed packages match the lock file;
    True when it installed. Needs node 20+ and npm, and the npm registry."""
    if node_stamp().exists():
        return False
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise ServerError(
            "node and npm are needed for @neo4j/graphql (Debian: apt-get install npm)"
        )
    done = subprocess.run(
        ["npm", "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ServerError(f"npm ci in {NODE_DIR} failed:\n{(done.stdout + done.stderr)[-2000:]}")
    for old in (NODE_DIR / "node_modules").glob(".installed-*"):
        old.unlink()
    node_stamp().touch()
    return True


def _answers(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@contextmanager
def _serving(
    args: list[str], env: dict[str, str], cwd: Path, log: Path, port: int, ready_path: str
) -> Iterator[subprocess.Popen[bytes]]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + START_SECONDS
            while not _answers(port, ready_path):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                    raise ServerError(f"{' '.join(args)} did not become ready:\n{tail}")
                time.sleep(0.2)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def catalog_api(env: dict[str, str], log: Path) -> Iterator[int]:
    """`catalog serve` with one worker against env's NEO4J_URI; yields its port once /ready."""
    with catalog_api_process(env, log) as (port, _pid):
        yield port


@contextmanager
def catalog_api_process(env: dict[str, str], log: Path) -> Iterator[tuple[int, int]]:
    """`catalog serve` as `catalog_api`; yields its port and process id (one worker: uvicorn
    serves in the process it was started in)."""
    (port,) = free_ports(1)
    args = [str(CATALOG), "serve", "--port", str(port), "--workers", "1"]
    with _serving(args, env, REPO_ROOT, log, port, "/ready") as process:
        yield port, process.pid


@contextmanager
def neo4j_graphql(env: dict[str, str], password: str, log: Path) -> Iterator[int]:
    """The @neo4j/graphql server against env's NEO4J_URI; yields its port once /health."""
    install_node_packages()
    (port,) = free_ports(1)
    node_env = {**env, "PORT": str(port), "NEO4J_PASSWORD": password}
    with _serving(["node", "server.mjs"], node_env, NODE_DIR, log, port, "/health"):
        yield port
