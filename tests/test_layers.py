"""Layers import downward only: the CLI above everything, the API and the migration over the
graph, and neither of those two the other; the benchmarks (`bench/`, not installed) above them
all, imported by none. Imports by name string count as well
(`importlib.import_module("api.schema")`, uvicorn's `"api.app:create_app"`)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each layer and the packages it must never import.
FORBIDDEN = {
    "graph": ("api", "loaders", "catalog_cli", "bench"),
    "api": ("loaders", "catalog_cli", "bench"),
    "loaders": ("api", "catalog_cli", "bench"),
    "catalog_cli": ("bench",),
}
PACKAGES = ("graph", "api", "loaders", "catalog_cli", "bench")
# A module named in a string: `pkg.module`, `pkg.module:attr`, `pkg:attr`.
MODULE_STRING = re.compile(
    r"^([a-z_]+)((\.[a-z_][a-z0-9_]*)+(:[A-Za-z_][\w.]*)?|:[A-Za-z_][\w.]*)$"
)
IMPORT_CALLS = {"import_module", "__import__", "find_spec"}


def imported(source: str) -> Iterator[tuple[int, str]]:
    """Every module `source` imports, by statement or by name string: (line, module)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and _called_name(node.func) in IMPORT_CALLS:
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield node.lineno, arg.value
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found = MODULE_STRING.match(node.value)
            if found and found.group(1) in PACKAGES:
                yield node.lineno, node.value.split(":", 1)[0]


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def violations(layer: str, source: str) -> list[str]:
    return sorted(
        {
            f"line {line} imports {module}"
            for line, module in imported(source)
            if module.split(".", 1)[0] in FORBIDDEN[layer]
        }
    )


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    found = {
        str(path.relative_to(ROOT)): problems
        for path in sorted((ROOT / layer).rglob("*.py"))
        if (problems := violations(layer, path.read_text("utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    "source",
    [
        "import api.schema",
        "from loaders import migrate",
        "from catalog_cli.main import cli",
        "import importlib\nimportlib.import_module('api.schema')",
        "from importlib import import_module\nimport_module('loaders')",
        "__import__('catalog_cli.commands')",
        "import uvicorn\nuvicorn.run('api.app:create_app', factory=True)",
        "APP = 'api:app'",
        "def f():\n    from api.settings import ApiSettings\n    return ApiSettings",
        "from bench.common.instance import BenchInstance",
        "COMMAND = [sys.executable, '-m', 'bench.loader.naive']",
    ],
)
def test_upward_imports_are_seen_however_they_are_written(source: str) -> None:
    assert violations("graph", source)


@pytest.mark.parametrize(
    "source",
    [
        "from graph.connection import Graph",
        "log = logging.getLogger('catalog.api')",
        "'''The API (api/app.py) serves loaders' results.'''",
        "NAME = 'api'",
        "from . import sibling",
    ],
)
def test_downward_imports_and_plain_words_are_not_upward_imports(source: str) -> None:
    assert not violations("graph", source)
