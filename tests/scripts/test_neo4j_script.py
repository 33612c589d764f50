"""scripts/neo4j runs a real server: a second start is safe, status tells, Browser is served."""

from __future__ import annotations

import urllib.request

from support.commands import neo4j_script

TEST_HTTP = "http://127.0.0.1:7476"


def test_a_second_start_says_the_server_is_already_running(neo4j_server: str) -> None:
    again = neo4j_script("start", "test")
    assert again.returncode == 0, again.stderr
    assert "already running" in again.stderr


def test_status_reports_running_version_and_ports(neo4j_server: str) -> None:
    status = neo4j_script("status", "test")
    assert status.returncode == 0, status.stderr
    assert "state: running" in status.stdout
    assert "version: 5.26." in status.stdout
    assert "bolt://127.0.0.1:7689 (answering: yes)" in status.stdout
    assert f"{TEST_HTTP}/browser/" in status.stdout


def test_status_of_a_stopped_instance_exits_3() -> None:
    status = neo4j_script("status", "never-started-instance")
    # An unknown name without ports is a usage problem, said clearly.
    assert status.returncode == 1
    assert "NEO4J_BOLT_PORT" in status.stderr


def test_neo4j_browser_page_is_served_over_http(neo4j_server: str) -> None:
    with urllib.request.urlopen(f"{TEST_HTTP}/browser/", timeout=10) as response:
        page = response.read().decode()
    assert response.status == 200
    assert "<title>Neo4j Browser</title>" in page


def test_the_http_root_advertises_the_community_server(neo4j_server: str) -> None:
    import json

    with urllib.request.urlopen(f"{TEST_HTTP}/", timeout=10) as response:
        discovery = json.load(response)
    assert discovery["neo4j_edition"] == "community"
    assert discovery["bolt_direct"].endswith(":7689")


def test_unknown_commands_are_usage_errors() -> None:
    result = neo4j_script("launch")
    assert result.returncode == 2
    assert "unknown command 'launch'" in result.stderr
