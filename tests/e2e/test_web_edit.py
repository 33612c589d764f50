"""The reference web client's edit form: its attribute fields come from attributeSchema alone,
so a type added through the API appears without any change to the page; a save shows in the
list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="run scripts/browser-setup").expect
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


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
    # The first edit form of a fresh server waits for its first query plans.
    expect(page.locator("#technique-form")).to_be_visible(timeout=60_000)
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


# ---- the editor: nothing lost, clearable fields, pickers, errors, conflicts, history ----

CREATE = """mutation($input: TechniqueInput!) { createTechnique(input: $input) {
  __typename ... on Technique { slug version } ... on ValidationError { message } } }"""
UPDATE = """mutation($slug: String!, $input: TechniqueInput!) {
  updateTechnique(slug: $slug, input: $input) { __typename ... on Technique { version } } }"""
READ = """query($slug: String!) { technique(slug: $slug) { name description modelDependency
  exampleUseCase tags { name } attributes { type { name } value { name } } } }"""
FAIRNESS_CATEGORY = '{ goal(name: "Fairness") { categories(limit: 1) { name } } }'


def _technique(post: Any, tokens: dict[str, str], name: str, **changes: Any) -> str:
    category = post(FAIRNESS_CATEGORY)["data"]["goal"]["categories"][0]["name"]
    given = {
        "name": name,
        "description": "Made for a browser test.",
        "primaryGoal": "Fairness",
        "categories": [category],
        "modelDependency": "Model-Agnostic",
        "exampleUseCase": "A loan model.",
    } | changes
    made = post(CREATE, {"input": given}, token=tokens["editor"])["data"]["createTechnique"]
    assert made["__typename"] == "Technique", made
    return str(made["slug"])


def _read(post: Any, slug: str) -> dict[str, Any]:
    technique: dict[str, Any] = post(READ, {"slug": slug})["data"]["technique"]
    return technique


def _signed_in(page: Any, api_server: str, token: str) -> None:
    page.goto(f"{api_server}/")
    page.fill("#token", token)
    page.press("#token", "Tab")


def test_editing_only_the_description_keeps_an_out_of_scope_value(
    page: Any, api_server: str, post: Any, tokens: dict[str, str], e2e_catalog: Any
) -> None:
    slug = _technique(post, tokens, "Browser Keeps Legacy")
    # What the migration keeps with a warning: a Scope value (Explainability) on a
    # Fairness-only technique.
    e2e_catalog.write(
        "MATCH (t:Technique {slug: $slug}), (v:AttributeValue {typeKey: 'scope'}) "
        "WITH t, v ORDER BY v.key LIMIT 1 MERGE (t)-[:HAS_ATTRIBUTE]->(v)",
        {"slug": slug},
    )
    held = [(a["type"]["name"], a["value"]["name"]) for a in _read(post, slug)["attributes"]]
    assert [t for t, _ in held] == ["Scope"]
    _signed_in(page, api_server, tokens["editor"])
    page.goto(f"{api_server}/#/t/{slug}/edit")
    out = page.locator("#out-of-scope")
    expect(out).to_contain_text(f"Scope: {held[0][1]}")
    expect(out.locator(".badge")).to_have_text(["out of scope"])
    page.fill('textarea[name="description"]', "Only the description changed.")
    page.locator("#save").click()
    expect(page.locator("article.detail h1")).to_have_text("Browser Keeps Legacy")
    after = _read(post, slug)
    assert after["description"] == "Only the description changed."
    assert [(a["type"]["name"], a["value"]["name"]) for a in after["attributes"]] == held
    # Removed explicitly, it goes.
    page.goto(f"{api_server}/#/t/{slug}/edit")
    page.locator("#out-of-scope input").uncheck()
    page.locator("#save").click()
    expect(page.locator("article.detail h1")).to_be_visible()
    assert _read(post, slug)["attributes"] == []


def test_emptied_fields_are_cleared(
    page: Any, api_server: str, post: Any, tokens: dict[str, str]
) -> None:
    slug = _technique(post, tokens, "Browser Clears Fields")
    _signed_in(page, api_server, tokens["editor"])
    page.goto(f"{api_server}/#/t/{slug}/edit")
    page.select_option('select[name="modelDependency"]', "")
    page.fill('textarea[name="exampleUseCase"]', "")
    page.locator("#save").click()
    expect(page.locator("article.detail h1")).to_be_visible()
    after = _read(post, slug)
    assert (after["modelDependency"], after["exampleUseCase"]) == (None, None)


def test_problems_show_at_their_fields_and_submit_waits_while_saving(
    page: Any, api_server: str, post: Any, tokens: dict[str, str]
) -> None:
    taken = _technique(post, tokens, "Browser Name Taken")
    _signed_in(page, api_server, tokens["editor"])
    page.goto(f"{api_server}/#/new")
    page.fill('input[name="name"]', "Browser Name Taken")
    page.select_option('select[name="primaryGoal"]', "Fairness")
    held: list[Any] = []
    page.route("**/graphql", lambda route: held.append(route) if "EditorCreate" in (
        route.request.post_data or "") else route.continue_())  # fmt: skip
    page.locator("#save").click()
    expect(page.locator("#save")).to_be_disabled()
    expect(page.locator("#save")).to_have_text("Saving…")
    held[0].continue_()
    expect(page.locator("#save")).to_be_enabled()
    name_error = page.locator('.field-box[data-field="name"] > .field-error')
    expect(name_error).to_contain_text("already exists")
    expect(page.locator('.field-box[data-field="description"] > .field-error')).to_contain_text(
        "required"
    )
    expect(page.locator("#form-message")).to_contain_text("2 problems")
    assert _read(post, taken)["name"] == "Browser Name Taken"


def test_delete_asks_first_and_the_history_restores_it(
    page: Any, api_server: str, post: Any, tokens: dict[str, str]
) -> None:
    slug = _technique(post, tokens, "Browser Deletes")
    _signed_in(page, api_server, tokens["editor"])
    page.goto(f"{api_server}/#/t/{slug}/edit")
    page.locator("#delete").click()
    expect(page.locator("#confirm-delete")).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#confirm-delete")).to_be_hidden()
    assert _read(post, slug) is not None
    page.locator("#delete").click()
    page.locator("#confirm-delete-yes").click()
    expect(page.locator("#results")).to_be_visible()
    assert _read(post, slug) is None
    page.goto(f"{api_server}/#/t/{slug}/history")
    page.locator("#undelete").click()
    expect(page.locator("#history-message")).to_contain_text("back")
    assert _read(post, slug)["name"] == "Browser Deletes"


def test_leaving_unsaved_changes_asks_and_new_technique_is_always_blank(
    page: Any, api_server: str, post: Any, tokens: dict[str, str]
) -> None:
    slug = _technique(post, tokens, "Browser Leaves")
    _signed_in(page, api_server, tokens["editor"])
    page.goto(f"{api_server}/#/t/{slug}/edit")
    page.fill('input[name="name"]', "Half typed")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("link", name="← back").click()
    expect(page.locator('input[name="name"]')).to_have_value("Half typed")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="New technique").click()
    expect(page.locator("form.edit h1")).to_have_text("New technique")
    expect(page.locator('input[name="name"]')).to_have_value("")
    page.fill('input[name="name"]', "Typed into new")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="New technique").click()
    expect(page.locator('input[name="name"]')).to_have_value("")
    assert _read(post, slug)["name"] == "Browser Leaves"


def test_pickers_offer_the_vocabulary_and_create_inline_as_the_role_allows(
    page: Any, api_server: str, post: Any, tokens: dict[str, str]
) -> None:
    slug = _technique(post, tokens, "Browser Picks")
    _signed_in(page, api_server, tokens["editor"])
    page.goto(f"{api_server}/#/t/{slug}/edit")
    expect(page.locator('select[name="modelDependency"] option')).not_to_have_count(1)
    page.fill("#new-tag", "browser/made")
    page.locator("#new-tag-add").click()
    expect(page.locator('#tags input[value="browser/made"]')).to_be_checked()
    page.fill("#new-sub-category", "Browser Sub")
    page.locator("#new-sub-category-add").click()
    expect(page.locator("#sub-categories .inline-message")).to_contain_text("admin")
    page.locator("#save").click()
    expect(page.locator("article.detail h1")).to_be_visible()
    assert [t["name"] for t in _read(post, slug)["tags"]] == ["browser/made"]


def test_a_conflict_shows_what_changed_and_merges_as_chosen(
    page: Any, api_server: str, post: Any, tokens: dict[str, str]
) -> None:
    slug = _technique(post, tokens, "Browser Conflict")
    _signed_in(page, api_server, tokens["editor"])
    page.goto(f"{api_server}/#/t/{slug}/edit")
    expect(page.locator('input[name="name"]')).to_have_value("Browser Conflict")
    post(UPDATE, {"slug": slug, "input": {"description": "Theirs."}}, token=tokens["editor"])
    page.fill('input[name="name"]', "Browser Conflict Mine")
    page.fill('textarea[name="description"]', "Mine.")
    page.locator("#save").click()
    screen = page.locator("#conflict")
    expect(screen).to_contain_text("version 2")
    row = screen.locator('tr[data-field="description"]')
    expect(row).to_contain_text("Theirs.")
    row.locator('input[value="theirs"]').check()
    page.locator("#conflict-save").click()
    expect(page.locator("article.detail h1")).to_have_text("Browser Conflict Mine")
    after = _read(post, slug)
    assert (after["name"], after["description"]) == ("Browser Conflict Mine", "Theirs.")


def test_the_history_view_lists_each_change_and_restores_a_version(
    page: Any, api_server: str, post: Any, tokens: dict[str, str], snapshot: Any
) -> None:
    slug = _technique(post, tokens, "Browser History")
    post(UPDATE, {"slug": slug, "input": {"description": "Second."}}, token=tokens["editor"])
    post(UPDATE, {"slug": slug, "input": {"exampleUseCase": ""}}, token=tokens["editor"])
    _signed_in(page, api_server, tokens["editor"])
    page.goto(f"{api_server}/#/t/{slug}/history")
    entries = page.locator("#history > li")
    expect(entries).to_have_count(3)
    expect(entries.first).to_contain_text("v3 · update")
    expect(entries.nth(1).locator("td.after")).to_have_text("Second.")
    page.screenshot(path=str(DOCS_IMAGES / "history.png"))
    snapshot("history")
    entries.last.get_by_role("button", name="Restore version 1").click()
    expect(page.locator("#history-message")).to_contain_text("Restored version 1 as version 4")
    expect(entries).to_have_count(4)
    after = _read(post, slug)
    assert (after["description"], after["exampleUseCase"]) == (
        "Made for a browser test.",
        "A loan model.",
    )
