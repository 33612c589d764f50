"""The wheel's build step (build_hooks.py): which files it packages, and what it says when it
cannot find them. (The whole build is exercised by tests/e2e/test_wheel_install.py.)"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from api import graphiql

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hooks() -> ModuleType:
    # A build-time file at the repository root, not a package: loaded by path as setuptools does.
    spec = importlib.util.spec_from_file_location("build_hooks", ROOT / "build_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_packages_exactly_the_files_the_page_loads(
    hooks: ModuleType, tmp_path: Path
) -> None:
    copies = hooks.asset_copies(ROOT / "web" / "node_modules", tmp_path / "api")
    packaged = {dest.relative_to(tmp_path / "api" / "vendor").as_posix() for _, dest in copies}
    served = {f"{name}/{file}" for name, (_, files) in graphiql.VENDOR.items() for file in files}
    assert packaged == served
    page = graphiql.graphiql_html()
    assert all(f"/vendor/{path}" in page for path in packaged)


def test_missing_assets_without_npm_stop_the_build_saying_how_to_get_them(
    hooks: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = hooks.asset_copies(tmp_path / "web" / "node_modules", tmp_path / "build")
    monkeypatch.setenv("PATH", str(tmp_path))  # no npm on it
    monkeypatch.setattr(hooks, "ROOT", tmp_path)  # a checkout without node_modules
    with pytest.raises(hooks.GraphiQLAssetsMissing) as refused:
        hooks.ensure_installed(copies)
    message = str(refused.value)
    assert "web/node_modules/graphiql/graphiql.min.js" in message
    assert "scripts/browser-setup" in message and "CATALOG_WHEEL_WITHOUT_GRAPHIQL=1" in message


def test_present_assets_need_no_npm(
    hooks: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    copies = hooks.asset_copies(tmp_path / "node_modules", tmp_path / "build")
    for source, _ in copies:
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("/* asset */")
    hooks.ensure_installed(copies)  # returns without looking for npm
    assert all(source.is_file() for source, _ in copies)
