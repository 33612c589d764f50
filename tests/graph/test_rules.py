"""The model's rules are pure: the same answers for the loader and the API, with no server."""

from __future__ import annotations

import dataclasses

import pytest

from graph.keys import name_key
from graph.rules import (
    ATTRIBUTE_NOT_APPLICABLE,
    DUPLICATE_NAME,
    MIGRATED_ATTRIBUTE_TYPES,
    PRIMARY_GOAL_REQUIRED,
    SINGLE_VALUED,
    UNKNOWN_REFERENCE,
    AttributeTypeSpec,
    attribute_applies,
    check_attribute_values,
    check_primary_goal,
    check_references,
    check_unique_names,
    duplicate_names,
)

TYPES = {spec.name: spec for spec in MIGRATED_ATTRIBUTE_TYPES}
SCOPE = TYPES["Scope"]
SINGLE = AttributeTypeSpec(
    key="risk-level",
    name="Risk Level",
    multi_valued=False,
    applies_to_all=True,
    applicable_goal_keys=frozenset(),
)


# --- the migrated attribute types ----------------------------------------------------------


def test_the_migrated_types_are_exactly_the_plans_three() -> None:
    assert [(s.name, s.key, sorted(s.applicable_goal_keys)) for s in MIGRATED_ATTRIBUTE_TYPES] == [
        ("Fairness Approach", "fairness approach", ["fairness"]),
        ("Project Lifecycle Stage", "project lifecycle stage", ["fairness"]),
        ("Scope", "scope", ["explainability"]),
    ]


@pytest.mark.parametrize("spec", MIGRATED_ATTRIBUTE_TYPES, ids=lambda s: s.name)
def test_every_migrated_type_is_multi_valued_and_limited_to_its_goals(
    spec: AttributeTypeSpec,
) -> None:
    assert spec.multi_valued is True
    assert spec.applies_to_all is False
    assert spec.key == name_key(spec.name)


def test_specs_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SCOPE.name = "Range"  # type: ignore[misc]


# --- rule 1: applicability -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("goals", "applies"),
    [
        (["explainability"], True),
        (["Explainability"], True),  # names work as well as keys
        ([" EXPLAINABILITY "], True),
        (["fairness", "explainability"], True),  # any one goal is enough
        (["fairness", "safety"], False),
        ([], False),
        (["explain"], False),
    ],
)
def test_scope_applies_only_to_techniques_of_explainability(
    goals: list[str], applies: bool
) -> None:
    assert attribute_applies(SCOPE, goals) is applies


@pytest.mark.parametrize("goals", [[], ["fairness"], ["anything"]])
def test_a_type_that_applies_to_all_applies_whatever_the_goals(goals: list[str]) -> None:
    assert attribute_applies(SINGLE, goals)


def test_a_value_outside_the_types_goals_says_which_goal_to_add() -> None:
    [violation] = check_attribute_values(SCOPE, ["Global"], ["Fairness", "Safety"])
    assert violation.rule == ATTRIBUTE_NOT_APPLICABLE
    assert violation.field == "Scope"
    assert violation.message == (
        "Scope applies to techniques of Explainability; this technique's goals are "
        "Fairness, Safety: add an Explainability category or remove the value"
    )


def test_a_technique_without_goals_is_named_as_such() -> None:
    [violation] = check_attribute_values(TYPES["Fairness Approach"], ["Reweighing"], [])
    assert "goals are none" in violation.message
    assert "add a Fairness category" in violation.message


def test_goals_given_as_a_set_are_listed_in_a_stable_order() -> None:
    [violation] = check_attribute_values(SCOPE, ["Local"], {"safety", "fairness"})
    assert "goals are fairness, safety:" in violation.message


@pytest.mark.parametrize("goals", [["Explainability"], ["fairness", "explainability"]])
def test_values_within_the_types_goals_break_no_rule(goals: list[str]) -> None:
    assert check_attribute_values(SCOPE, ["Global", "Local"], goals) == []


def test_no_values_break_no_rule_even_outside_the_types_goals() -> None:
    assert check_attribute_values(SCOPE, [], ["Fairness"]) == []


# --- rule 2: single-valued types -----------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "broken"),
    [
        (["High"], False),
        (["High", "high "], False),  # one value written twice
        (["High", "Low"], True),
        (["High", "Low", "Medium"], True),
    ],
)
def test_a_single_valued_type_holds_one_value(values: list[str], broken: bool) -> None:
    violations = check_attribute_values(SINGLE, values, ["fairness"])
    assert [v.rule for v in violations] == ([SINGLE_VALUED] if broken else [])


def test_the_single_valued_message_lists_the_values_and_says_keep_one() -> None:
    [violation] = check_attribute_values(SINGLE, ["High", "Low"], [])
    assert violation.message == (
        "Risk Level holds one value per technique, but 2 were given (High, Low); keep one of them"
    )


def test_a_value_can_break_both_rules_at_once() -> None:
    narrow_single = dataclasses.replace(SCOPE, multi_valued=False)
    violations = check_attribute_values(narrow_single, ["Global", "Local"], ["fairness"])
    assert [v.rule for v in violations] == [ATTRIBUTE_NOT_APPLICABLE, SINGLE_VALUED]


# --- rule 3: unique names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "duplicates"),
    [
        ([], {}),
        (["Fairness", "Safety"], {}),
        (
            ["Fairness", "fairness ", "FAIRNESS"],
            {"fairness": ["Fairness", "fairness ", "FAIRNESS"]},
        ),
        (["Straße", "STRASSE"], {"strasse": ["Straße", "STRASSE"]}),
        (["Data  Type", "data type", "Tag"], {"data type": ["Data  Type", "data type"]}),
        (["Same", "Same"], {"same": ["Same", "Same"]}),
        (["Cafe\u0301", "Café"], {"café": ["Cafe\u0301", "Café"]}),
    ],
    ids=["none", "distinct", "case", "sharp-s", "spaces", "repeated", "unicode-forms"],
)
def test_names_sharing_a_key_are_grouped_under_it(
    names: list[str], duplicates: dict[str, list[str]]
) -> None:
    assert duplicate_names(names) == duplicates


def test_duplicate_names_accepts_any_iterable() -> None:
    assert duplicate_names(name for name in ["A", "a"]) == {"a": ["A", "a"]}


def test_each_group_of_duplicates_is_one_violation_saying_rename_or_merge() -> None:
    [violation] = check_unique_names("goal", ["Fairness", "FAIRNESS", "Safety"])
    assert violation.rule == DUPLICATE_NAME
    assert "'Fairness', 'FAIRNESS'" in violation.message
    assert "rename or merge" in violation.message


# --- rule 4: one primary goal ----------------------------------------------------------------


@pytest.mark.parametrize("goal", [None, "", "   ", "\t\n"])
def test_a_technique_without_a_primary_goal_is_refused(goal: str | None) -> None:
    [violation] = check_primary_goal(goal)
    assert violation.rule == PRIMARY_GOAL_REQUIRED
    assert violation.field == "primaryGoal"
    assert "exactly one primary goal" in violation.message


def test_a_named_primary_goal_breaks_no_rule() -> None:
    assert check_primary_goal("Fairness") == []


# --- references --------------------------------------------------------------------------------


def test_a_reference_to_an_unknown_name_says_what_is_missing() -> None:
    violations = check_references("goal", "goals", ["Fairness", "Saftey"], {"fairness"})
    assert [(v.rule, v.field) for v in violations] == [(UNKNOWN_REFERENCE, "goals")]
    assert "'Saftey', which does not exist" in violations[0].message


def test_references_are_matched_by_key() -> None:
    assert check_references("goal", "goals", [" FAIRNESS"], {"fairness"}) == []
