"""The README's `catalog` examples, run as written against the test graph: each prints what
the README shows (the server's address, the source's path, timings and the test guard's own
node aside)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from graph.connection import Graph
from support.commands import CATALOG, REPO_ROOT, run

README = REPO_ROOT / "README.md"
BUNDLED_DB = ".cache/catalog-2025-07.db"
# What differs between the README's machine and the test run, in the README's text and ours.
VARYING = (
    (re.compile(r"bolt://127\.0\.0\.1:\d+"), "bolt://127.0.0.1:PORT"),
    (re.compile(r"sqlite:\S+"), "sqlite:SOURCE"),
    (re.compile(r"\bin \d+(\.\d+)?s\b"), "in Ts"),
    # The test database holds the guard's sentinel node (tests/support/guard.py).
    (re.compile(r"^nodes: \d+$"), "nodes: N"),
)


def examples() -> list[tuple[str, list[str]]]:
    """Each `$ ...catalog ...` line of the README's console blocks and the lines it shows."""
    found: list[tuple[str, list[str]]] = []
    blocks = re.findall(r"```console\n(.*?)```", README.read_text("utf-8"), flags=re.S)
    for block in blocks:
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            if "catalog " in command and not command.endswith("\\"):
                found.append((command, shown))
    return found


def normal(line: str) -> str:
    for pattern, replacement in VARYING:
        line = pattern.sub(replacement, line)
    return line.strip()


def shown_in_order(expected: list[str], printed: list[str]) -> bool:
    """The README's lines appear in the output in order (`...` in the README skips lines)."""
    remaining = iter(printed)
    return all(line == "..." or line in remaining for line in expected)


def test_the_readme_has_catalog_examples() -> None:
    assert len(examples()) >= 3


@pytest.mark.parametrize("command, shown", examples(), ids=[c for c, _ in examples()])
def test_a_readme_example_prints_what_the_readme_shows(
    command: str, shown: list[str], graph: Graph, bundled_sqlite: Path, tmp_path: Path
) -> None:
    words = shlex.split(command.replace(BUNDLED_DB, str(bundled_sqlite)))
    env = {}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert Path(words[0]).name == "catalog"
    # In a folder of its own, so what a command writes (a migration's backups/) stays there.
    result = run([str(CATALOG), *words[1:]], env=env, cwd=tmp_path)
    expected = [normal(line) for line in shown]
    printed = [normal(line) for line in (result.stdout + result.stderr).splitlines()]
    assert shown_in_order(expected, printed), (expected, printed)
    failed = any(line.startswith("catalog: error:") for line in expected)
    assert (result.returncode != 0) == failed, result.stderr
