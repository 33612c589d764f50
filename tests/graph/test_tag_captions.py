"""A tag's `caption` tells it apart from the others at a glance (Neo4j Browser draws it): the
last part of its name as words, then its family; every writer of a tag keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.connection import Graph
from graph.schema import install_schema
from graph.tag_captions import refresh_tag_captions
from graph.tag_names import tag_caption
from loaders.migrate import MigrationOptions, migrate
from loaders.sources import open_source


@pytest.mark.parametrize(
    ("name", "caption"),
    [
        ("data-requirements/no-special", "no special (data requirements)"),
        ("data-type", "data type"),
        ("applicable-models/tree_based", "tree based (applicable models)"),
        ("a/b/c", "c (a / b)"),
        ("Fairness Metric", "Fairness Metric"),
        ("scope/ ", "scope"),
    ],
)
def test_a_caption_is_the_last_part_as_words_then_the_family(name: str, caption: str) -> None:
    assert tag_caption(name) == caption


def test_the_same_last_part_in_two_families_gets_two_captions() -> None:
    assert tag_caption("evidence-type/documentation") != tag_caption("technique-type/documentation")


def test_every_migrated_tag_has_its_caption_and_no_two_share_one(
    graph: Graph, bundled_sqlite: Path
) -> None:
    with open_source(str(bundled_sqlite)) as source:
        assert migrate(source, graph, MigrationOptions()).outcome == "migrated"
    tags = graph.read("MATCH (t:Tag) RETURN t.name AS name, t.caption AS caption")
    assert len(tags) > 50
    assert [t["name"] for t in tags if t["caption"] != tag_caption(t["name"])] == []
    assert len({t["caption"] for t in tags}) == len(tags)


def test_a_bulk_write_gets_its_captions_from_one_refresh(graph: Graph) -> None:
    names = ["data-type", "data-type/tabular", "evidence-type/documentation"]
    graph.write("UNWIND $names AS name CREATE (:Tag {name: name, key: name})", {"names": names})
    graph.write("MATCH (t:Tag {name: 'data-type'}) SET t.caption = 'stale'")
    assert refresh_tag_captions(graph) == len(names)
    assert refresh_tag_captions(graph) == 0
    captions = graph.read("MATCH (t:Tag) RETURN t.caption AS c ORDER BY c")
    assert [row["c"] for row in captions] == [
        "data type",
        "documentation (evidence type)",
        "tabular (data type)",
    ]


def test_a_schema_install_captions_the_tags_of_a_graph_written_before_captions(
    graph: Graph,
) -> None:
    graph.write("CREATE (:Tag {name: 'expertise-needed/statistics', key: 'x'})")
    install_schema(graph)
    caption = graph.read("MATCH (t:Tag) RETURN t.caption AS c")[0]["c"]
    assert caption == "statistics (expertise needed)"
