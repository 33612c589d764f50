"""What the API serves to browsers, checked over HTTP: GraphiQL's own assets, the Neo4j Browser
guide and style with CORS for Browser's origin, the web client's copy of the contract, and the
`catalog browser` command that points at them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner
from graphql import build_schema, parse, validate
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from api import graphiql
from api.app import create_app
from api.schema import sdl
from api.settings import load_api_settings
from catalog_cli.commands.browser import browser
from graph.connection import Graph

STATIC = Path(graphiql.API_DIR) / "static"
BROWSER_ORIGIN = "http://127.0.0.1:7474"  # Neo4j Browser of the default instance


def test_the_api_serves_graphiql_and_its_assets_itself(api_server: str) -> None:
    page = httpx.get(f"{api_server}/graphql", headers={"Accept": "text/html"}).text
    assert "unpkg.com" not in page and "jsdelivr" not in page
    for asset in (
        "/vendor/react/react.production.min.js",
        "/vendor/react-dom/react-dom.production.min.js",
        "/vendor/graphiql/graphiql.min.js",
        "/vendor/graphiql/graphiql.min.css",
    ):
        assert asset in page
        assert httpx.get(f"{api_server}{asset}").status_code == 200, asset


def test_graphiql_says_how_to_install_its_files_when_they_are_missing(monkeypatch: Any) -> None:
    monkeypatch.setitem(graphiql.VENDOR, "graphiql", (graphiql.API_DIR / "nowhere", ("x.js",)))
    page = graphiql.graphiql_html()
    assert "scripts/browser-setup" in page
    assert "api/nowhere/x.js" in page


def test_missing_graphiql_files_answer_not_found_rather_than_fail(tmp_path: Path) -> None:
    files = graphiql.InstalledFiles(directory=tmp_path / "not-installed", check_dir=False)
    with TestClient(Starlette(routes=[Mount("/vendor/graphiql", app=files)])) as client:
        assert client.get("/vendor/graphiql/graphiql.min.js").status_code == 404


def test_graphiql_opens_every_operation_of_the_contract_as_a_tab() -> None:
    names = [name for name, _ in graphiql.contract_operations(graphiql.CONTRACT.read_text())]
    assert names[:3] == ["TechniqueList", "TechniqueNames", "TechniqueDetail"]
    assert "CreateAttributeType" in names and len(names) == len(set(names)) == 17
    page = graphiql.graphiql_html()
    assert all(f"query {n}" in page or f"mutation {n}" in page for n in names)


def test_the_guide_and_style_are_readable_from_neo4j_browser_pages(api_server: str) -> None:
    for name in ("guide.html", "style.grass"):
        answer = httpx.get(f"{api_server}/browser/{name}", headers={"Origin": BROWSER_ORIGIN})
        assert answer.status_code == 200
        assert answer.headers["access-control-allow-origin"] == BROWSER_ORIGIN
        # Browser sends its own headers, so it asks first.
        preflight = httpx.options(
            f"{api_server}/browser/{name}",
            headers={
                "Origin": BROWSER_ORIGIN,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "content-type,x-ajax-browser-auth",
            },
        )
        assert preflight.status_code == 200, preflight.text
    foreign = httpx.get(f"{api_server}/browser/guide.html", headers={"Origin": "https://evil.test"})
    assert "access-control-allow-origin" not in foreign.headers


def test_the_web_client_sends_the_contract_operations_as_written() -> None:
    contract = {
        name: "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        for name, text in graphiql.contract_operations(graphiql.CONTRACT.read_text())
    }
    copied = dict(
        re.findall(r"export const (\w+) = `([^`]*)`;", (STATIC / "operations.js").read_text())
    )
    assert copied == contract
    client = "".join((STATIC / f).read_text() for f in ("app.js", "editor.js", "browse.js"))
    used = set(re.findall(r"\bops\.(\w+)", client))
    assert used <= set(contract)
    assert {"TechniqueDetail", "Related"} <= used
    assert {"AttributeSchema", "Taxonomy"} <= used
    # The editor's writes extend the contract's (versions, every problem): edit_operations.js.
    edits = set(re.findall(r"export const (\w+) =", (STATIC / "edit_operations.js").read_text()))
    assert {"UpdateTechnique", "CreateTechnique", "History"} <= edits
    assert set(re.findall(r"\bedits\.(\w+)", client)) <= edits


def test_the_web_clients_own_operations_are_valid_against_the_schema() -> None:
    text = (STATIC / "browse-operations.js").read_text()
    card = re.search(r"const CARD = `([^`]*)`;", text)
    assert card
    own = dict(re.findall(r"export const (\w+) = `([^`]*)`;", text))
    used = set(re.findall(r"\bbops\.(\w+)", (STATIC / "browse.js").read_text()))
    assert used == set(own)
    schema = build_schema(sdl())
    for name, document in own.items():
        errors = validate(schema, parse(document.replace("${CARD}", card.group(1))))
        assert not errors, (name, errors)


def test_catalog_browser_prints_the_browser_url_and_the_style_and_guide_commands() -> None:
    result = CliRunner().invoke(
        browser, ["--instance", "staging", "--api", "http://127.0.0.1:8080/"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Neo4j Browser: http://127.0.0.1:7475/browser/",
        "connect to:    bolt://127.0.0.1:7688 as neo4j",
        "style:         :style http://127.0.0.1:8080/browser/style.grass",
        "guide:         :play http://127.0.0.1:8080/browser/guide.html",
    ]


def test_catalog_browser_asks_for_the_http_port_of_an_unknown_server() -> None:
    result = CliRunner().invoke(browser, ["--uri", "bolt://db.example:7999"])
    assert result.exit_code == 2
    assert "pass --http-port" in result.output


def test_the_docs_show_what_catalog_browser_really_prints() -> None:
    doc = (Path(graphiql.API_DIR).parent / "docs" / "web-client.md").read_text("utf-8")
    shown = doc.split("$ catalog browser\n", 1)[1].split("```", 1)[0].splitlines()
    # The defaults: NEO4J_URI bolt://127.0.0.1:7687, API_HOST 127.0.0.1, API_PORT 8000.
    defaults = ["--uri", "bolt://127.0.0.1:7687", "--api", "http://127.0.0.1:8000"]
    assert CliRunner().invoke(browser, defaults).output.splitlines() == shown


def test_the_api_cors_origins_do_not_shut_neo4j_browser_out_of_the_guide(
    session_graph: Graph,
) -> None:
    settings = load_api_settings(API_CORS_ORIGINS="http://localhost:3000")
    with TestClient(create_app(settings, session_graph)) as client:
        preflight = client.options(
            "/browser/guide.html",
            headers={"Origin": BROWSER_ORIGIN, "Access-Control-Request-Method": "GET"},
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == BROWSER_ORIGIN
        frontend = client.options(
            "/graphql",
            headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"},
        )
        assert frontend.headers["access-control-allow-origin"] == "http://localhost:3000"
        # The API's own CORS still refuses Browser's origin on /graphql.
        other = client.options(
            "/graphql", headers={"Origin": BROWSER_ORIGIN, "Access-Control-Request-Method": "POST"}
        )
        assert other.status_code == 400
