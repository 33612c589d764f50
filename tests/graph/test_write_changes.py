"""The pure side of edits: states, diffs, reverts; tag names; text limits; bounded slugs."""

from __future__ import annotations

import pytest

from graph.rules import NAME_MAX, SLUG_MAX, check_length, check_name_given
from graph.tag_names import tag_name_problem
from graph.writes.changes import changed_fields, diff, normal_state, revert
from graph.writes.techniques import new_slug, slug_root


def test_a_state_is_canonical_whatever_order_the_graph_gives() -> None:
    one = normal_state(
        {
            "name": "T",
            "tags": ["b", "a"],
            "attributes": [{"type": "S", "value": "y"}, {"type": "S", "value": "x"}],
        }
    )
    other = normal_state(
        {
            "name": "T",
            "tags": ["a", "b"],
            "attributes": [{"type": "S", "value": "x"}, {"type": "S", "value": "y"}],
        }
    )
    assert one == other
    assert one["attributes"] == [{"type": "S", "values": ["x", "y"]}]


def test_a_diff_names_each_changed_field_and_revert_undoes_it() -> None:
    before = normal_state({"name": "T", "description": "a", "tags": ["x"]})
    after = normal_state({"name": "T", "description": "b", "tags": []})
    changes = diff(before, after)
    assert changes == [
        {"field": "description", "before": "a", "after": "b"},
        {"field": "tags", "before": ["x"], "after": []},
    ]
    assert revert(after, changes) == before
    assert changed_fields([changes, [{"field": "name", "before": "S", "after": "T"}]]) == [
        "name",
        "description",
        "tags",
    ]


@pytest.mark.parametrize("name", ["/", "rt/", "a//b", "/a", " / "])
def test_a_tag_name_with_an_empty_part_is_a_problem(name: str) -> None:
    assert tag_name_problem(name) is not None


@pytest.mark.parametrize("name", ["a", "a/b", "data-type/tabular", "a/b/c"])
def test_a_well_formed_tag_name_is_no_problem(name: str) -> None:
    assert tag_name_problem(name) is None


def test_texts_over_their_limit_are_refused_with_the_numbers() -> None:
    [violation] = check_name_given("name", "n" * (NAME_MAX + 1))
    assert violation.rule == "max-length"
    assert f"{NAME_MAX + 1} characters; the limit is {NAME_MAX}" in violation.message
    assert check_length("x", "n" * NAME_MAX, NAME_MAX) == []
    assert check_length("x", None, 1) == []


def test_slugs_are_bounded_and_cut_at_a_word() -> None:
    assert len(slug_root("x" * 100_000)) == SLUG_MAX
    long_words = slug_root("word " * 50)
    assert len(long_words) <= SLUG_MAX and long_words.endswith("word")
    assert new_slug("Slug Race b!", {"slug-race-b"}) == "slug-race-b-2"
