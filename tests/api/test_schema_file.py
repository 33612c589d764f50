"""The schema and the contract as files: `schema.graphql` is what the code serves, the bundled
copy of the contract is the shared one, and every contract query validates against the schema."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from graphql import build_schema, parse, validate

from api.schema import sdl
from catalog_cli.commands.schema import schema_command
from support.api_client import BUNDLED_CONTRACT, SHARED_CONTRACT, contract_operations
from support.commands import REPO_ROOT

SCHEMA_FILE = REPO_ROOT / "schema.graphql"


def test_the_checked_in_schema_is_the_one_the_code_serves() -> None:
    assert SCHEMA_FILE.read_text("utf-8") == sdl(), (
        "schema.graphql differs from the code's schema; regenerate it with "
        "`catalog schema > schema.graphql` and review the diff"
    )


def test_catalog_schema_prints_the_schema() -> None:
    result = CliRunner().invoke(schema_command, [])
    assert result.exit_code == 0, result.output
    assert result.output == sdl()


@pytest.mark.skipif(not SHARED_CONTRACT.exists(), reason="no ../shared beside this checkout")
def test_the_bundled_contract_is_a_copy_of_the_shared_one() -> None:
    assert BUNDLED_CONTRACT.read_text("utf-8") == SHARED_CONTRACT.read_text("utf-8"), (
        f"copy {SHARED_CONTRACT} to {BUNDLED_CONTRACT}"
    )


@pytest.mark.parametrize("name", sorted(contract_operations()))
def test_each_contract_query_validates_against_the_checked_in_schema(name: str) -> None:
    schema = build_schema(SCHEMA_FILE.read_text("utf-8"))
    assert validate(schema, parse(contract_operations()[name])) == []
