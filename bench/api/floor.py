"""The floor of the API benchmark: each contract read fetched by one hand-written Cypher
statement through the same driver (`Graph.read`), answering the same data as the API.

One statement per operation, written the way a person who knows Cypher would write it for
exactly this selection: pattern comprehensions and COLLECT subqueries, no generality. Each
`FloorQuery` holds the text, how the operation's variables become parameters, and how the
one row becomes the GraphQL `data` (which the benchmark compares with the API's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, LiteralString, cast

from graph.connection import Graph
from graph.queries.search_text import lucene_query

PAGE = 100  # the API's default page (API_MAX_PAGE_SIZE) where the contract gives no limit

TECHNIQUE_LIST: LiteralString = """
MATCH (t:Technique) WHERE t.slug IS NOT NULL
WITH t ORDER BY t.slug LIMIT $first + 1
WITH collect(t) AS page
RETURN COUNT { MATCH (:Technique) } AS totalCount, size(page) > $first AS hasNextPage,
  [t IN page[0..$first] | t { .slug, .name, .modelDependency,
    primaryGoal: [(t)-[:HAS_PRIMARY_GOAL]->(g:Goal) | g { .name }][0],
    goals: COLLECT { MATCH (t)(()-[:IN_CATEGORY]->(:Category)){0,1}
                           ()-[:HAS_PRIMARY_GOAL|SERVES]->(g:Goal) RETURN DISTINCT g { .name } },
    categories: [(t)-[:IN_CATEGORY]->(c:Category) |
                 c { .name, goals: [(c)-[:SERVES]->(g:Goal) | g { .name }] }],
    subCategories: [(t)-[:IN_SUBCATEGORY]->(s:SubCategory) | s { .name }],
    tags: [(t)-[:TAGGED]->(x:Tag) | x { .name }],
    attributes: [(t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType) |
                 {type: a { .name }, value: v { .name }}]
  }] AS nodes
"""

TECHNIQUE_NAMES: LiteralString = """
MATCH (t:Technique) WHERE t.slug IS NOT NULL
WITH t ORDER BY t.slug LIMIT $limit
RETURN collect(t { .slug, .name }) AS techniques
"""

TECHNIQUE_DETAIL: LiteralString = """
MATCH (t:Technique {slug: $slug})
RETURN t { .slug, .name, .description, .modelDependency, .exampleUseCase,
  primaryGoal: [(t)-[:HAS_PRIMARY_GOAL]->(g:Goal) | g { .name }][0],
  goals: COLLECT { MATCH (t)(()-[:IN_CATEGORY]->(:Category)){0,1}
                         ()-[:HAS_PRIMARY_GOAL|SERVES]->(g:Goal)
                   RETURN DISTINCT g { .name, .description } },
  categories: [(t)-[:IN_CATEGORY]->(c:Category) |
               c { .name, goals: [(c)-[:SERVES]->(g:Goal) | g { .name }] }],
  subCategories: [(t)-[:IN_SUBCATEGORY]->(s:SubCategory) |
                  s { .name, categories: [(s)-[:PART_OF]->(c:Category) | c { .name }] }],
  tags: [(t)-[:TAGGED]->(x:Tag) | x { .name, parent: [(x)-[:CHILD_OF]->(p:Tag) | p { .name }][0] }],
  attributes: [(t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType) |
               {type: a { .name, .multiValued }, value: v { .name }}],
  related: [(t)-[r:RELATED_TO]->(o:Technique) | {type: r.type, technique: o { .slug, .name }}]
} AS technique
"""

SEARCH: LiteralString = """
CALL db.index.fulltext.queryNodes('techniqueText', $phrase) YIELD node, score
WITH node, score ORDER BY score DESC, node.slug LIMIT $limit
RETURN collect({score: score, technique: node { .slug, .name }}) AS hits
"""

# The where the benchmark sends, {goals: {some: {name: {eq}}}}, written as its one predicate.
FACETS: LiteralString = """
MATCH (t:Technique)
WHERE $goal IS NULL OR EXISTS {
  MATCH (t)(()-[:IN_CATEGORY]->(:Category)){0,1}()-[:HAS_PRIMARY_GOAL|SERVES]->(g:Goal)
  WHERE g.name = $goal }
WITH collect(t) AS matched
CALL (matched) {
  UNWIND matched AS t
  MATCH (t)(()-[:IN_CATEGORY]->(:Category)){0,1}()-[:HAS_PRIMARY_GOAL|SERVES]->(x:Goal)
  WITH x, count(DISTINCT t) AS n RETURN collect({name: x.name, count: n}) AS goals }
CALL (matched) {
  UNWIND matched AS t MATCH (t)-[:IN_CATEGORY]->(x:Category)
  WITH x, count(t) AS n RETURN collect({name: x.name, count: n}) AS categories }
CALL (matched) {
  UNWIND matched AS t MATCH (t)-[:TAGGED]->(x:Tag)
  WITH x, count(t) AS n RETURN collect({name: x.name, count: n}) AS tags }
CALL (matched) {
  UNWIND matched AS t WITH t.modelDependency AS m, count(*) AS n WHERE m IS NOT NULL
  RETURN collect({name: m, count: n}) AS modelDependencies }
CALL (matched) {
  UNWIND matched AS t
  MATCH (t)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
  WITH a, v, count(t) AS n WITH a, collect({name: v.name, count: n}) AS values
  RETURN collect({type: a.name, values: values}) AS attributes }
RETURN size(matched) AS total, goals, categories, tags, modelDependencies, attributes
"""

COVERAGE: LiteralString = """
CALL () {
  MATCH (c:Category)-[:SERVES]->(g:Goal)
  RETURN collect({goal: g.name, category: c.name,
                  techniqueCount: COUNT { (:Technique)-[:IN_CATEGORY]->(c) }}) AS cells }
CALL () {
  MATCH (t:Technique)
  WITH t, COLLECT { MATCH (t)(()-[:IN_CATEGORY]->(:Category)){0,1}
                          ()-[:HAS_PRIMARY_GOAL|SERVES]->(g:Goal)
                    RETURN DISTINCT g { .name } } AS goals
  WHERE size(goals) > 1
  WITH t, goals ORDER BY t.slug LIMIT $page
  RETURN collect({slug: t.slug, goals: goals}) AS crossGoalTechniques }
RETURN cells, crossGoalTechniques
"""

# A quantifier's bound cannot be a parameter: the text is made per maxHops (a checked int).
RELATED: LiteralString = """
MATCH (s:Technique {slug: $slug})
MATCH p = ANY SHORTEST (s)-[:RELATED_TO]-{1,HOPS}(t:Technique)
WHERE t <> s
WITH t, length(p) AS hops ORDER BY hops, t.slug LIMIT $page
RETURN collect(t { .slug, .name }) AS techniques
"""

TAXONOMY: LiteralString = """
CALL () {
  MATCH (g:Goal) WITH g ORDER BY g.name
  RETURN collect(g { .name, categories: COLLECT {
    MATCH (c:Category)-[:SERVES]->(g) WITH c ORDER BY c.name
    RETURN c { .name, subCategories: [(s:SubCategory)-[:PART_OF]->(c) | s { .name }] } } })
    AS goals }
CALL () {
  MATCH (a:AttributeType) WITH a ORDER BY a.name
  RETURN collect(a { .name, .appliesToAll,
    applicableGoals: [(a)-[:APPLIES_TO]->(g:Goal) | g { .name }],
    values: [(v:AttributeValue)-[:OF_TYPE]->(a) | v { .name }] }) AS attributeTypes }
RETURN goals, attributeTypes
"""

ATTRIBUTE_SCHEMA: LiteralString = """
MATCH (a:AttributeType)
WHERE a.appliesToAll OR EXISTS { (a)-[:APPLIES_TO]->(g:Goal) WHERE g.name IN $goals }
WITH a ORDER BY a.name
RETURN collect(a { .name, .multiValued, .appliesToAll,
  applicableGoals: [(a)-[:APPLIES_TO]->(g:Goal) | g { .name }],
  values: [(v:AttributeValue)-[:OF_TYPE]->(a) | v { .name }] }) AS types
"""

COMPARE: LiteralString = """
UNWIND range(0, size($slugs) - 1) AS i
MATCH (t:Technique {slug: $slugs[i]})
WITH t ORDER BY i
WITH collect(t) AS ts
WITH ts, ts[0] AS first
RETURN [t IN ts | t { .slug, .name }] AS techniques,
  COLLECT { MATCH (first)(()-[:IN_CATEGORY]->(:Category)){0,1}
                  ()-[:HAS_PRIMARY_GOAL|SERVES]->(g:Goal)
            WITH DISTINCT g
            WHERE all(x IN ts WHERE EXISTS {
              (x)(()-[:IN_CATEGORY]->(:Category)){0,1}()-[:HAS_PRIMARY_GOAL|SERVES]->(g) })
            RETURN g { .name } } AS sharedGoals,
  COLLECT { MATCH (first)-[:TAGGED]->(tag:Tag) WHERE all(x IN ts WHERE (x)-[:TAGGED]->(tag))
            RETURN tag { .name } } AS sharedTags,
  COLLECT { MATCH (first)-[:HAS_ATTRIBUTE]->(v:AttributeValue)-[:OF_TYPE]->(a:AttributeType)
            WHERE all(x IN ts WHERE (x)-[:HAS_ATTRIBUTE]->(v))
            RETURN {type: a { .name }, value: v { .name }} } AS sharedAttributes
"""


RELATED_BY_HOPS: dict[int, LiteralString] = {
    n: RELATED.replace("HOPS", cast(LiteralString, str(n))) for n in range(1, 6)
}


@dataclass(frozen=True)
class FloorQuery:
    text: LiteralString | Callable[[dict[str, Any]], LiteralString]
    params: Callable[[dict[str, Any]], dict[str, Any]]
    data: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]

    def statement(self, variables: dict[str, Any]) -> LiteralString:
        return self.text if isinstance(self.text, str) else self.text(variables)


def _list_page(row: dict[str, Any], variables: dict[str, Any]) -> dict[str, Any]:
    return {
        "techniquesConnection": {
            "totalCount": row["totalCount"],
            "pageInfo": {"hasNextPage": row["hasNextPage"]},
            "edges": [{"node": node} for node in row["nodes"]],
        }
    }


def _goal_filter(variables: dict[str, Any]) -> dict[str, Any]:
    where = variables.get("where") or {}
    return {"goal": where.get("goals", {}).get("some", {}).get("name", {}).get("eq")}


QUERIES: dict[str, FloorQuery] = {
    "TechniqueList": FloorQuery(TECHNIQUE_LIST, lambda v: {"first": v["first"]}, _list_page),
    "TechniqueNames": FloorQuery(TECHNIQUE_NAMES, lambda v: {"limit": v["limit"]}, lambda r, v: r),
    "TechniqueDetail": FloorQuery(TECHNIQUE_DETAIL, lambda v: {"slug": v["slug"]}, lambda r, v: r),
    "Search": FloorQuery(
        SEARCH,
        # The Lucene query the API builds from the phrase: building it is pure text work.
        lambda v: {"phrase": lucene_query(v["phrase"]), "limit": v["limit"]},
        lambda r, v: {"searchTechniques": r["hits"]},
    ),
    "Facets": FloorQuery(FACETS, _goal_filter, lambda r, v: {"techniqueFacets": r}),
    "Coverage": FloorQuery(COVERAGE, lambda v: {"page": PAGE}, lambda r, v: {"coverage": r}),
    "Related": FloorQuery(
        lambda v: RELATED_BY_HOPS[int(v.get("maxHops") or 1)],
        lambda v: {"slug": v["slug"], "page": PAGE},
        lambda r, v: {"relatedTechniques": r["techniques"]},
    ),
    "Taxonomy": FloorQuery(TAXONOMY, lambda v: {}, lambda r, v: r),
    "AttributeSchema": FloorQuery(
        ATTRIBUTE_SCHEMA,
        lambda v: {"goals": v["goals"]},
        lambda r, v: {"attributeSchema": r["types"]},
    ),
    "Compare": FloorQuery(
        COMPARE, lambda v: {"slugs": v["slugs"]}, lambda r, v: {"compareTechniques": r}
    ),
}


def floor_statement(
    operation: str, variables: dict[str, Any]
) -> tuple[LiteralString, dict[str, Any]]:
    """The statement and parameters the floor sends for this operation (for PROFILE)."""
    query = QUERIES[operation]
    return query.statement(variables), query.params(variables)


def fetch(graph: Graph, operation: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The operation's `data`, from one hand-written statement (maps only, so its records
    are taken as the driver decoded them, as the API's are)."""
    query = QUERIES[operation]
    row = graph.read_plain(query.statement(variables), query.params(variables))[0]
    return query.data(row, variables)
