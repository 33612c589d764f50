"""The reference web client at `/`, read side: list and facets, search, detail."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "e2e"


def facet_option(page: Any, facet: str, name: str) -> Any:
    """The checkbox row of one option in the filter sidebar."""
    return page.locator(f'[data-facet="{facet}"] label').filter(
        has=page.locator(".name", has_text=re.compile(f"^{re.escape(name)}$"))
    )


def total(page: Any) -> int:
    settled(page)
    return int(page.locator("#total").inner_text())


def settled(page: Any) -> None:
    """Wait until the list has drawn the answer to the last change."""
    expect(page.locator("[aria-busy=true]")).to_have_count(0)


def test_filtering_by_a_goal_and_an_attribute_narrows_the_list_and_its_counts(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text("92")
    # Pages of 20, each with its own URL.
    expect(page.locator("#results > li")).to_have_count(20)
    page.get_by_role("link", name="Next →").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#page-status")).to_contain_text("Page 2 of 5")
    page.get_by_role("link", name="← Previous").click()
    everything = facet_option(page, "Goals", "Fairness").locator(".count").inner_text()

    facet_option(page, "Goals", "Fairness").locator("input").check()
    expect(page.locator("#total")).to_have_text(everything)
    fair = total(page)
    assert fair < 92
    # Goals count as if no goal were ticked: the others stay listed, to add with OR.
    expect(facet_option(page, "Goals", "Privacy")).to_be_visible()
    expect(page.locator("#results > li")).to_have_count(min(fair, 20))

    approach = page.locator('[data-facet="Fairness Approach"] label').first
    expected = approach.locator(".count").inner_text()
    approach.locator("input").check()
    expect(page.locator("#total")).to_have_text(expected)
    assert total(page) < fair
    expect(page.locator("#results > li")).to_have_count(min(total(page), 20))
    # The other groups count within the narrowed list.
    for count in page.locator('[data-facet="Categories"] .count').all_inner_texts():
        assert int(count) <= total(page)


def test_the_search_box_finds_techniques_by_name_and_description(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text(re.compile(r"\d+"))
    page.fill("#search-phrase", "SHAP")
    page.press("#search-phrase", "Enter")
    expect(page.locator("#summary")).to_contain_text("results for “SHAP”")
    expect(page).to_have_title(re.compile("Search “SHAP”"))
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


# ---- the view's state is the URL ----


def test_filters_search_sort_and_page_survive_reload_and_back_forward(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text("92")
    facet_option(page, "Goals", "Fairness").locator("input").check()
    expect(page).to_have_url(re.compile(r"goal=Fairness"))
    facet_option(page, "Goals", "Privacy").locator("input").check()
    expect(page).to_have_url(re.compile(r"goal=Fairness&goal=Privacy"))
    expect(facet_option(page, "Goals", "Privacy").locator("input")).to_be_checked()
    either = total(page)
    page.select_option("#sort", "name-desc")
    expect(page).to_have_url(re.compile(r"sort=name-desc"))
    settled(page)
    first_desc = page.locator("#results > li h2").first.inner_text()
    page.reload()
    expect(page.locator("#total")).to_have_text(str(either))
    expect(facet_option(page, "Goals", "Privacy").locator("input")).to_be_checked()
    expect(page.locator("#results > li h2").first).to_have_text(first_desc)
    expect(page.locator("#sort")).to_have_value("name-desc")
    # Chips name the active filters; removing one is a step back can undo.
    expect(page.locator("#chips .chip")).to_have_count(3)  # 2 goals + clear all
    page.get_by_role("button", name="Remove Goal: Privacy").click()
    expect(facet_option(page, "Goals", "Privacy").locator("input")).not_to_be_checked()
    page.go_back()
    expect(facet_option(page, "Goals", "Privacy").locator("input")).to_be_checked()
    expect(page.locator("#total")).to_have_text(str(either))
    page.go_forward()
    expect(facet_option(page, "Goals", "Privacy").locator("input")).not_to_be_checked()
    # A search keeps the filters, and its hits show highlighted snippets.
    page.fill("#search-phrase", "privacy")
    page.press("#search-phrase", "Enter")
    expect(page).to_have_url(re.compile(r"q=privacy"))
    expect(page.locator("#results mark").first).to_be_visible()
    page.go_back()
    expect(page.locator("#search-phrase")).to_have_value("")
    page.go_forward()
    expect(page.locator("#search-phrase")).to_have_value("privacy")


def test_a_technique_page_links_to_its_goals_tags_and_related(page: Any, api_server: str) -> None:
    page.goto(f"{api_server}/#/t/adversarial-debiasing")
    expect(page).to_have_title(re.compile("^Adversarial Debiasing"))
    page.locator("article.detail dd a", has_text="Fairness").first.click()
    expect(page).to_have_url(re.compile(r"#/\?goal=Fairness$"))
    expect(facet_option(page, "Goals", "Fairness").locator("input")).to_be_checked()
    page.go_back()
    page.locator("#related a").first.click()
    expect(page.locator("article.detail h1")).not_to_have_text("Adversarial Debiasing")


def test_techniques_compare_side_by_side(page: Any, api_server: str) -> None:
    page.goto(f"{api_server}/")
    for picked, name in enumerate(("Adversarial Debiasing", "Reweighing", "Relabelling"), 1):
        page.fill("#search-phrase", name)
        page.press("#search-phrase", "Enter")
        expect(page.locator("#summary")).to_contain_text(f"results for “{name}”")
        settled(page)
        card = page.locator("#results > li", has_text=name).first
        card.locator(".pick input").check()
        expect(page.locator("#compare-tray")).to_contain_text(f"Comparing {picked} of")
    page.locator("#compare-link").click()
    expect(page).to_have_url(re.compile(r"#/compare\?slugs="))
    expect(page.locator("#compare-table thead th a")).to_have_count(3)
    expect(page.locator("#compare-table .shared", has_text="Fairness").first).to_be_visible()
    expect(page).to_have_title(re.compile("^Compare"))


# ---- answers that come late, or never ----


def test_an_answer_to_a_stale_request_is_never_drawn(page: Any, api_server: str) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text("92")
    held: list[Any] = []

    def hold_the_first(route: Any) -> None:
        # The tick's requests are held back until the search after it has been answered.
        if (not held and "Fairness" in (route.request.post_data or "")) or (
            held and "Fairness" in (route.request.post_data or "") and len(held) < 2
        ):
            held.append(route)
        else:
            route.continue_()

    page.route("**/graphql", hold_the_first)
    facet_option(page, "Goals", "Fairness").locator("input").check()
    page.fill("#search-phrase", "calibration")
    page.press("#search-phrase", "Enter")
    # The search sends the tick's filter too; let those through, and the old ones after.
    expect(page.locator("#summary")).to_contain_text("results for “calibration”")
    searched = page.locator("#summary").inner_text()
    for route in held:
        route.continue_()
    page.wait_for_timeout(500)  # give the stale answers time to arrive; they must be dropped
    expect(page.locator("#summary")).to_have_text(searched)
    expect(page.locator("[role=alert]")).to_have_count(0)


def test_with_the_api_down_a_banner_offers_retry_and_keeps_the_page(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text("92")
    page.route("**/graphql", lambda route: route.abort())
    facet_option(page, "Goals", "Fairness").locator("input").check()
    alert = page.locator("#banner [role=alert]")
    expect(alert).to_contain_text("did not answer")
    expect(page.locator("#results > li")).to_have_count(20)  # what was shown stays
    page.unroute("**/graphql")
    alert.get_by_role("button", name="Retry").click()
    expect(alert).to_have_count(0)
    expect(page.locator("#total")).not_to_have_text("92")


def test_a_tick_keeps_focus_and_the_sidebars_scroll(page: Any, api_server: str) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text("92")
    page.locator("#filters").evaluate("el => el.scrollTop = 300")
    box = page.locator('[data-facet="Tags"] input[type=checkbox]').first
    box.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"tag="))
    expect(page.locator("#total")).not_to_have_text("92")
    settled(page)
    focused = page.evaluate("document.activeElement.dataset.key || ''")
    assert focused.startswith("tags")
    assert page.locator("#filters").evaluate("el => el.scrollTop") > 0


def test_a_long_facet_can_be_searched(page: Any, api_server: str) -> None:
    page.goto(f"{api_server}/")
    find = page.get_by_label("Find in Tags")
    find.fill("cnn")
    options = page.locator('[data-facet="Tags"] .options label')
    expect(options).to_have_count(1)
    expect(options).to_contain_text("cnn")
    expect(page.locator('[data-facet="Tags"] .family h4')).to_have_text("applicable-models")


# ---- a phone ----


def test_on_a_phone_the_filters_are_a_drawer(browser: Any, api_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{api_server}/")
        expect(page.locator("#total")).to_have_text("92")
        assert page.locator("#results").bounding_box()["width"] > 300
        assert page.locator("#search-phrase").bounding_box()["width"] > 300
        expect(page.locator("#filters")).not_to_be_visible()
        page.locator("#filters-toggle").click()
        expect(page.locator("#filters")).to_be_visible()
        facet_option(page, "Goals", "Privacy").locator("input").check()
        expect(page.locator("#filters-toggle")).to_have_text("Filters (1)")
        page.get_by_role("button", name="Done").click()
        expect(page.locator("#filters")).not_to_be_visible()
        expect(page.locator("#chips")).to_contain_text("Goal: Privacy")
        page.screenshot(path=str(OUTPUT / "phone-list.png"))
    finally:
        context.close()


def test_the_keyboard_reaches_the_results_by_the_skip_link(page: Any, api_server: str) -> None:
    page.goto(f"{api_server}/")
    expect(page.locator("#total")).to_have_text("92")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("article.detail h1")).to_be_visible()


def test_the_url_state_survives_any_text(page: Any, api_server: str) -> None:
    page.goto(f"{api_server}/")
    result = page.evaluate(
        """async () => {
          const S = await import('/static/state.js');
          const filters = { ...S.emptyFilters(), goals: ['A & B'],
            tags: ['data-type/tabular'], attributes: [S.attributeValue('Scope', 'x=y')] };
          const state = { view: 'list', q: 'a&b=c #d ü', filters, sort: 'name-desc', page: 3,
            compare: ['x', 'y'] };
          const back = S.parse(S.format(state));
          const detail = S.parse(S.format({ view: 'detail', slug: 'a/b' }));
          const same = JSON.stringify(back) === JSON.stringify(state);
          return { same, where: S.whereOf(back.filters), detail };
        }"""
    )
    assert result["same"]
    assert result["where"] == {
        "facets": {
            "goals": ["A & B"],
            "tags": ["data-type/tabular"],
            "attributes": [{"type": "Scope", "values": ["x=y"]}],
        }
    }
    assert result["detail"] == {"view": "detail", "slug": "a/b"}
