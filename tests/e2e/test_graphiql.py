"""GraphiQL on GET /graphql works offline: its assets come from this server, not a CDN."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect


def test_graphiql_runs_a_query_with_only_loopback_reachable(page: Any, api_server: str) -> None:
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
    expect(page.locator(".graphiql-tab")).to_have_count(17)
    # Its example variables ask for the Fairness techniques.
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".result-window")).to_contain_text('"totalCount"')
    expect(page.locator(".result-window")).to_contain_text('"name": "Fairness"')
    assert refused == []
