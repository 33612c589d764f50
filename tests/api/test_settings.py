"""The API's settings: the graph's plus the HTTP side's, defaults as in config/defaults.env."""

from __future__ import annotations

import pytest

from api.settings import ApiSettings, load_api_settings
from graph.errors import ConfigError
from graph.settings import REPO_ROOT, Settings


def read_defaults_file() -> dict[str, str]:
    lines = (REPO_ROOT / "config" / "defaults.env").read_text("utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_code_defaults_match_the_defaults_file() -> None:
    defaults = {name: field.default for name, field in ApiSettings.model_fields.items()}
    from_file = read_defaults_file()
    assert from_file["API_HOST"] == defaults["api_host"]
    assert int(from_file["API_PORT"]) == defaults["api_port"]
    assert int(from_file["API_WORKERS"]) == defaults["api_workers"]


def test_the_graph_settings_hold_no_api_setting() -> None:
    assert not [name for name in Settings.model_fields if name.startswith("api_")]


def test_an_api_setting_out_of_range_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_MAX_PAGE_SIZE", "0")
    with pytest.raises(ConfigError, match="API_MAX_PAGE_SIZE"):
        load_api_settings()
