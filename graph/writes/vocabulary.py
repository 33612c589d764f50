"""Model dependency as a controlled vocabulary: `(:ModelDependency {name, key})` nodes.

A technique's `modelDependency` stays a property (the contract reads it so), but a write may
set only a value of the vocabulary, or keep the technique's own. The migration makes a node
of every value the source's techniques hold, and every sync of those it holds then
(graph/migration/writes.py: MODEL_DEPENDENCIES); adding another value is its own
role-checked write (`createModelDependency`, admin). A graph migrated before the vocabulary
had nodes gets them on its next `catalog migrate`; until then `catalog validate` names the
values techniques hold outside it.
"""

from __future__ import annotations

from graph.connection import Graph
from graph.keys import clean_name, name_key
from graph.rules import (
    SHORT_TEXT_MAX,
    UNKNOWN_REFERENCE,
    RuleViolation,
    check_name_free,
    check_name_given,
)
from graph.writes.refusal import Tx, in_write_tx, refuse_if

VALUES = "MATCH (m:ModelDependency) RETURN m.name AS name ORDER BY toLower(m.name), m.name"
KNOWN = "RETURN EXISTS { MATCH (m:ModelDependency {key: $key}) } AS known"
CREATE = "MERGE (m:ModelDependency {key: $key}) ON CREATE SET m.name = $name"


def model_dependencies(graph: Graph) -> list[str]:
    """The vocabulary, case-insensitively sorted."""
    return [row["name"] for row in graph.read(VALUES)]


def check_model_dependency(tx: Tx, value: str | None, current: str | None) -> list[RuleViolation]:
    """A value of the vocabulary, an empty one (clears), or the technique's own current one."""
    if value is None or not value.strip() or value == current or len(value) > SHORT_TEXT_MAX:
        return []  # nothing to look up (an over-long value is refused by its length)
    if tx.one(KNOWN, {"key": name_key(value)})["known"]:
        return []
    return [
        RuleViolation(
            rule=UNKNOWN_REFERENCE,
            field="modelDependency",
            message=(
                f"modelDependency {value!r} is not in the vocabulary (modelDependencies lists "
                "it); choose one, or have an admin add it (createModelDependency)"
            ),
        )
    ]


def create_model_dependency(graph: Graph, name: str) -> str:
    def work(tx: Tx) -> str:
        refuse_if(check_name_given("name", name))
        taken = tx.one(KNOWN, {"key": name_key(name)})["known"]
        refuse_if(check_name_free("model dependency", name, bool(taken)))
        tx.run(CREATE, {"key": name_key(name), "name": clean_name(name)})
        return clean_name(name)

    return in_write_tx(graph, work)
