"""What a document would cost to run, measured with its fragments expanded, refused in validation.

A fragment spread twice in a fragment that is itself spread twice doubles at every level, so
a document of a few hundred bytes can stand for millions of fields. Expanding it to count
would take as long as running it; instead each fragment is measured once (memoised) and a
spread adds its fragment's measure. So measuring is linear in the document's size, whatever
it expands to, and a refusal comes before anything is resolved or any Cypher is sent.

Three measures per operation, each bounded by a setting:
- cost (`API_MAX_COST`): field instances after expansion, `__typename` and introspection
  fields included;
- depth (`API_MAX_DEPTH`): fields with a selection along the deepest path (introspection
  fields aside, as strawberry's depth limiter counts them);
- aliases (`API_MAX_ALIASES`): aliased field instances after expansion.

This rule replaces strawberry's depth and alias limiters, which expand every spread again
and take time exponential in the nesting of fragments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    ValidationContext,
    ValidationRule,
)

LIMIT_EXCEEDED = "LIMIT_EXCEEDED"


@dataclass(frozen=True)
class Measure:
    cost: int = 0
    depth: int = 0
    aliases: int = 0

    def plus(self, other: Measure) -> Measure:
        return Measure(
            self.cost + other.cost, max(self.depth, other.depth), self.aliases + other.aliases
        )


@dataclass(frozen=True)
class CostLimits:
    max_cost: int
    max_depth: int
    max_aliases: int


class NestedTooDeeply(Exception):
    """Selections and fragment spreads nest past any depth the limits could allow."""


class DocumentMeasure:
    """Measures selections of one document, each named fragment once.

    Measuring recurses along the document's nesting; a chain of fragments can nest deeper
    than the parser's own bound, so past `max_nesting` levels it stops (`NestedTooDeeply`)
    rather than exhaust Python's stack.
    """

    def __init__(self, fragments: dict[str, FragmentDefinitionNode], max_nesting: int) -> None:
        self.fragments = fragments
        self.max_nesting = max_nesting
        self.level = 0
        self.known: dict[str, Measure] = {}
        self.open: set[str] = set()

    def _enter(self) -> None:
        self.level += 1
        if self.level > self.max_nesting:
            raise NestedTooDeeply

    def selections(self, selections: Iterable[SelectionNode]) -> Measure:
        total = Measure()
        for selection in selections:
            total = total.plus(self.selection(selection))
        return total

    def selection(self, selection: SelectionNode) -> Measure:
        if isinstance(selection, FieldNode):
            return self.field(selection)
        if isinstance(selection, InlineFragmentNode):
            return self.selections(selection.selection_set.selections)
        if isinstance(selection, FragmentSpreadNode):
            return self.fragment(selection.name.value)
        return Measure()

    def field(self, node: FieldNode) -> Measure:
        inner = Measure()
        if node.selection_set:
            self._enter()
            try:
                inner = self.selections(node.selection_set.selections)
            finally:
                self.level -= 1
        introspection = node.name.value.startswith("__")
        depth = 0 if introspection or not node.selection_set else 1 + inner.depth
        return Measure(1 + inner.cost, depth, inner.aliases + (1 if node.alias else 0))

    def fragment(self, name: str) -> Measure:
        if name in self.known:
            return self.known[name]
        definition = self.fragments.get(name)
        # An unknown or cyclic spread counts nothing here: graphql-core's own rules
        # (KnownFragmentNames, NoFragmentCycles) refuse the document.
        if definition is None or name in self.open:
            return Measure()
        self.open.add(name)
        self._enter()
        try:
            measure = self.selections(definition.selection_set.selections)
        finally:
            self.open.discard(name)
            self.level -= 1
        self.known[name] = measure
        return measure


def max_nesting(limits: CostLimits) -> int:
    """Levels of fields and spreads measured before giving up: room for a fragment per
    level of the deepest allowed query, within what Python's stack holds."""
    return min(3 * limits.max_depth + 30, 150)


def measure_operations(definitions: Iterable[Any], nesting: int) -> dict[str, Measure]:
    """Each operation's measure by name ("anonymous" for one without), fragments expanded;
    `NestedTooDeeply` past `nesting` levels."""
    definitions = list(definitions)
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    measure = DocumentMeasure(fragments, nesting)
    return {
        (d.name.value if d.name else "anonymous"): measure.selections(d.selection_set.selections)
        for d in definitions
        if isinstance(d, OperationDefinitionNode)
    }


def refusals(measures: dict[str, Measure], limits: CostLimits) -> list[str]:
    """What is over a limit, one message per operation at most, naming the setting."""
    messages = []
    for name, measure in measures.items():
        where = f"operation {name!r}" if name != "anonymous" else "the query"
        if measure.cost > limits.max_cost:
            messages.append(
                f"{where} selects {measure.cost:,} fields once its fragments are expanded; "
                f"the maximum is {limits.max_cost:,} (API_MAX_COST). Select fewer fields, or "
                "spread each fragment once"
            )
        elif measure.depth > limits.max_depth:
            messages.append(
                f"{where} nests fields deeper than the maximum depth of {limits.max_depth} "
                "(API_MAX_DEPTH)"
            )
        elif measure.aliases > limits.max_aliases:
            messages.append(
                f"{where} uses {measure.aliases} aliases; the maximum is {limits.max_aliases} "
                "(API_MAX_ALIASES)"
            )
    return messages


def create_validator(limits: CostLimits) -> type[ValidationRule]:
    """A graphql-core validation rule refusing documents over `limits`."""

    class CostLimitRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            try:
                measures = measure_operations(context.document.definitions, max_nesting(limits))
            except NestedTooDeeply:
                messages = [
                    "the query nests fields and fragments deeper than the maximum depth of "
                    f"{limits.max_depth} (API_MAX_DEPTH)"
                ]
            else:
                messages = refusals(measures, limits)
            for message in messages:
                context.report_error(GraphQLError(message, extensions={"code": LIMIT_EXCEEDED}))

    return CostLimitRule
