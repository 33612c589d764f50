"""`catalog token create` prints a token once and a line the API's token file accepts."""

from __future__ import annotations

from pathlib import Path

from api.auth import authenticate, token_entries
from api.settings import ApiSettings
from support.commands import catalog


def test_a_created_token_authenticates_through_the_line_it_prints(
    tmp_path: Path, api_settings: ApiSettings
) -> None:
    result = catalog("token", "create", "--role", "editor", "--name", "web client #2")
    assert result.returncode == 0, result.stderr
    token, line = result.stdout.strip(), result.stderr.strip()
    assert token not in line
    tokens_file = tmp_path / "tokens"
    tokens_file.write_text(f"# issued for the web client\n{line}\n", "utf-8")
    configured = api_settings.model_copy(update={"api_tokens_file": str(tokens_file)})
    entry = authenticate(f"Bearer {token}", token_entries(configured))
    assert entry is not None
    assert (entry.role, entry.name) == ("editor", "web-client-2")
    assert authenticate(f"Bearer {token}x", token_entries(configured)) is None


def test_an_unknown_role_is_a_usage_error() -> None:
    result = catalog("token", "create", "--role", "owner")
    assert result.returncode == 2
    assert "'owner' is not one of" in result.stderr
