"""Each command is imported when it runs, so `catalog migrate` loads neither the API's
GraphQL schema nor its server."""

from __future__ import annotations

import subprocess
import sys

import click

from catalog_cli.main import COMMANDS, cli

PROBE = """
import sys
from catalog_cli.main import cli
import click
cli.get_command(click.Context(cli), sys.argv[1])
api = ('api', 'strawberry', 'uvicorn')
print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in api)))
"""


def loaded_by(command: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, command], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_migrate_and_its_neighbours_import_nothing_of_the_api() -> None:
    for command in ("migrate", "validate", "diff", "status", "generate"):
        assert loaded_by(command) == set(), command


def test_every_listed_command_resolves_to_itself() -> None:
    context = click.Context(cli)
    assert cli.list_commands(context) == sorted(COMMANDS)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None and command.name == name
    assert cli.get_command(context, "stauts") is None
