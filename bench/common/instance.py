"""A Neo4j instance of `scripts/neo4j` owned by the benchmark: start, stop, empty, import.

The benchmark never touches the `default`/`test` instances: it names its own (`benchload`
by default) with ports of its own, passed to the script as NEO4J_BOLT_PORT/NEO4J_HTTP_PORT.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from graph.connection import connected
from graph.errors import CatalogError
from graph.settings import load_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "neo4j"
RUNTIME_POM = REPO_ROOT / "scripts" / "neo4j-runtime" / "pom.xml"


class InstanceError(Exception):
    """scripts/neo4j failed; the message carries the end of its output."""


def free_ports(n: int) -> list[int]:
    """`n` distinct TCP ports nothing listens on right now (for a test's own instance)."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]


@dataclass(frozen=True)
class BenchInstance:
    name: str = "benchload"
    bolt_port: int = 7731
    http_port: int = 7531
    heap: str | None = None  # None: the script's default (2g)
    pagecache: str | None = None

    @classmethod
    def of_a_test(cls, prefix: str) -> BenchInstance:
        """An instance of a test's own: free ports, small memory, named after the process (so
        parallel sessions do not share one)."""
        bolt, http = free_ports(2)
        return cls(f"{prefix}-{os.getpid()}", bolt, http, heap="512m", pagecache="128m")

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def home(self) -> Path:
        root = Path(os.environ.get("CATALOG_NEO4J_HOME", REPO_ROOT / ".neo4j"))
        return root / self.name

    def env(self) -> dict[str, str]:
        """The environment for scripts/neo4j and for `catalog` commands aimed at this instance."""
        env = {
            **os.environ,
            "NEO4J_BOLT_PORT": str(self.bolt_port),
            "NEO4J_HTTP_PORT": str(self.http_port),
            "NEO4J_URI": self.uri,
        }
        if self.heap:
            env["NEO4J_HEAP"] = self.heap
        if self.pagecache:
            env["NEO4J_PAGECACHE"] = self.pagecache
        return env

    def script(self, *args: str, timeout: float = 600) -> str:
        done = subprocess.run(
            [str(SCRIPT), *args],
            cwd=REPO_ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
            raise InstanceError(f"scripts/neo4j {' '.join(args)} failed:\n{tail}")
        return done.stdout + done.stderr

    def start(self, online_within: float = 120) -> None:
        """Start, and return once the `neo4j` database answers a query (Bolt answering
        first is not enough: the database may still be starting)."""
        self.script("start", self.name)
        deadline = time.monotonic() + online_within
        while True:
            try:
                with connected(load_settings(NEO4J_URI=self.uri)):
                    return
            except CatalogError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def stop(self) -> None:
        self.script("stop", self.name)

    def reset(self) -> None:
        """Stop and delete everything of the instance (data, logs, config)."""
        self.script("reset", self.name)

    def wipe(self) -> None:
        """Stop and delete the `neo4j` database's store and logs; the next start creates it
        empty (the system database and the password stay)."""
        self.stop()
        for folder in ("databases", "transactions"):
            shutil.rmtree(self.home / "data" / folder / "neo4j", ignore_errors=True)

    def import_command(self, args_file: Path) -> list[str]:
        """neo4j-admin's full import of a `catalog export-csv` folder (instance stopped)."""
        return [
            str(SCRIPT),
            "admin",
            self.name,
            "database",
            "import",
            "full",
            f"@{args_file}",
            "--overwrite-destination",
            f"--report-file={self.home / 'logs' / 'import.report'}",
            "neo4j",
        ]


def neo4j_version() -> str:
    """The Neo4j version scripts/neo4j runs (from its Maven pom)."""
    text = RUNTIME_POM.read_text(encoding="utf-8")
    start = text.index("<neo4j.version>") + len("<neo4j.version>")
    return text[start : text.index("</neo4j.version>")]
