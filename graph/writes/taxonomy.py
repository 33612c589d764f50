"""Goals, categories, subcategories and tags: create, rename, link and unlink.

Labels and relationship types come from the fixed table `KINDS` below, never from a client;
every name a client sends travels as a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString, cast

from graph.connection import Graph
from graph.keys import clean_name, name_key, sort_name
from graph.queries.entities import CATEGORY, GOAL, SUBCATEGORY, TAG, Entity
from graph.queries.selection import Selection
from graph.queries.statement import Limits
from graph.rules import (
    LONG_TEXT_MAX,
    UNKNOWN_REFERENCE,
    AttributeTypeSpec,
    check_change_keeps_techniques_valid,
    check_length,
    check_name_free,
    check_name_given,
    check_tag_name,
    check_unique_names,
    newly_broken,
)
from graph.tag_names import tag_caption, tag_lineage, tag_name_problem
from graph.writes.readback import Record, read_back
from graph.writes.refusal import Tx, in_write_tx, refuse, refuse_if


@dataclass(frozen=True)
class Kind:
    word: str
    label: LiteralString
    entity: Entity

    def q(self, template: LiteralString) -> LiteralString:
        # The label is one of the literals of KINDS: no client text reaches the statement.
        return cast(LiteralString, template.replace("{label}", self.label))


KINDS = {
    "goal": Kind("goal", "Goal", GOAL),
    "category": Kind("category", "Category", CATEGORY),
    "subcategory": Kind("subcategory", "SubCategory", SUBCATEGORY),
    "tag": Kind("tag", "Tag", TAG),
}
GOAL_KIND, CATEGORY_KIND, SUBCATEGORY_KIND, TAG_KIND = (
    KINDS["goal"],
    KINDS["category"],
    KINDS["subcategory"],
    KINDS["tag"],
)

EXISTS = "MATCH (n:{label} {key: $key}) RETURN n.name AS name"
CREATE = "CREATE (n:{label} {name: $name, key: $key, sortName: $sortName}) SET n += $props"
RENAME = """
MATCH (n:{label} {key: $key}) SET n.name = $name, n.key = $newKey, n.sortName = $sortName
SET n += $derived
"""
LINK_CATEGORY = """
MATCH (c:Category {key: $category}), (g:Goal {key: $goal}) MERGE (c)-[:SERVES]->(g)
"""
UNLINK_CATEGORY = """
MATCH (c:Category {key: $category})-[r:SERVES]->(g:Goal {key: $goal}) DELETE r
"""
LINK_SUBCATEGORY = """
MATCH (s:SubCategory {key: $sub}), (c:Category {key: $category}) MERGE (s)-[:PART_OF]->(c)
"""
UNLINK_SUBCATEGORY = """
MATCH (s:SubCategory {key: $sub})-[r:PART_OF]->(c:Category {key: $category}) DELETE r
"""
# Techniques in the category, their goals with and without the link, and the attribute types
# they hold values of: what unlinking would do to rule 1.
UNLINK_EFFECT = """
MATCH (:Category {key: $category})<-[:IN_CATEGORY]-(t:Technique)
WITH DISTINCT t
WITH t,
     COLLECT { MATCH (t)-[:HAS_PRIMARY_GOAL]->(g:Goal) RETURN g.key } AS primary,
     COLLECT { MATCH (t)-[:IN_CATEGORY]->(c:Category)-[:SERVES]->(g:Goal)
               RETURN {category: c.key, goal: g.key} } AS served
RETURN t.slug AS slug,
       primary + [s IN served | s.goal] AS before,
       primary + [s IN served WHERE NOT (s.category = $category AND s.goal = $goal) | s.goal]
         AS after,
       COLLECT { MATCH (t)-[:HAS_ATTRIBUTE]->(:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
                 RETURN DISTINCT a.key } AS types
ORDER BY slug
"""
TYPE_SPECS = """
MATCH (a:AttributeType)
RETURN a.key AS key, a.name AS name, a.multiValued AS multiValued, a.appliesToAll AS appliesToAll,
       [(a)-[:APPLIES_TO]->(g:Goal) | g.key] AS goalKeys,
       [(a)-[:APPLIES_TO]->(g:Goal) | g.name] AS goalNames
"""
MERGE_TAG = """
MERGE (n:Tag {key: $key})
ON CREATE SET n.name = $name, n.sortName = $sortName, n.caption = $caption
"""
TAG_CHILD_OF = """
MATCH (c:Tag {key: $child}), (p:Tag {key: $parent}) MERGE (c)-[:CHILD_OF]->(p)
"""


def _named(name: str) -> dict[str, str]:
    """A name's parameters: as stored, its key, and what it sorts by."""
    return {"name": clean_name(name), "key": name_key(name), "sortName": sort_name(name)}


def _derived(kind: Kind, name: str) -> dict[str, str]:
    """What a kind keeps derived from its name besides the key and sort name: a tag's caption."""
    return {"caption": tag_caption(clean_name(name))} if kind is TAG_KIND else {}


def spec_of(row: dict[str, Any]) -> AttributeTypeSpec:
    return AttributeTypeSpec(
        key=row["key"],
        name=row["name"],
        multi_valued=bool(row["multiValued"]),
        applies_to_all=bool(row["appliesToAll"]),
        applicable_goal_keys=frozenset(row["goalKeys"]),
        applicable_goal_names=tuple(sorted(row["goalNames"])),
    )


def _exists(tx: Tx, kind: Kind, name: str) -> bool:
    return tx.one(kind.q(EXISTS), {"key": name_key(name)}) is not None


def _require(tx: Tx, kind: Kind, field: str, name: str) -> None:
    if not _exists(tx, kind, name):
        refuse(
            UNKNOWN_REFERENCE,
            field,
            f"{field} names {kind.word} {name!r}, which does not exist; add it or fix the name",
        )


def _check_new(tx: Tx, kind: Kind, field: str, name: str) -> None:
    refuse_if(check_name_given(field, name))
    refuse_if(check_name_free(kind.word, name, _exists(tx, kind, name)))


def create_node(
    graph: Graph,
    kind: Kind,
    name: str,
    description: str | None,
    links: Sequence[str],
    selection: Selection,
    limits: Limits,
) -> Record:
    """A new goal, category (serving `links` goals) or subcategory (part of `links`)."""

    def work(tx: Tx) -> Record:
        refuse_if(check_length("description", description, LONG_TEXT_MAX))
        _check_new(tx, kind, "name", name)
        refuse_if(check_unique_names("link", links))
        parent, field = {
            "category": (GOAL_KIND, "goals"),
            "subcategory": (CATEGORY_KIND, "categories"),
        }.get(kind.word, (None, ""))
        for target in links:
            if parent is None:
                break
            _require(tx, parent, field, target)
        props = {} if description is None else {"description": description}
        tx.run(kind.q(CREATE), {**_named(name), "props": props})
        for target in links:
            if kind.word == "category":
                tx.run(LINK_CATEGORY, {"category": name_key(name), "goal": name_key(target)})
            elif kind.word == "subcategory":
                tx.run(LINK_SUBCATEGORY, {"sub": name_key(name), "category": name_key(target)})
        return read_back(tx, kind.entity, "key", name_key(name), selection, limits)

    return in_write_tx(graph, work)


def rename_node(
    graph: Graph, kind: Kind, name: str, new_name: str, selection: Selection, limits: Limits
) -> Record:
    def work(tx: Tx) -> Record:
        _require(tx, kind, "name", name)
        refuse_if(check_name_given("newName", new_name))
        if name_key(new_name) != name_key(name):
            refuse_if(check_name_free(kind.word, new_name, _exists(tx, kind, new_name)))
        tx.run(
            kind.q(RENAME),
            {
                "key": name_key(name),
                "name": clean_name(new_name),
                "newKey": name_key(new_name),
                "sortName": sort_name(new_name),
                "derived": _derived(kind, new_name),
            },
        )
        return read_back(tx, kind.entity, "key", name_key(new_name), selection, limits)

    return in_write_tx(graph, work)


def link_category(
    graph: Graph, category: str, goal: str, linked: bool, selection: Selection, limits: Limits
) -> Record:
    """Let a category serve a goal (`linked`) or stop serving it; unlinking is refused when
    it would leave techniques with attribute values that no longer apply."""

    def work(tx: Tx) -> Record:
        _require(tx, CATEGORY_KIND, "category", category)
        _require(tx, GOAL_KIND, "goal", goal)
        keys = {"category": name_key(category), "goal": name_key(goal)}
        if linked:
            tx.run(LINK_CATEGORY, keys)
        else:
            effect = tx.run(UNLINK_EFFECT, keys)
            specs = {row["key"]: spec_of(row) for row in tx.run(TYPE_SPECS)}
            for type_key, spec in sorted(specs.items()):
                held = [
                    (row["slug"], row["before"], row["after"])
                    for row in effect
                    if type_key in row["types"]
                ]
                broken = newly_broken(spec, spec, held)
                refuse_if(
                    check_change_keeps_techniques_valid(
                        "goal",
                        spec.name,
                        broken,
                        "remove those values or give the techniques another way to the goal first",
                    )
                )
            tx.run(UNLINK_CATEGORY, keys)
        return read_back(tx, CATEGORY, "key", keys["category"], selection, limits)

    return in_write_tx(graph, work)


def link_subcategory(
    graph: Graph, sub: str, category: str, linked: bool, selection: Selection, limits: Limits
) -> Record:
    def work(tx: Tx) -> Record:
        _require(tx, SUBCATEGORY_KIND, "subCategory", sub)
        _require(tx, CATEGORY_KIND, "category", category)
        keys = {"sub": name_key(sub), "category": name_key(category)}
        tx.run(LINK_SUBCATEGORY if linked else UNLINK_SUBCATEGORY, keys)
        return read_back(tx, SUBCATEGORY, "key", keys["sub"], selection, limits)

    return in_write_tx(graph, work)


def create_tag(graph: Graph, name: str, selection: Selection, limits: Limits) -> Record:
    """A tag, with the ancestors its `a/b` name implies and their CHILD_OF links."""

    def work(tx: Tx) -> Record:
        refuse_if(check_tag_name("name", name, tag_name_problem(name)))
        _check_new(tx, TAG_KIND, "name", name)
        tx.run(TAG_KIND.q(CREATE), {**_named(name), "props": _derived(TAG_KIND, name)})
        for child, parent in tag_lineage(clean_name(name)):
            tx.run(MERGE_TAG, {**_named(parent), "caption": tag_caption(parent)})
            tx.run(TAG_CHILD_OF, {"child": name_key(child), "parent": name_key(parent)})
        return read_back(tx, TAG, "key", name_key(name), selection, limits)

    return in_write_tx(graph, work)
