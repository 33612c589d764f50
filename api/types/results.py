"""What mutations answer besides the nodes they wrote: a broken rule, or what was removed."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

RULES = (
    "The rule's id: unique-name, known-reference, attribute-applies-to-goals, single-valued, "
    "primary-goal-required, required, max-length, max-items, tag-name, version-conflict, "
    "concurrent-change, deleted-first, applicability-keeps-techniques-valid (docs/api.md)."
)


@strawberry.type(description="One broken rule of a refused write.")
class Problem:
    field: str = strawberry.field(
        description="The input field's path, as `name`, `tags[1]` or `attributes[2].values[0]`."
    )
    rule: str = strawberry.field(description=RULES)
    message: str = strawberry.field(description="What is wrong and how to fix it.")


@strawberry.type(
    description="A field another write changed since the version a write started from."
)
class FieldChange:
    field: str
    before: JSON | None = strawberry.field(description="Its value at the version given.")
    after: JSON | None = strawberry.field(description="Its value now.")


@strawberry.type(description="A write that broke rules and changed nothing.")
class ValidationError:
    field: str = strawberry.field(description="The input field of the first problem.")
    rule: str = strawberry.field(description="The first problem's rule. " + RULES)
    message: str = strawberry.field(description="Every problem's message, joined by '; '.")
    problems: list[Problem] = strawberry.field(
        default_factory=list, description="Every problem at once, each under its field path."
    )
    current_version: int | None = strawberry.field(
        default=None, description="On version-conflict: the version the technique is at."
    )
    changes: list[FieldChange] | None = strawberry.field(
        default=None,
        description="On version-conflict: each field changed since `expectedVersion`, with its "
        "value then and now.",
    )


@strawberry.type(description="A technique that was deleted.")
class Deleted:
    slug: str


@strawberry.type(description="An attribute value that was removed (from every technique too).")
class RemovedValue:
    type: str
    name: str
