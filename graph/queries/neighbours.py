"""`relatedTechniques` (the RELATED_TO neighbourhood) and `compareTechniques` (what several
techniques share), one statement each.

Related techniques follow RELATED_TO in either direction, up to `maxHops`, nearest first,
never the start itself. Neo4j's `ANY SHORTEST` searches breadth-first once per start, so the
work grows with the neighbourhood, not with the number of paths through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.connection import Graph
from graph.queries.entities import ENTITIES, TECHNIQUE
from graph.queries.errors import LimitExceeded, NotFound, QueryInputError
from graph.queries.order import order_by, sort_keys
from graph.queries.paging import page_size
from graph.queries.projection import project
from graph.queries.selection import Selection
from graph.queries.statement import Limits, Statement, fill

DEFAULT_HOPS = 1
COMPARE_MIN, COMPARE_MAX = 2, 5
# Quantifier bounds cannot be parameters; they come from this table, keyed by a checked int.
_HOPS = {n: "{1," + str(n) + "}" for n in range(1, 11)}


def hops(value: Any, limits: Limits) -> int:
    if value is None:
        return DEFAULT_HOPS
    if not isinstance(value, int) or not 1 <= value <= limits.max_hops:
        raise LimitExceeded(
            f"maxHops must be between 1 and {limits.max_hops} (API_MAX_HOPS), not {value!r}",
            "maxHops",
        )
    return value


def related_statement(selection: Selection, limits: Limits) -> Statement:
    statement = Statement(limits)
    args = selection.args
    max_hops = hops(args.get("maxHops"), limits)
    limit = page_size(args.get("limit"), limits, "limit")
    start, node = statement.variable("s"), statement.variable()
    item = project(
        TECHNIQUE, {"node": node}, selection.children, statement, "relatedTechniques", limit
    )
    statement.text = (
        f"OPTIONAL MATCH ({start}:Technique {{slug: {statement.param(args.get('slug'))}}}) "
        f"CALL ({start}) {{ MATCH path = ANY SHORTEST "
        f"({start})-[:RELATED_TO]-{_HOPS[max_hops]}({node}:Technique) WHERE {node} <> {start} "
        f"WITH {node}, length(path) AS hops ORDER BY hops, {node}.slug "
        f"LIMIT {statement.param(limit)} RETURN collect({item}) AS items }} "
        f"RETURN {start} IS NOT NULL AS found, items"
    )
    return statement


def related(graph: Graph, selection: Selection, limits: Limits) -> list[dict[str, Any]]:
    row = related_statement(selection, limits).run(graph)[0]
    if not row["found"]:
        raise NotFound(f"no technique has the slug {selection.args.get('slug')!r}", "slug")
    return row["items"]


def compare_slugs(slugs: Any) -> list[str]:
    slugs = list(slugs or [])
    if not COMPARE_MIN <= len(slugs) <= COMPARE_MAX:
        raise QueryInputError(
            f"compareTechniques takes {COMPARE_MIN} to {COMPARE_MAX} slugs, not {len(slugs)}",
            "slugs",
        )
    repeated = sorted({s for s in slugs if slugs.count(s) > 1})
    if repeated:
        raise QueryInputError(f"slugs are repeated: {', '.join(repeated)}; name each once", "slugs")
    return slugs


# (field of the comparison, relation of Technique whose targets must be shared)
SHARED = (("sharedGoals", "goals"), ("sharedTags", "tags"), ("sharedAttributes", "attributes"))


def _shared(
    field: str, relation: str, selections: Sequence[Selection], statement: Statement
) -> str:
    rel = TECHNIQUE.relations[relation]
    target = ENTITIES[rel.target]
    node, other, first = statement.variable(), statement.variable("x"), statement.variable("f")
    binding = {"node": node}
    pattern = fill(rel.pattern, src=first, dst=node)
    on_every = fill(rel.pattern, src=other, dst=node)
    children = tuple(c for s in selections for c in s.children)
    # Whole: what all of them share is at most what one of them carries. Counted as a page.
    limit = statement.limits.max_page_size
    item = project(target, binding, children, statement, f"compareTechniques.{field}", limit)
    keys = sort_keys(target, binding, None)
    return (
        f"COLLECT {{ WITH ts[0] AS {first} MATCH {pattern} WITH DISTINCT {node} "
        f"WHERE all({other} IN ts WHERE EXISTS {{ MATCH {on_every} }}) "
        f"RETURN {item} AS item ORDER BY {order_by(keys)} }}"
    )


def compare_statement(selection: Selection, limits: Limits) -> Statement:
    statement = Statement(limits)
    chosen = compare_slugs(selection.args.get("slugs"))
    slugs = statement.param(chosen)
    node = statement.variable()
    children = tuple(c for s in selection.child("techniques") for c in s.children)
    item = project(
        TECHNIQUE, {"node": node}, children, statement, "compareTechniques.techniques", len(chosen)
    )
    columns = [
        f"[s IN {slugs} WHERE none(t IN ts WHERE t.slug = s)] AS missing",
        f"COLLECT {{ UNWIND range(0, size({slugs}) - 1) AS i "
        f"MATCH ({node}:Technique {{slug: {slugs}[i]}}) RETURN {item} AS item ORDER BY i }} "
        "AS techniques",
    ]
    for field, relation in SHARED:
        asked = selection.child(field)
        if asked:
            columns.append(f"{_shared(field, relation, asked, statement)} AS {field}")
    statement.text = (
        f"CALL () {{ UNWIND {slugs} AS slug MATCH (t:Technique {{slug: slug}}) "
        "RETURN collect(t) AS ts } RETURN " + ", ".join(columns)
    )
    return statement


def compare(graph: Graph, selection: Selection, limits: Limits) -> dict[str, Any]:
    row = compare_statement(selection, limits).run(graph)[0]
    if row["missing"]:
        raise NotFound(
            f"no technique has the slug {', '.join(repr(s) for s in row['missing'])}", "slugs"
        )
    return row
