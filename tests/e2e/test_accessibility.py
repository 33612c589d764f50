"""Accessibility of the reference client: axe-core (npm, web/node_modules) finds no serious or
critical violation on the list, a technique, compare and the edit form; and a keyboard alone
can search, filter and open a technique."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"


def violations(page: Any) -> list[dict[str, Any]]:
    if not AXE.exists():
        pytest.skip("axe-core is missing; run scripts/browser-setup")
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/", "#results > li"),
        ("/#/?q=privacy&goal=Privacy", "#results mark"),
        ("/#/t/adversarial-debiasing", "article.detail h1"),
        ("/#/compare?slugs=reweighing,relabelling,adversarial-debiasing", "#compare-table"),
        ("/#/new", "#technique-form"),
    ],
)
def test_no_serious_or_critical_axe_violations(
    page: Any, api_server: str, path: str, ready: str
) -> None:
    page.goto(f"{api_server}{path}")
    expect(page.locator(ready).first).to_be_visible()
    assert violations(page) == []


def test_a_keyboard_alone_searches_filters_and_opens_a_technique(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text("92")
    # Tab order: skip link, brand, search box.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#search-phrase")).to_be_focused()
    page.keyboard.type("fairness")
    page.keyboard.press("Enter")
    expect(page.locator("#summary")).to_contain_text("results for “fairness”")
    # Into the sidebar: its first checkbox is a goal; Space ticks it.
    page.locator("#facet-groups input[type=checkbox]").first.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"goal="))
    expect(page.locator("#chips .chip").first).to_be_visible()
    # The filtered answer drawn: a link focused before it would be replaced under the key.
    expect(page.locator("[aria-busy=true]")).to_have_count(0)
    # Back to the top and skip to the results; Tab reaches the first card's link.
    page.keyboard.press("Shift+Tab")
    page.locator(".skip").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    page.keyboard.press("Tab")
    link = page.locator("#results > li h2 a").first
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("article.detail h1")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#/t/"))
