"""A Cypher statement under construction: its text, its parameters and fresh variable names.

Builders append text made only of this package's templates and of names from `entities`;
every value that came with the request goes in through `param`, so it reaches Neo4j as a
parameter and never as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, LiteralString, cast

from graph.connection import Graph, Records
from graph.queries.errors import LimitExceeded

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# A GraphQL name (a response key): what a projection's map keys are.
_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")


@dataclass(frozen=True)
class Limits:
    """How much one request may ask for (the API_MAX_* settings)."""

    max_page_size: int = 100
    max_filter_depth: int = 6
    max_filter_terms: int = 500
    max_hops: int = 5
    max_nodes: int = 2_000_000


@dataclass
class Statement:
    """The text, the parameters, and counters for fresh parameter and variable names."""

    limits: Limits = field(default_factory=Limits)
    params: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    _variables: int = 0
    filter_terms: int = 0
    nodes: int = 0

    def param(self, value: Any) -> str:
        """A new parameter holding `value`; returns its reference (`$p3`)."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def add_nodes(self, count: int, path: str) -> None:
        """Count `count` more objects the answer may hold; refuse past API_MAX_NODES.

        Each list counts as many items as its page size allows, times the items it is nested
        in (GitHub's rule for its GraphQL API), so the bound holds whatever the data.
        """
        self.nodes += count
        if self.nodes > self.limits.max_nodes:
            raise LimitExceeded(
                f"{path}: the query could return up to {self.nodes:,} objects, over the "
                f"maximum of {self.limits.max_nodes:,} (API_MAX_NODES); give nested lists "
                "a smaller limit",
                path,
            )

    def variable(self, prefix: str = "n") -> str:
        """A variable name not used yet in this statement."""
        self._variables += 1
        return f"{prefix}{self._variables}"

    def run(self, graph: Graph) -> Records:
        """Send the statement in a read transaction."""
        # The text is built from this package's literal templates and whitelisted names only
        # (user values are in `params`), which is what LiteralString asks of callers. Its
        # answer is maps of values, never nodes, so the records need no deep conversion.
        return graph.read_plain(cast(LiteralString, self.text), self.params)


def fill(template: str, **names: str) -> str:
    """`template` with each `{name}` slot replaced by a variable name.

    Plain replacement rather than `str.format`, so Cypher's own braces (maps, `{0,1}`
    quantifiers, subqueries) need no escaping.
    """
    for slot, name in names.items():
        if not _IDENTIFIER.match(name):
            raise ValueError(f"{name!r} is not a Cypher variable name")
        template = template.replace("{" + slot + "}", name)
    return template


def map_key(name: str) -> str:
    """A map key in backticks, after checking it is a GraphQL name (a response key: the
    client's alias is text it chose, but GraphQL's grammar admits only these characters)."""
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a projection key")
    return f"`{name}`"
