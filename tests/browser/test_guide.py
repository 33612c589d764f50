"""The Neo4j Browser guide and style: every query of the guide runs on the migrated catalog
and returns something; every label of the model has a colour and a caption."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph.connection import Graph
from graph.model import LABELS, RELATIONSHIP_TYPES
from loaders.migrate import MigrationOptions, migrate
from loaders.sources import open_source

BROWSER = Path(__file__).resolve().parents[2] / "api" / "browser"


class RunnableQueries(HTMLParser):
    """The text of every `<pre class="... runnable">` of a guide."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.queries: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre" and "runnable" in (dict(attrs).get("class") or ""):
            self._inside = True
            self.queries.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.queries[-1] += data

    def handle_entityref(self, name: str) -> None:
        if self._inside:
            self.queries[-1] += unescape(f"&{name};")


def guide_queries() -> list[str]:
    """The guide's Cypher queries (Browser commands such as `:config` are not Cypher)."""
    parser = RunnableQueries()
    parser.feed((BROWSER / "guide.html").read_text("utf-8"))
    return [q for q in parser.queries if not q.lstrip().startswith(":")]


def test_the_guide_walks_through_the_model_with_runnable_queries() -> None:
    text = (BROWSER / "guide.html").read_text("utf-8")
    assert len(guide_queries()) >= 8
    for topic in (
        "Goals and their categories",
        "Cross-goal techniques",
        "Attribute types",
        "neighbourhood",
        "tag hierarchy",
        "coverage matrix",
    ):
        assert topic in text


@pytest.mark.parametrize("query", guide_queries(), ids=lambda q: q.split("\n")[0][:40])
def test_every_guide_query_returns_rows_on_the_migrated_catalog(
    query: str, graph: Graph, bundled_sqlite: Path
) -> None:
    with open_source(str(bundled_sqlite)) as source:
        assert migrate(source, graph, MigrationOptions()).outcome == "migrated"
    assert graph.read(query), query  # type: ignore[arg-type]


def test_the_style_gives_every_label_a_colour_and_a_caption() -> None:
    style = (BROWSER / "style.grass").read_text("utf-8")
    for label in LABELS:
        block = re.search(r"node\." + label + r"\s*\{([^}]*)\}", style)
        assert block, f"no style for {label}"
        assert "color:" in block.group(1) and "caption:" in block.group(1), label


def test_the_style_gives_every_relationship_type_a_colour() -> None:
    style = (BROWSER / "style.grass").read_text("utf-8")
    for rel_type in RELATIONSHIP_TYPES:
        block = re.search(r"relationship\." + rel_type + r"\s*\{([^}]*)\}", style)
        assert block, f"no style for {rel_type}"
        assert "color:" in block.group(1), rel_type


def test_the_neighbourhood_slide_turns_off_connecting_result_nodes() -> None:
    # Without it Browser draws every edge among the neighbours too.
    assert ":config autoComplete: false" in (BROWSER / "guide.html").read_text("utf-8")
