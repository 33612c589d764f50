"""The reference web client's edit form: its attribute fields come from attributeSchema alone,
so a type added through the API appears without any change to the page; a save shows in the
list."""

from __future__ import annotations

from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect


CREATE_ATTRIBUTE_TYPE = """
mutation CreateAttributeType($input: AttributeTypeInput!) {
  createAttributeType(input: $input) {
    __typename
    ... on AttributeType { name multiValued appliesToAll applicableGoals { name } values { name } }
    ... on ValidationError { field rule message }
  }
}"""
FAIRNESS_TECHNIQUES = """
{ techniques(where: { primaryGoal: { name: { eq: "Fairness" } } }, sort: [{ name: DESC }], limit: 1)
  { slug name } }"""


def test_a_new_attribute_type_appears_in_the_form_and_an_edit_shows_in_the_list(
    page: Any, api_server: str, post: Any, tokens: dict[str, str], snapshot: Any
) -> None:
    created = post(
        CREATE_ATTRIBUTE_TYPE,
        {"input": {"name": "Evidence Strength", "multiValued": False, "appliesToAll": False,
                   "applicableGoals": ["Fairness"], "values": ["Weak", "Moderate", "Strong"]}},
        token=tokens["admin"],
    )  # fmt: skip
    assert not created.get("errors"), created
    assert created["data"]["createAttributeType"]["__typename"] == "AttributeType", created
    (technique,) = post(FAIRNESS_TECHNIQUES)["data"]["techniques"]

    page.goto(f"{api_server}/")
    page.fill("#token", tokens["editor"])
    page.press("#token", "Tab")  # `change` stores it in sessionStorage
    page.goto(f"{api_server}/#/t/{technique['slug']}/edit")
    new_field = page.locator('fieldset[data-attribute="Evidence Strength"]')
    # Single-valued: one choice (a select); multi-valued: checkboxes.
    expect(new_field.locator("select option")).to_have_text(
        ["— none —", "Weak", "Moderate", "Strong"]
    )
    expect(new_field.locator("input[type=checkbox]")).to_have_count(0)
    approach = page.locator('fieldset[data-attribute="Fairness Approach"]')
    expect(approach.locator("input[type=checkbox]").first).to_be_visible()

    new_field.locator("select").select_option("Strong")
    approach.locator("input[type=checkbox]").first.check()
    page.locator("#attribute-fields").scroll_into_view_if_needed()
    snapshot("form")
    renamed = f"{technique['name']} (reviewed)"
    page.fill('input[name="name"]', renamed)
    page.get_by_role("button", name="Save").click()

    expect(page.locator("article.detail h1")).to_have_text(renamed)
    expect(page.locator("article.detail")).to_contain_text("Evidence Strength: Strong")
    page.locator("a", has_text="← all techniques").click()
    # The new value is a facet of its own now; ticking it leaves the edited technique.
    facet = page.locator('[data-facet="Evidence Strength"] label', has_text="Strong")
    expect(facet.locator(".count")).to_have_text("1")
    facet.locator("input").check()
    expect(page.locator("#total")).to_have_text("1")
    card = page.locator("#results > li")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(renamed)
    expect(card).to_contain_text("Evidence Strength: Strong")


def test_the_form_draws_the_attribute_fields_of_the_goals_chosen_so_far(
    page: Any, api_server: str
) -> None:
    page.goto(f"{api_server}/#/new")
    expect(page.locator("#attribute-fields")).to_contain_text("Choose a goal")
    page.select_option('select[name="primaryGoal"]', "Explainability")
    scope = page.locator('fieldset[data-attribute="Scope"]')
    expect(scope.locator("input[type=checkbox]")).to_have_count(2)  # Global, Local
    expect(page.locator('fieldset[data-attribute="Fairness Approach"]')).to_have_count(0)
    scope.locator("input[value=Local]").check()

    # A category serving Fairness adds Fairness's types; Scope stays, still ticked.
    page.locator('#categories input[value="Group"]').check()
    expect(page.locator('fieldset[data-attribute="Fairness Approach"]')).to_be_visible()
    expect(scope.locator("input[value=Local]")).to_be_checked()

    # Without a token the API refuses the write, and the form says so.
    page.fill('input[name="name"]', "Never Saved")
    page.get_by_role("button", name="Create").click()
    expect(page.locator("#form-message [role=alert]")).to_contain_text("token")
