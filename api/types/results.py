"""What mutations answer besides the nodes they wrote: a broken rule, or what was removed."""

from __future__ import annotations

import strawberry


@strawberry.type(description="A write that broke a rule and changed nothing.")
class ValidationError:
    field: str = strawberry.field(description="The input field at fault.")
    rule: str = strawberry.field(
        description="The rule's id: unique-name, known-reference, attribute-applies-to-goals, "
        "single-valued, primary-goal-required, required, version-conflict, "
        "applicability-keeps-techniques-valid."
    )
    message: str = strawberry.field(description="What is wrong and how to fix it.")


@strawberry.type(description="A technique that was deleted.")
class Deleted:
    slug: str


@strawberry.type(description="An attribute value that was removed (from every technique too).")
class RemovedValue:
    type: str
    name: str
