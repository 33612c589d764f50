"""`catalog status` reports the server; mistakes get a message naming the setting, exit 1."""

from __future__ import annotations

import json

import click
import pytest

from catalog_cli.main import cli
from graph.connection import Graph
from support.commands import catalog


def test_status_reports_version_and_counts(graph: Graph) -> None:
    graph.write("CREATE (:A)-[:R]->(:B)")
    result = catalog("status", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["version"].startswith("5.26.")
    assert report["edition"] == "community"
    # The test sentinel node is there too.
    assert report["nodes"] == 3
    assert report["relationships"] == 1
    assert report["incomplete_loads"] == []


def test_status_in_text_names_the_server(graph: Graph, neo4j_server: str) -> None:
    result = catalog("status")
    assert result.returncode == 0, result.stderr
    assert "server: Neo4j Kernel 5.26." in result.stdout
    assert f"neo4j: {neo4j_server} (database neo4j, user neo4j)" in result.stdout


def test_a_wrong_password_says_which_setting_and_never_prints_it(neo4j_server: str) -> None:
    result = catalog("status", env={"NEO4J_PASSWORD": "wrong-password-42"})
    assert result.returncode == 1
    assert "NEO4J_PASSWORD" in result.stderr
    assert "wrong-password-42" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_an_unreachable_uri_says_to_check_neo4j_uri() -> None:
    result = catalog("status", env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert result.returncode == 1
    assert "NEO4J_URI" in result.stderr
    assert "scripts/neo4j start" in result.stderr


def test_a_malformed_uri_is_a_job_failure_naming_the_variable() -> None:
    result = catalog("status", env={"NEO4J_URI": "http://localhost:7474"})
    assert result.returncode == 1
    assert "NEO4J_URI" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_subcommand_is_a_usage_error() -> None:
    result = catalog("stauts")
    assert result.returncode == 2
    assert "No such command" in result.stderr


COMMAND_NAMES = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("command", [[], *([name] for name in COMMAND_NAMES)])
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = catalog(*command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout


def test_uri_and_instance_together_are_a_usage_error() -> None:
    result = catalog("status", "--uri", "bolt://127.0.0.1:7689", "--instance", "staging")
    assert result.returncode == 2
    assert "give --uri or --instance, not both" in result.stderr


def test_uri_points_a_command_at_another_server(neo4j_server: str) -> None:
    result = catalog("status", "--uri", neo4j_server, env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert result.returncode == 0, result.stderr
    assert neo4j_server in result.stdout
