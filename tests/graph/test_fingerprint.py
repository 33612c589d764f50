"""A graph's fingerprint: its catalog content, whatever the order it was written in or the
bookkeeping around it; any changed property or relationship changes it."""

from __future__ import annotations

from graph.connection import Graph
from graph.fingerprint import fingerprint, graph_content
from support.graph_factories import create_category, create_goal

FAIRNESS = "CREATE (:Goal {key: 'fairness', name: 'Fairness', src: 'goal:1'})"
SAFETY = "CREATE (:Goal {key: 'safety', name: 'Safety', src: 'goal:2'})"


def test_the_same_content_written_in_another_order_has_the_same_fingerprint(
    graph: Graph,
) -> None:
    graph.write(FAIRNESS)
    graph.write(SAFETY)
    first = fingerprint(graph)
    graph.write("MATCH (n:Goal) DETACH DELETE n")

    graph.write(SAFETY)
    graph.write(FAIRNESS)

    assert fingerprint(graph) == first


def test_a_changed_property_or_relationship_changes_it(graph: Graph) -> None:
    create_category(graph, "Bias Mitigation", serves=("Fairness",))
    create_goal(graph, "Safety")
    before = fingerprint(graph)

    graph.write("MATCH (g:Goal {key: 'fairness'}) SET g.description = 'changed'")
    changed = fingerprint(graph)
    graph.write("MATCH (c:Category), (g:Goal {key: 'safety'}) CREATE (c)-[:SERVES]->(g)")

    assert len({before, changed, fingerprint(graph)}) == 3


def test_the_graphs_bookkeeping_is_left_out(graph: Graph) -> None:
    create_goal(graph, "Fairness")
    before = graph_content(graph)

    graph.write(
        "CREATE (:MigrationRun {runId: 'r1', state: 'complete'}), "
        "(:CatalogVersion {key: 'catalog', number: 3}), "
        "(:SyncLedger {table: 'assurance_goal', srcs: ['goal:1'], hashes: ['h']})"
    )

    assert graph_content(graph) == before


def test_properties_named_to_leave_out_do_not_count(graph: Graph) -> None:
    graph.write(FAIRNESS)
    with_src = fingerprint(graph)
    without_src = fingerprint(graph, ("src",))

    graph.write("MATCH (g:Goal) REMOVE g.src")

    assert fingerprint(graph) != with_src
    assert fingerprint(graph) == without_src == fingerprint(graph, ("src",))
