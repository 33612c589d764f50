"""The graph's settings from the environment, with the defaults scripts/neo4j uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import ConfigError
from graph.settings import REPO_ROOT, Settings, load_settings


def read_defaults_file() -> dict[str, str]:
    pairs = {}
    for line in (REPO_ROOT / "config" / "defaults.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=", 1)
            pairs[key] = value
    return pairs


def test_code_defaults_match_the_defaults_file_the_scripts_read() -> None:
    defaults = {name: field.default for name, field in Settings.model_fields.items()}
    from_file = read_defaults_file()
    assert from_file["NEO4J_URI"] == defaults["neo4j_uri"]
    assert from_file["NEO4J_USER"] == defaults["neo4j_user"]
    assert from_file["NEO4J_PASSWORD"] == defaults["neo4j_password"].get_secret_value()
    assert from_file["NEO4J_DATABASE"] == defaults["neo4j_database"]


@pytest.mark.parametrize(
    "uri",
    [
        "bolt://127.0.0.1:7687",
        "neo4j://localhost:7687",
        "neo4j+s://abcd1234.databases.neo4j.io",
        "bolt+ssc://db.internal:7687",
    ],
)
def test_every_driver_scheme_is_accepted(uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    assert load_settings().neo4j_uri == uri


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", "bolt://"])
def test_a_malformed_uri_names_the_variable(uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    with pytest.raises(ConfigError, match="NEO4J_URI"):
        load_settings()


def test_the_password_never_shows_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-value-123")
    settings = load_settings()
    assert "s3cret-value-123" not in repr(settings)
    assert "s3cret-value-123" not in str(settings.model_dump())


def test_credentials_in_the_uri_are_not_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://user:hunter22@db.example:7687")
    assert load_settings().safe_uri == "bolt://db.example:7687"


def test_the_env_file_is_the_one_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    (tmp_path / ".env").write_text("NEO4J_DATABASE=from-the-working-directory\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings().neo4j_database == "from-the-working-directory"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert load_settings().neo4j_database == "neo4j"
