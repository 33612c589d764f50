"""The reference web client at `/`, read side: list and facets, search, detail."""

from __future__ import annotations

import re
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect


def facet_option(page: Any, facet: str, name: str) -> Any:
    """The checkbox row of one option in the filter sidebar."""
    return page.locator(f'[data-facet="{facet}"] label').filter(
        has=page.locator(".name", has_text=re.compile(f"^{re.escape(name)}$"))
    )


def total(page: Any) -> int:
    return int(page.locator("#total").inner_text())


def test_filtering_by_a_goal_and_an_attribute_narrows_the_list_and_its_counts(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text("92")
    # Pages of 30, the next one after the last card's cursor.
    expect(page.locator("#results > li")).to_have_count(30)
    page.get_by_role("button", name="Show more").click()
    expect(page.locator("#results > li")).to_have_count(60)
    everything = facet_option(page, "Goals", "Fairness").locator(".count").inner_text()

    facet_option(page, "Goals", "Fairness").locator("input").check()
    expect(page.locator("#total")).to_have_text(everything)
    fair = total(page)
    assert fair < 92
    expect(page.locator("#results > li")).to_have_count(fair)

    approach = page.locator('[data-facet="Fairness Approach"] label').first
    expected = approach.locator(".count").inner_text()
    approach.locator("input").check()
    expect(page.locator("#total")).to_have_text(expected)
    assert total(page) < fair
    expect(page.locator("#results > li")).to_have_count(total(page))
    # Every other facet now counts within the narrowed list.
    for count in page.locator('[data-facet="Goals"] .count').all_inner_texts():
        assert int(count) <= total(page)


def test_the_search_box_finds_techniques_by_name_and_description(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text(re.compile(r"\d+"))
    page.fill("#search-phrase", "SHAP")
    page.press("#search-phrase", "Enter")
    expect(page.locator("#summary")).to_contain_text("results for “SHAP”")
    first = page.locator("#results > li").first
    expect(first).to_contain_text(re.compile("SHAP|Shapley", re.IGNORECASE))


def test_a_technique_opens_with_its_details_and_related_techniques(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/")
    page.locator("#results > li h2 a", has_text="Adversarial Debiasing").click()
    expect(page.locator("article.detail h1")).to_have_text("Adversarial Debiasing")
    expect(page).to_have_url(re.compile("#/t/adversarial-debiasing$"))
    expect(page.locator("article.detail")).to_contain_text("Fairness")
    expect(page.locator("#related-techniques > li").first).to_be_visible()
