"""How the contract's operations run on `@neo4j/graphql` 7 (bench/api/neo4j_graphql/), and every
place where they could not run as written, for the benchmark to print and the docs to cite.

Only Search is sent changed: the library's full-text field is a connection. Everything else
is sent as the contract writes it; the schema-side differences (what typeDefs.graphql had
to do to make that possible) are listed too, since they bound what the comparison means.
"""

from __future__ import annotations

from typing import Any

from bench.api.operations import Case
from graph.queries.search_text import lucene_query

# The contract's Search, in the shape of the library's generated full-text query. The sort is
# the API's order (score, then slug), so ties at the limit pick the same techniques.
SEARCH = """query Search($phrase: String!, $where: TechniqueIndexWhere, $limit: Int) {
  searchTechniques(phrase: $phrase, where: $where, first: $limit,
                   sort: [{score: DESC}, {node: {slug: ASC}}]) {
    edges { score node { slug name } }
  }
}"""

DIFFERENCES: dict[str, str] = {
    "Search (operation changed)": (
        "@fulltext generates a connection: searchTechniques(phrase:, where: {node: "
        "TechniqueWhere, score: {min, max}}, sort:, first:, after:) { edges { score node } }. "
        "Sent as `searchTechniques(phrase: $phrase, first: $limit, sort: [{score: DESC}, "
        "{node: {slug: ASC}}]) { edges { score node { slug name } } }`, a contract `where` "
        "wrapped as {node: where}, and the answer mapped back to [{score, technique}]. The "
        "library passes the phrase to Lucene raw, so it is sent the Lucene query the API "
        "builds from the phrase (graph/queries/search_text.py: stems, prefixes, typos, boosts)."
    ),
    "TechniqueDetail (schema)": (
        "no lookup by key is generated: `technique(slug:)` is a root @cypher field "
        "(MATCH (t:Technique {slug: $slug}) RETURN t); its nested fields are the library's."
    ),
    "primaryGoal, Tag.parent (schema)": (
        "@neo4j/graphql 7 has no 1:1 relationship fields (lists only); both are @cypher "
        "fields returning one node, so `primaryGoal { name }` and `parent { name }` answer an "
        "object as in the contract."
    ),
    "goals (schema)": (
        "a technique's goals (primary goal plus its categories' goals) are a @cypher field "
        "returning Goal nodes; the library filters on it (`where: {goals: {some: ...}}` works)."
    ),
    "attributes, related (schema)": (
        "lists of non-node objects ({type, value}, {type, technique}) are @cypher fields whose "
        "statement builds the maps; the library does not project nested node fields of "
        "non-node results, so their inner selection is fixed by the statement (the contract's)."
    ),
    "Facets (schema)": (
        "no group-by in the library: techniqueFacets is a root @cypher field. Its `where: "
        "TechniqueWhere` (the generated type) reaches the statement as a plain map, not as a "
        "predicate; the statement reads only {goals: {some: {name: {eq}}}}, the shape sent."
    ),
    "Coverage, Compare (schema)": (
        "root @cypher fields returning non-node objects built by the statement (inner "
        "selection fixed); crossGoalTechniques is the API's default page of 100 by slug."
    ),
    "Related, AttributeSchema (schema)": (
        "root @cypher fields returning Technique / AttributeType nodes (selections are the "
        "library's); Related keeps the API's order (nearest, then slug) and page of 100. A "
        "@cypher statement is fixed text and a quantifier's bound cannot be a parameter, so "
        "Related searches {1,5} hops (API_MAX_HOPS) and keeps paths within $maxHops; the API "
        "and the floor write the bound into the text."
    ),
    "TechniqueList, TechniqueNames, Taxonomy": "unchanged (generated fields and inputs).",
    "cursors": "opaque in both and not compared (endCursor, edges.cursor).",
}


def request_for(case: Case) -> tuple[str, dict[str, Any]]:
    """The document and variables to send @neo4j/graphql for this case."""
    if case.operation != "Search":
        return case.document, case.variables
    variables = dict(case.variables)
    variables["phrase"] = lucene_query(variables["phrase"])
    if variables.get("where") is not None:
        variables["where"] = {"node": variables["where"]}
    return SEARCH, variables


def contract_data(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """An answer of @neo4j/graphql in the contract's shape."""
    if case.operation != "Search":
        return data
    edges = data["searchTechniques"]["edges"]
    return {"searchTechniques": [{"score": e["score"], "technique": e["node"]} for e in edges]}
