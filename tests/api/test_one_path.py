"""The API's one read path (one statement per root field, records keyed by response key, one
resolver reading them) answers exactly what a plain strawberry schema answers: ordinary
resolvers over the same catalog read into Python objects, with strawberry's own argument
handling, aliases, fragments and directives.

The reference covers the fields these shapes select, with the orders the API documents:
sort names (then keys) for taxonomy lists, slugs for techniques, type then slug for `related`,
type, position and key for `attributes`.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass, field
from typing import Any

import pytest
import strawberry

from api.context import ApiContext, limits_from
from api.schema import build_schema
from api.selection import DocumentCache
from api.settings import ApiSettings
from graph.connection import Graph
from graph.keys import sort_name

SHAPES = {
    "aliases, typename, one field twice with other arguments": """{
      first: techniques(limit: 3, sort: [{name: DESC}]) {
        __typename key: slug slug id
        someTags: tags(limit: 1) { name }
        tags { __typename name label: name parent { name } }
        goals { name categories { name } }
      }
    }""",
    "fragments, inline and named, and skip/include": """
      query($with: Boolean!) {
        techniques(limit: 5) { ...card related { type technique { ...card } } }
      }
      fragment card on Technique {
        slug
        ... on Technique { name @include(if: $with) description @skip(if: $with) }
        attributes { id type { name } value { name position } }
      }""",
    "nullable single relations, empty lists, a nested page": """{
      tags(limit: 20) { name parent { name } children { name } techniques(limit: 2) { slug } }
    }""",
}

READ = """
MATCH (t:Technique)
RETURN t.slug AS slug, t.name AS name, t.description AS description,
       [(t)-[:HAS_PRIMARY_GOAL]->(g) | g.key] AS primary,
       [(t)-[:IN_CATEGORY]->(c) | c.key] AS categories,
       [(t)-[:TAGGED]->(x) | x.key] AS tags,
       [(t)-[:HAS_ATTRIBUTE]->(v) | [v.typeKey, v.key]] AS attributes,
       [(t)-[r:RELATED_TO]->(o) | [r.type, o.slug]] AS related
"""
NAMED = "MATCH (n) WHERE $label IN labels(n) RETURN n.key AS key, n.name AS name"
CATEGORY_GOALS = "MATCH (c:Category)-[:SERVES]->(g:Goal) RETURN c.key AS c, g.key AS g"
TAG_PARENTS = "MATCH (c:Tag)-[:CHILD_OF]->(p:Tag) RETURN c.key AS c, p.key AS p"
VALUES = """
MATCH (v:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
RETURN v.typeKey AS typeKey, v.key AS key, v.name AS name, v.position AS position,
       a.name AS type
"""


@dataclass
class Catalog:
    techniques: dict[str, dict[str, Any]] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    category_goals: dict[str, list[str]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    values: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def read_catalog(graph: Graph) -> Catalog:
    catalog = Catalog()
    catalog.techniques = {row["slug"]: row for row in graph.read(READ)}
    for label, into in (("Goal", catalog.goals), ("Category", catalog.categories)):
        into.update({r["key"]: r["name"] for r in graph.read(NAMED, {"label": label})})
    catalog.tags = {r["key"]: r["name"] for r in graph.read(NAMED, {"label": "Tag"})}
    for row in graph.read(CATEGORY_GOALS):
        catalog.category_goals.setdefault(row["c"], []).append(row["g"])
    catalog.parents = {row["c"]: row["p"] for row in graph.read(TAG_PARENTS)}
    catalog.values = {(r["typeKey"], r["key"]): r for r in graph.read(VALUES)}
    return catalog


def named(kind: dict[str, str], keys: Any) -> list[tuple[str, str]]:
    """(name, key) pairs in the API's order: by sort name, then key."""
    return sorted(((kind[k], k) for k in set(keys)), key=lambda nk: (sort_name(nk[0]), nk[1]))


# A plain strawberry schema over a `Catalog`: objects and resolvers, nothing else. Each object
# carries the catalog it was read from.


@strawberry.type(name="Goal")
class RefGoal:
    cat: strawberry.Private[Catalog]
    key: strawberry.Private[str]
    name: str

    @strawberry.field
    def categories(self) -> list[RefCategory]:
        keys = [c for c, goals in self.cat.category_goals.items() if self.key in goals]
        return [RefCategory(name=n) for n, _ in named(self.cat.categories, keys)]


@strawberry.type(name="Category")
class RefCategory:
    name: str


@strawberry.type(name="Tag")
class RefTag:
    cat: strawberry.Private[Catalog]
    key: strawberry.Private[str]
    name: str

    @strawberry.field
    def parent(self) -> RefTag | None:
        parent = self.cat.parents.get(self.key)
        return (
            None if parent is None else RefTag(cat=self.cat, key=parent, name=self.cat.tags[parent])
        )

    @strawberry.field
    def children(self) -> list[RefTag]:
        keys = [c for c, p in self.cat.parents.items() if p == self.key]
        return [RefTag(cat=self.cat, key=k, name=n) for n, k in named(self.cat.tags, keys)]

    @strawberry.field
    def techniques(self, limit: int | None = None) -> list[RefTechnique]:
        slugs = sorted(s for s, t in self.cat.techniques.items() if self.key in t["tags"])
        return [RefTechnique(cat=self.cat, slug=s) for s in slugs[:limit]]


@strawberry.type(name="AttributeType")
class RefAttributeType:
    name: str


@strawberry.type(name="AttributeValue")
class RefAttributeValue:
    name: str
    position: int | None


@strawberry.type(name="Attribute")
class RefAttribute:
    id: strawberry.ID
    type: RefAttributeType
    value: RefAttributeValue


@strawberry.type(name="RelatedTechnique")
class RefRelated:
    type: str
    technique: RefTechnique


@strawberry.type(name="Technique")
class RefTechnique:
    cat: strawberry.Private[Catalog]
    slug: str

    @property
    def row(self) -> dict[str, Any]:
        return self.cat.techniques[self.slug]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(f"Technique:{self.slug}")

    @strawberry.field
    def name(self) -> str:
        return str(self.row["name"])

    @strawberry.field
    def description(self) -> str | None:
        return self.row["description"]

    @strawberry.field
    def tags(self, limit: int | None = None) -> list[RefTag]:
        tags = named(self.cat.tags, self.row["tags"])
        return [RefTag(cat=self.cat, key=k, name=n) for n, k in tags][:limit]

    @strawberry.field
    def goals(self) -> list[RefGoal]:
        keys = [*self.row["primary"]]
        for category in self.row["categories"]:
            keys += self.cat.category_goals.get(category, [])
        return [RefGoal(cat=self.cat, key=k, name=n) for n, k in named(self.cat.goals, keys)]

    @strawberry.field
    def attributes(self) -> list[RefAttribute]:
        values = sorted(
            (self.cat.values[(t, k)] for t, k in self.row["attributes"]),
            key=lambda v: (v["typeKey"], v["position"], v["key"]),
        )
        return [
            RefAttribute(
                id=strawberry.ID(f"Attribute:{v['typeKey']}:{v['key']}"),
                type=RefAttributeType(name=v["type"]),
                value=RefAttributeValue(name=v["name"], position=v["position"]),
            )
            for v in values
        ]

    @strawberry.field
    def related(self) -> list[RefRelated]:
        return [
            RefRelated(type=kind, technique=RefTechnique(cat=self.cat, slug=slug))
            for kind, slug in sorted(self.row["related"])
        ]


@strawberry.enum(name="SortDirection")
class RefDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(name="TechniqueSort")
class RefTechniqueSort:
    name: RefDirection | None = None


@strawberry.type(name="Query")
class RefQuery:
    cat: strawberry.Private[Catalog]

    @strawberry.field
    def techniques(
        self, limit: int | None = None, sort: list[RefTechniqueSort] | None = None
    ) -> list[RefTechnique]:
        slugs = sorted(self.cat.techniques)
        if sort:
            descending = sort[0].name == RefDirection.DESC
            slugs.sort(key=lambda s: sort_name(self.cat.techniques[s]["name"]), reverse=descending)
        return [RefTechnique(cat=self.cat, slug=s) for s in slugs[:limit]]

    @strawberry.field
    def tags(self, limit: int | None = None) -> list[RefTag]:
        tags = named(self.cat.tags, self.cat.tags)
        return [RefTag(cat=self.cat, key=k, name=n) for n, k in tags][:limit]


def run(
    schema: Any, context: Any, query: str, root: Any = None, with_: bool = True
) -> tuple[Any, list[Any]]:
    result = asyncio.run(
        schema.execute(
            query, variable_values={"with": with_}, context_value=context, root_value=root
        )
    )
    return result.data, [e.formatted for e in result.errors or ()]


@pytest.mark.parametrize("by_plan", [True, False], ids=["by plan", "by the one resolver"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_one_path_answers_as_a_plain_strawberry_schema(
    catalog: Graph, api_settings: ApiSettings, shape: str, by_plan: bool
) -> None:
    context = ApiContext(graph=catalog, limits=limits_from(api_settings), request_id="test")
    ours = run(build_schema(api_settings, by_plan=by_plan), context, SHAPES[shape])
    reference_root = RefQuery(cat=read_catalog(catalog))
    reference = run(strawberry.Schema(query=RefQuery), None, SHAPES[shape], reference_root)
    assert ours[0] and not ours[1], ours
    assert ours == reference
    # The plan executor fills the records it can (each list item at least), else none.
    assert (context.planned > 0) is by_plan


def test_a_plan_that_cannot_answer_leaves_the_object_to_graphql_with_the_same_error(
    catalog: Graph, api_settings: ApiSettings
) -> None:
    # A technique without a name breaks a non-null promise only GraphQL can report.
    catalog.write("CREATE (:Technique {slug: 'zz-orphan', key: 'zz-orphan'})")
    try:
        query = '{ technique(slug: "zz-orphan") { slug name } }'
        answers = []
        for by_plan in (True, False):
            context = ApiContext(graph=catalog, limits=limits_from(api_settings), request_id="t")
            answers.append(run(build_schema(api_settings, by_plan=by_plan), context, query))
        assert answers[0] == answers[1]
        assert answers[0][0] == {"technique": None} and len(answers[0][1]) == 1
    finally:
        catalog.write("MATCH (t:Technique {slug: 'zz-orphan'}) DETACH DELETE t")


def test_plans_kept_across_requests_follow_the_skip_and_include_variables(
    catalog: Graph, api_settings: ApiSettings
) -> None:
    """Plans are kept per document for the next requests; a request whose `@skip`/`@include`
    variables differ gets a plan of its own, not the last one's."""
    schema = build_schema(api_settings)
    query = SHAPES["fragments, inline and named, and skip/include"]
    reference_root = RefQuery(cat=read_catalog(catalog))
    reference = strawberry.Schema(query=RefQuery)
    planned = []
    for with_ in (True, False, True, False):
        context = ApiContext(graph=catalog, limits=limits_from(api_settings), request_id="t")
        ours = run(schema, context, query, with_=with_)
        assert ours[0] and not ours[1], ours
        assert ours == run(reference, None, query, reference_root, with_=with_)
        planned.append(context.planned)
    # Each request filled every object by a plan of its own (a plan kept for the other
    # value would miss a field and leave the object to graphql-core: fewer planned).
    assert planned[0] > 0 and len(set(planned)) == 1, planned
    item = ours[0]["techniques"][0]
    assert "description" in item and "name" not in item


def test_selections_kept_across_requests_take_each_requests_argument_values(
    catalog: Graph, api_settings: ApiSettings
) -> None:
    """A document's selection is kept for its next requests; the arguments that read
    variables (at the root and below) are read again each time, literal ones are not."""
    schema = build_schema(api_settings)
    query = """query($n: Int, $m: Int, $desc: Boolean!) {
      techniques(limit: $n, sort: [{name: DESC}]) {
        slug tags(limit: $m) { name } firstTag: tags(limit: 1) { name }
        description @include(if: $desc)
      }
    }"""

    def answer(variables: dict[str, Any]) -> Any:
        context = ApiContext(graph=catalog, limits=limits_from(api_settings), request_id="t")
        result = asyncio.run(
            schema.execute(query, variable_values=variables, context_value=context)
        )
        assert not result.errors, result.errors
        return result.data["techniques"]

    first = answer({"n": 2, "m": 1, "desc": False})
    second = answer({"n": 4, "m": 3, "desc": True})
    third = answer({"n": 2, "m": 1, "desc": False})
    assert len(first) == 2 and len(second) == 4 and third == first
    assert all(len(t["tags"]) <= 1 and "description" not in t for t in first)
    assert any(len(t["tags"]) > 1 for t in second) and all("description" in t for t in second)
    assert all(len(t["firstTag"]) <= 1 for t in second)
    assert [t["slug"] for t in second[:2]] == [t["slug"] for t in first]


def test_values_kept_per_document_stay_bounded_and_keep_their_nodes_alive() -> None:
    """A flood of distinct documents cannot grow what is kept past its size; what is kept
    holds the nodes its key names by id, so those ids cannot be reused meanwhile."""
    kept: DocumentCache[int] = DocumentCache(size=3)
    nodes = [object() for _ in range(10)]
    for number, node in enumerate(nodes):
        kept.put((id(node),), node, number)
        assert kept.get((id(node),)) == number
    assert kept.get((id(nodes[0]),)) is None
    assert sum(kept.get((id(n),)) is not None for n in nodes) <= 3
    assert kept.get(("absent",), missing="none kept") == "none kept"
