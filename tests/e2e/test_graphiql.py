"""GraphiQL on GET /graphql works offline (its assets come from this server, not a CDN) and
opens the contract's operations as tabs, each with its example variables."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from api.graphiql import CONTRACT, EXAMPLE_VARIABLES, contract_operations

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect

TABS = contract_operations(CONTRACT.read_text("utf-8"))
OPERATIONS = [name for name, _text in TABS]
MUTATIONS = {name for name, text in TABS if re.search(r"^mutation\s", text, re.MULTILINE)}


def editor_text(page: Any, where: str) -> str:
    """The whole text of a GraphiQL editor (CodeMirror draws only the lines in view)."""
    editor = page.locator(f"{where} .CodeMirror").first
    return str(editor.evaluate("element => element.CodeMirror.getValue()"))


def pane(page: Any, name: str) -> str:
    """The text of the Variables or Headers pane of the open tab."""
    page.locator(f'.graphiql-editor-tools [data-name="{name.lower()}"]').click()
    return editor_text(page, f'section[aria-label="{name}"] .graphiql-editor:not(.hidden)')


def test_graphiql_runs_a_query_with_only_loopback_reachable(
    page: Any, api_server: str, post: Any
) -> None:
    refused: list[str] = []

    def loopback_only(route: Any) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", loopback_only)
    page.goto(f"{api_server}/graphql")
    # The contract's operations open as tabs; the first is TechniqueList.
    expect(page.locator(".graphiql-tab").first).to_contain_text("TechniqueList")
    expect(page.locator(".graphiql-tab")).to_have_count(len(OPERATIONS))
    # Its example variables ask for the first 5 Fairness techniques, and the run uses them.
    expect(page.locator('section[aria-label="Variables"]')).to_contain_text('"Fairness"')
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".result-window")).to_contain_text('"totalCount"')
    shown = json.loads(editor_text(page, ".result-window"))["data"]["techniquesConnection"]
    fairness = EXAMPLE_VARIABLES["TechniqueList"]["where"]
    query = "query($where: TechniqueWhere) { techniquesConnection(where: $where) { totalCount } }"
    wanted = post(query, {"where": fairness})["data"]["techniquesConnection"]["totalCount"]
    assert (shown["totalCount"], len(shown["edges"])) == (wanted, 5)
    assert refused == []


def test_every_tab_opens_with_its_example_variables_and_a_token_header_for_writes(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/graphql")
    tabs = page.locator(".graphiql-tab")
    expect(tabs).to_have_count(len(OPERATIONS))
    for index, name in enumerate(OPERATIONS):
        if index:  # the first is open already: the one GraphiQL itself left empty (#18)
            tabs.nth(index).locator(".graphiql-tab-button").click()
        expect(page.locator(".graphiql-tab-active")).to_contain_text(name)
        variables = pane(page, "Variables")
        assert (json.loads(variables) if variables else None) == EXAMPLE_VARIABLES.get(name), name
        headers = pane(page, "Headers")
        assert ("Authorization" in headers) == (name in MUTATIONS), name
    # A reload keeps the tabs, with nothing added, and the open tab's panes. GraphiQL saves
    # the open editors' text a moment after a change (`graphiql:query` and `graphiql:variables`
    # in localStorage), and a reload before that opens the text as one more tab.
    last = OPERATIONS[-1]
    page.wait_for_function(
        """([name, variables]) => (localStorage.getItem('graphiql:query') || '').includes(name)
             && localStorage.getItem('graphiql:variables') === variables""",
        arg=[last, json.dumps(EXAMPLE_VARIABLES[last], indent=2)],
    )
    page.reload()
    expect(tabs).to_have_count(len(OPERATIONS))
    expect(page.locator(".graphiql-tab-active")).to_contain_text(last)
    assert json.loads(pane(page, "Variables")) == EXAMPLE_VARIABLES[last]
    tabs.first.locator(".graphiql-tab-button").click()
    assert json.loads(pane(page, "Variables")) == EXAMPLE_VARIABLES[OPERATIONS[0]]
