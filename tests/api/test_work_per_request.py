"""Bounded work per request: the statements a request sends depend on its root fields only,
and the list page's database work grows with the page, not with the catalog.

The last test loads a catalog ten times the bundled one (`catalog generate --scale 10`'s
writer) and compares Neo4j's PROFILE of the same request on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse

from graph.connection import Graph
from graph.queries.statement import Statement
from loaders.generated_file import write_generated_catalog
from support.api_catalog import load_catalog
from support.api_client import ApiClient, contract_operations

OPERATIONS = contract_operations()
VARIABLES: dict[str, dict[str, Any]] = {
    "TechniqueList": {"first": 10},
    "TechniqueNames": {"limit": 10},
    "TechniqueDetail": {"slug": "sobol-indices"},
    "Search": {"phrase": "fairness"},
    "Facets": {},
    "AttributeSchema": {"goals": ["Fairness"]},
    "Taxonomy": {},
    "Coverage": {},
    "Related": {"slug": "sobol-indices", "maxHops": 3},
    "Compare": {"slugs": ["sobol-indices", "permutation-importance"]},
}


def root_fields(document: str) -> int:
    (operation,) = parse(document).definitions
    assert isinstance(operation, OperationDefinitionNode)
    return len(operation.selection_set.selections)


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_each_contract_query_sends_one_statement_per_root_field(api: ApiClient, name: str) -> None:
    with api.counting() as sent:
        api.data(OPERATIONS[name], VARIABLES[name])
    assert len(sent) == root_fields(OPERATIONS[name])


@pytest.mark.parametrize("first", [1, 10, 100])
def test_the_list_page_sends_one_statement_whatever_its_size(api: ApiClient, first: int) -> None:
    with api.counting() as sent:
        page = api.data(OPERATIONS["TechniqueList"], {"first": first})
    assert len(page["techniquesConnection"]["edges"]) == min(first, 92)
    assert len(sent) == 1


def test_a_request_deep_in_nested_lists_still_sends_one_statement(api: ApiClient) -> None:
    query = """{ goals(limit: 3) { categories(limit: 3) { techniques(limit: 5) { tags(limit: 5) {
        techniques(limit: 5) { related(limit: 5) { technique {
          goals(limit: 5) { name } attributes(limit: 5) { type { name } value { name } }
        } } } } } } } }"""
    with api.counting() as sent:
        assert api.data(query)["goals"]
    assert len(sent) == 1


def test_a_request_that_could_answer_too_many_objects_is_refused_naming_the_limit(
    api: ApiClient,
) -> None:
    query = "{ goals { categories { techniques { tags { techniques { slug } } } } } }"
    with api.counting() as sent:
        error = api.errors(query)[0]
    assert "maximum of 2,000,000 (API_MAX_NODES)" in error["message"]
    assert "up to 101,010,100" in error["message"]  # 100 + 100² + 100³ + 100⁴
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert sent == []


@dataclass(frozen=True)
class Work:
    rows: int
    db_hits: int

    @property
    def per_row(self) -> float:
        return self.db_hits / max(self.rows, 1)


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Statement]]:
    """Every statement the graph layer runs, with its parameters."""
    statements: list[Statement] = []
    run = Statement.run

    def recording(self: Statement, graph: Graph) -> Any:
        statements.append(self)
        return run(self, graph)

    monkeypatch.setattr(Statement, "run", recording)
    yield statements


def db_hits(plan: dict[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(db_hits(child) for child in plan.get("children", []))


def list_page_work(api: ApiClient, captured: list[Statement], first: int) -> Work:
    """The database work of the contract's list page: the statement the API sent, profiled."""
    captured.clear()
    page = api.data(OPERATIONS["TechniqueList"], {"first": first})
    (statement,) = captured
    with api.graph.driver.session(database=api.graph.database) as session:
        result = session.run("PROFILE " + statement.text, statement.params)
        summary = result.consume()
    assert summary.profile is not None
    return Work(len(page["techniquesConnection"]["edges"]), db_hits(summary.profile))


@pytest.mark.slow
def test_list_page_work_grows_with_the_page_and_not_with_the_catalog(
    api: ApiClient, captured: list[Statement], tmp_path: Path
) -> None:
    sizes = (1, 10, 100)
    bundled = {first: list_page_work(api, captured, first) for first in sizes}
    ten_times = tmp_path / "catalog-x10.db"
    write_generated_catalog(ten_times, scale=10)
    load_catalog(api.graph, ten_times)
    larger = {first: list_page_work(api, captured, first) for first in sizes}
    report = {f"x1 first={n}": bundled[n] for n in sizes} | {
        f"x10 first={n}": larger[n] for n in sizes
    }
    print("\n".join(f"{k}: {w.rows} rows, {w.db_hits} db hits" for k, w in report.items()))

    assert larger[100].rows == 100
    for first in sizes:
        # Ten times the techniques, about the same work for the same page.
        assert larger[first].per_row <= 1.5 * bundled[first].per_row, report
    for work in (bundled, larger):
        # Linear in the page: a row costs no more on a big page than on a small one.
        assert work[100].per_row <= 1.25 * work[10].per_row, report
        assert work[10].db_hits <= 10 * work[1].db_hits, report
