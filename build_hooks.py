"""The wheel's build step: GraphiQL's browser assets copied into the `api` package.

Why a build step rather than committed copies: the assets are npm packages pinned by
`web/package-lock.json` (graphiql.min.js alone is megabytes), so the repository keeps the
lockfile and each build takes the files from `web/node_modules`, running `npm ci` there first
when they are missing and npm is on PATH. A non-editable build without them stops with a
message saying how to get them, since a wheel that serves a broken GraphiQL page is worse
than no wheel; CATALOG_WHEEL_WITHOUT_GRAPHIQL=1 builds one anyway (the page then says what is
missing). Editable installs copy nothing: they serve `web/node_modules` in place.

Runs inside setuptools (pyproject.toml: [tool.setuptools.cmdclass]), before the project's
dependencies are installed, so it imports only the standard library and setuptools.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
WEB = ROOT / "web"
SKIP_VARIABLE = "CATALOG_WHEEL_WITHOUT_GRAPHIQL"


class GraphiQLAssetsMissing(RuntimeError):
    """The assets are not in web/node_modules and could not be installed there."""


def load_asset_list() -> ModuleType:
    """`api/vendor_assets.py` by path: importing `api` would need its dependencies."""
    spec = importlib.util.spec_from_file_location(
        "vendor_assets", ROOT / "api" / "vendor_assets.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def asset_copies(node_modules: Path, target: Path) -> list[tuple[Path, Path]]:
    """(source in node_modules, destination in the built package) for every asset."""
    assets = load_asset_list()
    return [
        (node_modules / folder / file, target / assets.PACKAGED_FOLDER / name / file)
        for name, (folder, files) in assets.VENDOR_FILES.items()
        for file in files
    ]


def ensure_installed(copies: list[tuple[Path, Path]]) -> None:
    """Install web/node_modules from the lockfile when an asset is missing and npm exists."""
    if all(source.is_file() for source, _ in copies):
        return
    npm = shutil.which("npm")
    if npm is None:
        missing = [str(s.relative_to(ROOT)) for s, _ in copies if not s.is_file()]
        raise GraphiQLAssetsMissing(
            "GraphiQL's assets are missing (" + ", ".join(missing) + ") and npm is not on "
            "PATH; run scripts/browser-setup (or: npm ci --prefix web) before building, or set "
            f"{SKIP_VARIABLE}=1 to build a wheel without GraphiQL"
        )
    subprocess.run(
        [npm, "ci", "--prefix", str(WEB), "--no-audit", "--no-fund", "--loglevel=error"],
        check=True,
    )


class BuildPyWithGraphiQL(build_py):
    """setuptools' build_py, then the assets into <build>/api/vendor/."""

    def run(self) -> None:
        super().run()
        if self.editable_mode or os.environ.get(SKIP_VARIABLE) == "1":
            return
        copies = asset_copies(WEB / "node_modules", Path(self.build_lib) / "api")
        ensure_installed(copies)
        for source, destination in copies:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
