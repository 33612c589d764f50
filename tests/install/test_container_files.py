"""The Docker image and docker-compose.yml, checked by reading them (no Docker engine here).

What they must do (docs/operations.md, "docker compose"): the image installs the wheel (with
GraphiQL's assets) and listens on 0.0.0.0; compose migrates once in a one-shot service that
never reverts edits, then serves with tokens and CORS origins from the environment.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.settings import load_api_settings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text("utf-8")
DOCKERIGNORE = (ROOT / ".dockerignore").read_text("utf-8").splitlines()


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    return loaded


def stages(dockerfile: str) -> list[str]:
    """The Dockerfile's stages, each as its text from its FROM line on."""
    starts = [m.start() for m in re.finditer(r"^FROM ", dockerfile, re.MULTILINE)]
    return [dockerfile[a:b] for a, b in zip(starts, [*starts[1:], len(dockerfile)], strict=True)]


def env_of(stage: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for block in re.findall(r"^ENV ((?:.*\\\n)*.*)$", stage, re.MULTILINE):
        pairs.update(re.findall(r"(\w+)=(\S+)", block))
    return pairs


def test_the_image_listens_on_every_interface_of_its_container() -> None:
    runtime = stages(DOCKERFILE)[-1]
    assert env_of(runtime)["API_HOST"] == "0.0.0.0"
    assert re.search(r'^CMD \["catalog", "serve"\]', runtime, re.MULTILINE)


def test_the_image_settings_are_ones_the_api_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    runtime_env = env_of(stages(DOCKERFILE)[-1])
    for name in ("API_HOST", "API_PORT"):
        monkeypatch.setenv(name, runtime_env[name])
    settings = load_api_settings()
    assert (settings.api_host, settings.api_port) == ("0.0.0.0", int(runtime_env["API_PORT"]))


def test_the_image_builds_the_wheel_with_graphiqls_assets_from_the_lockfile() -> None:
    assets, wheel, runtime = stages(DOCKERFILE)
    assert "npm ci" in assets and "web/package-lock.json" in assets
    assert "--from=graphiql-assets" in wheel and "pip wheel" in wheel
    assert "build_hooks.py" in wheel
    # Every package the wheel is made of is copied into the build stage.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    packages = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    for pattern in packages:
        name = pattern.rstrip("*")
        assert re.search(rf"^COPY {name}/ {name}/$", wheel, re.MULTILINE), name
    # The runtime has the installed wheel and the bundled data, not the source tree.
    assert "pip install" in runtime and "/wheels/" in runtime
    assert not re.search(r"^COPY (api|graph|loaders)/", runtime, re.MULTILINE)
    assert "**/node_modules" in DOCKERIGNORE


def test_compose_migrates_once_in_a_one_shot_service(compose: dict[str, Any]) -> None:
    migrate = compose["services"]["migrate"]
    assert migrate["restart"] == "no"
    command = migrate["command"]
    assert command[:2] == ["catalog", "migrate"] and "--once" in command
    assert migrate["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert "backups:/app/backups" in migrate["volumes"]


def test_compose_serves_only_after_the_migration_succeeded(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert api["command"] == ["catalog", "serve"]
    assert api["restart"] == "unless-stopped"
    # Both run the same image, built once from this Dockerfile.
    assert api["image"] == compose["services"]["migrate"]["image"]


def test_compose_takes_tokens_and_cors_origins_from_the_environment(
    compose: dict[str, Any],
) -> None:
    environment = compose["services"]["api"]["environment"]
    assert environment["API_TOKENS"] == "${API_TOKENS:-}"
    assert environment["API_CORS_ORIGINS"] == "${API_CORS_ORIGINS:-}"
    assert environment["API_HOST"] == "0.0.0.0"
    for service in ("api", "migrate"):
        env = compose["services"][service]["environment"]
        assert env["NEO4J_URI"] == "bolt://neo4j:7687"
        assert env["NEO4J_PASSWORD"] == "${NEO4J_PASSWORD:-catalog-dev-password}"


def test_compose_publishes_ports_on_loopback_only(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_the_first_run_and_restart_scenario_is_written_down() -> None:
    operations = (ROOT / "docs" / "operations.md").read_text("utf-8")
    section = operations.split("## docker compose", 1)[1].split("\n## ", 1)[0]
    for step in ("**First run**", "**Restarts**", "--once", "API_TOKENS", "API_CORS_ORIGINS"):
        assert step in section, step
