"""Run the project's commands as a user would, from the repository root."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CATALOG = REPO_ROOT / ".venv" / "bin" / "catalog"


def run(
    args: list[str],
    env: dict[str, str] | None = None,
    timeout: float = 300,
    cwd: Path = REPO_ROOT,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def catalog(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `catalog` console command."""
    return run([str(CATALOG), *args], env=env)


def neo4j_script(*args: str) -> subprocess.CompletedProcess[str]:
    return run([str(REPO_ROOT / "scripts" / "neo4j"), *args])
