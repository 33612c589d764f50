"""Neo4j Browser (served by the test Neo4j) loads the project's style and guide, and the
guide's neighbourhood slide draws one technique's own edges, each relationship type in its
colour and each tag with a caption that tells it apart."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import pytest

from graph.connection import Graph
from graph.settings import Settings

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect

# The HTTP port of each instance of scripts/neo4j, by its Bolt port.
HTTP_PORT_OF_BOLT = {7687: 7474, 7688: 7475, 7689: 7476}
TECHNIQUE_COLOUR = "#4C8EDA"  # node.Technique in api/browser/style.grass
TAG_COLOUR = "#8DCC93"  # node.Tag
UNSTYLED_COLOUR = "#A5ABB6"  # what Browser draws a relationship type the style does not name
NEIGHBOURHOOD_OF = "shapley-additive-explanations"  # the technique of that slide
NEIGHBOURHOOD_SLIDE = "5"  # "A technique's neighbourhood" in api/browser/guide.html
# Browser fetches, parses and draws on a 2-core machine that may be busy: wait generously.
WAIT_MS = 60_000


# The caption lines of the nodes drawn in the given colour, each node's joined into one text.
TAG_CAPTIONS = """(nodes, colour) => nodes
  .filter(node => (node.querySelector('circle.b-outline')?.getAttribute('fill') || '')
    .toLowerCase() === colour)
  .map(node => [...node.querySelectorAll('text.caption')]
    .map(line => line.textContent.trim()).filter(Boolean).join(' '))"""


def browser_url(settings: Settings) -> str:
    """Neo4j Browser of the test server: CATALOG_TEST_NEO4J_BROWSER, or by the Bolt port."""
    if "CATALOG_TEST_NEO4J_BROWSER" in os.environ:
        return os.environ["CATALOG_TEST_NEO4J_BROWSER"]
    bolt = urlsplit(settings.neo4j_uri)
    http = HTTP_PORT_OF_BOLT.get(bolt.port or 7687)
    if http is None:
        pytest.skip(f"set CATALOG_TEST_NEO4J_BROWSER to the Browser URL of {settings.safe_uri}")
    return f"http://{bolt.hostname}:{http}/browser/"


def run_in_editor(page: Any, command: str) -> None:
    page.locator('[data-testid="activeEditor"]').click()
    page.keyboard.type(command)
    page.keyboard.press("Enter")


def dismiss_usage_banner(page: Any) -> None:
    """Close the "we collect information on product usage" banner, so the graph shows."""
    text = page.get_by_text("To help make Neo4j Browser better")
    if text.count():
        text.locator("xpath=following-sibling::span[1]").click()
        expect(text).to_have_count(0)
        # Off the spot, where a frame's export button slides in under the pointer.
        page.mouse.move(400, 30)


def test_browser_draws_a_techniques_neighbourhood_in_the_catalogs_style(
    page: Any, api_server: str, settings: Settings, e2e_catalog: Graph
) -> None:
    bolt = urlsplit(settings.neo4j_uri)
    page.goto(browser_url(settings))
    page.select_option('[data-testid="bolt-scheme-select"]', "bolt://")
    page.fill('[data-testid="boltaddress"]', f"{bolt.hostname}:{bolt.port}")
    page.fill('[data-testid="username"]', settings.neo4j_user)
    page.fill('[data-testid="password"]', settings.neo4j_password.get_secret_value())
    page.click('[data-testid="connect"]')
    expect(page.locator('[data-testid="frame"]', has_text="You are connected")).to_be_visible(
        timeout=WAIT_MS
    )
    dismiss_usage_banner(page)

    # `localhost` is on Browser's own default allowlist too, so the fetch does not hinge on the
    # server's allowlist reaching Browser (which it reads only while connected).
    served = api_server.replace("127.0.0.1", "localhost")
    run_in_editor(page, f":style {served}/browser/style.grass")
    expect(page.locator('[data-testid="frame"]', has_text="node.Technique")).to_be_visible(
        timeout=WAIT_MS
    )
    run_in_editor(page, f":play {served}/browser/guide.html")
    carousel = page.locator('[data-testid="carousel"]')
    guide = page.locator('[data-testid="frame"]').filter(has=carousel)
    expect(guide).to_contain_text("A guided tour of the graph", timeout=WAIT_MS)

    guide.locator(f'li[aria-label="{NEIGHBOURHOOD_SLIDE}"]').click()
    expect(guide).to_contain_text("A technique's neighbourhood", timeout=WAIT_MS)
    # Only the technique's own edges: Browser's "connect result nodes" off, as the slide says.
    guide.locator("pre.runnable:visible", has_text=":config").click()
    page.locator('[data-testid="editor-Run"]').click()
    guide.locator("pre.runnable:visible").first.click()  # puts the query into the editor
    page.locator('[data-testid="editor-Run"]').click()

    drawn = page.locator('[data-testid="frame"]').first
    graph = drawn.locator("svg g.node")
    expect(graph.first).to_be_visible(timeout=WAIT_MS)
    assert graph.count() > 3
    edges = drawn.locator("svg g.relationship")
    own = e2e_catalog.read(
        "MATCH (:Technique {slug: $slug})-[r]-() RETURN count(r) AS n", {"slug": NEIGHBOURHOOD_OF}
    )[0]["n"]
    expect(edges).to_have_count(own, timeout=WAIT_MS)
    dismiss_usage_banner(page)  # it may come back once connected; the last screenshot is a doc's
    fills = graph.locator("circle").evaluate_all("cs => cs.map(c => c.getAttribute('fill'))")
    assert TECHNIQUE_COLOUR.lower() in [f.lower() for f in fills if f]

    # Every relationship type drawn has the style's colour, none Browser's grey.
    colours = edges.locator("path.b-outline").evaluate_all(
        "paths => paths.map(p => (p.getAttribute('fill') || '').toLowerCase())"
    )
    assert len(colours) == own and UNSTYLED_COLOUR.lower() not in colours, colours
    # Each tag is drawn with its whole caption (no word cut to "data-r…"), no two alike.
    captions = graph.evaluate_all(TAG_CAPTIONS, TAG_COLOUR.lower())
    tagged = e2e_catalog.read(
        "MATCH (:Technique {slug: $slug})-[:TAGGED]->(t:Tag) RETURN t.caption AS caption",
        {"slug": NEIGHBOURHOOD_OF},
    )
    assert len(tagged) > 3
    assert sorted(captions) == sorted(t["caption"] for t in tagged)
    assert len(set(captions)) == len(captions)
