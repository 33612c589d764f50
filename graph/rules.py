"""The rules of docs/model.md as pure functions: no I/O, shared by the loader and the API.

Each check returns `RuleViolation`s rather than raising, so the migration can load legacy data
that breaks a rule with a warning while the API refuses the same write with a typed error.
Goals may be given by name or by key: they are compared by `name_key` and shown as given.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from graph.keys import clean_name, name_key

ATTRIBUTE_NOT_APPLICABLE = "attribute-applies-to-goals"
SINGLE_VALUED = "single-valued"
DUPLICATE_NAME = "unique-name"
PRIMARY_GOAL_REQUIRED = "primary-goal-required"
UNKNOWN_REFERENCE = "known-reference"


@dataclass(frozen=True)
class AttributeTypeSpec:
    """An attribute type as the rules see it; `applicable_goal_names` only words messages."""

    key: str
    name: str
    multi_valued: bool
    applies_to_all: bool
    applicable_goal_keys: frozenset[str]
    applicable_goal_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleViolation:
    """A broken rule: its id (one of the constants above), the field, and how to fix it."""

    rule: str
    field: str
    message: str


def _migrated_type(name: str, goal_names: tuple[str, ...]) -> AttributeTypeSpec:
    # The legacy links are many-to-many, and a legacy scope such as 'Global, Local' is two
    # values, so every migrated type is multi-valued.
    return AttributeTypeSpec(
        key=name_key(name),
        name=name,
        multi_valued=True,
        applies_to_all=False,
        applicable_goal_keys=frozenset(name_key(goal) for goal in goal_names),
        applicable_goal_names=goal_names,
    )


# The plan's step 4 (docs/model.md, "The migrated attribute types").
MIGRATED_ATTRIBUTE_TYPES: tuple[AttributeTypeSpec, ...] = (
    _migrated_type("Fairness Approach", ("Fairness",)),
    _migrated_type("Project Lifecycle Stage", ("Fairness",)),
    _migrated_type("Scope", ("Explainability",)),
)


def attribute_applies(spec: AttributeTypeSpec, goal_keys: Collection[str]) -> bool:
    """Whether values of this type may be set on a technique with these goals (rule 1)."""
    if spec.applies_to_all:
        return True
    return any(name_key(goal) in spec.applicable_goal_keys for goal in goal_keys)


def check_attribute_values(
    spec: AttributeTypeSpec, values: Sequence[str], goal_keys: Collection[str]
) -> list[RuleViolation]:
    """Rules 1 and 2 for the values of one type set on one technique; [] when all is well."""
    if not values:
        return []
    violations = []
    if not attribute_applies(spec, goal_keys):
        applicable = " or ".join(spec.applicable_goal_names or sorted(spec.applicable_goal_keys))
        shown = goal_keys if isinstance(goal_keys, Sequence) else sorted(goal_keys)
        goals = ", ".join(shown) if shown else "none"
        add = f"an {applicable}" if applicable[:1].upper() in "AEIOU" else f"a {applicable}"
        violations.append(
            RuleViolation(
                rule=ATTRIBUTE_NOT_APPLICABLE,
                field=spec.name,
                message=(
                    f"{spec.name} applies to techniques of {applicable}; this technique's "
                    f"goals are {goals}: add {add} category or remove the value"
                ),
            )
        )
    distinct = list(dict.fromkeys(name_key(value) for value in values))
    if not spec.multi_valued and len(distinct) > 1:
        shown = ", ".join(values)
        violations.append(
            RuleViolation(
                rule=SINGLE_VALUED,
                field=spec.name,
                message=(
                    f"{spec.name} holds one value per technique, but {len(distinct)} were "
                    f"given ({shown}); keep one of them"
                ),
            )
        )
    return violations


def duplicate_names(names: Iterable[str]) -> dict[str, list[str]]:
    """Names that share a key (rule 3): key → the names sharing it, in the order given."""
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(name_key(name), []).append(name)
    return {key: group for key, group in by_key.items() if len(group) > 1}


def check_unique_names(kind: str, names: Iterable[str]) -> list[RuleViolation]:
    """Rule 3 as violations: one per group of names that differ only in case or spacing."""
    return [
        RuleViolation(
            rule=DUPLICATE_NAME,
            field="name",
            message=(
                f"{kind} names {', '.join(repr(n) for n in group)} are one name ({key!r}) "
                f"once case and spacing are ignored; rename or merge them"
            ),
        )
        for key, group in duplicate_names(names).items()
    ]


def check_primary_goal(goal: str | None) -> list[RuleViolation]:
    """Rule 4: a technique has exactly one primary goal."""
    if goal is not None and clean_name(goal):
        return []
    return [
        RuleViolation(
            rule=PRIMARY_GOAL_REQUIRED,
            field="primaryGoal",
            message="a technique needs exactly one primary goal; give the name of a goal",
        )
    ]


def check_references(
    kind: str,
    field: str,
    names: Iterable[str],
    known_keys: Collection[str],
    indexed: bool = False,
) -> list[RuleViolation]:
    """One violation per name that matches no known `kind` (compared by key); `indexed`
    gives each its place in the list as the field path (`tags[2]`)."""
    return [
        RuleViolation(
            rule=UNKNOWN_REFERENCE,
            field=f"{field}[{i}]" if indexed else field,
            message=f"{field} names {kind} {name!r}, which does not exist; add it or fix the name",
        )
        for i, name in enumerate(names)
        if name_key(name) not in known_keys
    ]


# The write side's rules (the API's mutations; the loader never needs them).
VERSION_CONFLICT = "version-conflict"
CONCURRENT_CHANGE = "concurrent-change"
REQUIRED = "required"
STILL_APPLIES = "applicability-keeps-techniques-valid"
NAMES_SHOWN = 5


# Text limits of every write, in characters (docs/api.md, "Rules and limits"). Names are
# index keys (unique constraints and range indexes), and Neo4j refuses an index key above
# 8,167 bytes; a name of at most NAME_MAX characters stays far below it in any encoding.
NAME_MAX = 200
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 20_000
LIST_MAX = 200
SLUG_MAX = 80
TOO_LONG = "max-length"
TOO_MANY = "max-items"
TAG_NAME = "tag-name"


def check_length(field: str, text: str | None, limit: int) -> list[RuleViolation]:
    """A text of at most `limit` characters (None, not given, passes)."""
    if text is None or len(text) <= limit:
        return []
    return [
        RuleViolation(
            rule=TOO_LONG,
            field=field,
            message=(f"{field} holds {len(text):,} characters; the limit is {limit:,}: shorten it"),
        )
    ]


def check_count(
    field: str, items: Sequence[object] | None, limit: int = LIST_MAX
) -> list[RuleViolation]:
    if items is None or len(items) <= limit:
        return []
    return [
        RuleViolation(
            rule=TOO_MANY,
            field=field,
            message=f"{field} holds {len(items):,} items; the limit is {limit:,}",
        )
    ]


def check_name_given(field: str, name: str | None) -> list[RuleViolation]:
    """A name must hold something besides whitespace, and fit the name limit."""
    if name is not None and clean_name(name):
        return check_length(field, name, NAME_MAX)
    return [RuleViolation(rule=REQUIRED, field=field, message=f"{field} is required; give a name")]


def check_required_text(field: str, text: str | None, limit: int) -> list[RuleViolation]:
    """A text that must hold something besides whitespace (a technique's description)."""
    if text is not None and text.strip():
        return check_length(field, text, limit)
    return [
        RuleViolation(rule=REQUIRED, field=field, message=f"{field} is required; write some text")
    ]


def check_tag_name(field: str, name: str, problem: str | None) -> list[RuleViolation]:
    """A tag name's hierarchy (graph/tag_names.py: `tag_name_problem`) must be well formed."""
    if problem is None:
        return []
    return [
        RuleViolation(
            rule=TAG_NAME,
            field=field,
            message=(
                f"tag name {name!r} {problem}; a tag is names joined by '/', as data-type/tabular"
            ),
        )
    ]


def check_name_free(kind: str, name: str, taken: bool) -> list[RuleViolation]:
    """Rule 3 for a new or renamed node: `taken` when another node of its kind has its key."""
    if not taken:
        return []
    return [
        RuleViolation(
            rule=DUPLICATE_NAME,
            field="name",
            message=(
                f"a {kind} named {clean_name(name)!r} already exists (names are unique "
                "case-insensitively); choose another name or edit the existing one"
            ),
        )
    ]


def check_version(
    expected: int | None, actual: int, changed: Sequence[str] = ()
) -> list[RuleViolation]:
    """Optimistic concurrency: the client edited version `expected`, the graph holds `actual`;
    `changed` names the fields written since `expected` (from the edit history)."""
    if expected is None or expected == actual:
        return []
    what = f" ({', '.join(changed)} changed)" if changed else ""
    return [
        RuleViolation(
            rule=VERSION_CONFLICT,
            field="expectedVersion",
            message=(
                f"the technique is at version {actual}, not {expected}: someone else changed "
                f"it meanwhile{what}; reload it, reapply your change and send the new version"
            ),
        )
    ]


def newly_broken(
    before: AttributeTypeSpec,
    after: AttributeTypeSpec,
    techniques: Iterable[tuple[str, Collection[str], Collection[str]]],
) -> list[str]:
    """The techniques (slug, goal keys before, goal keys after) holding values of a type that
    applied to them before a change and would not after it (rule 1 kept by changes)."""
    return [
        slug
        for slug, goals_before, goals_after in techniques
        if attribute_applies(before, goals_before) and not attribute_applies(after, goals_after)
    ]


def check_change_keeps_techniques_valid(
    field: str, type_name: str, slugs: Sequence[str], fix: str
) -> list[RuleViolation]:
    """Refuse a change that would leave these techniques with `type_name` values that no
    longer apply: name the first few and count the rest."""
    if not slugs:
        return []
    shown = ", ".join(slugs[:NAMES_SHOWN])
    more = f" and {len(slugs) - NAMES_SHOWN} more" if len(slugs) > NAMES_SHOWN else ""
    return [
        RuleViolation(
            rule=STILL_APPLIES,
            field=field,
            message=(
                f"{len(slugs)} technique(s) hold {type_name} values that would no longer apply "
                f"to their goals: {shown}{more}; {fix}"
            ),
        )
    ]
