"""A small valid legacy catalog for the sync tests, and a way to change a live source in
place (SQLite file or PostgreSQL database) as the legacy system would between two syncs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from graph.connection import Graph
from loaders.migrate import MigrationOptions, migrate
from loaders.sources import open_source
from loaders.sync.plan import Prefer
from loaders.sync.run import SyncReport, sync
from loaders.validate import validate
from support.legacy import LegacyRows


def small_catalog() -> LegacyRows:
    return {
        "assurance_goal": [(1, "Fairness", "Equity."), (2, "Explainability", "Understanding.")],
        "category": [(1, "Bias Mitigation", "Remove bias.", 1), (2, "Feature Analysis", "F.", 2)],
        "sub_category": [(1, "Pre-processing", "Before training.", 1)],
        "tag": [(1, "data-type/tabular"), (2, "evidence/quantitative"), (3, "scope-free")],
        "technique": [
            (1, "SHAP", "Shapley values.", 2, "Model-Agnostic", "Explain a loan.", "Global, Local"),
            (2, "Reweighing", "Weights rows.", 1, "Model-Agnostic", "Hiring.", None),
            (3, "LIME", "Local surrogates.", 2, "Model-Agnostic", "Explain one.", "Local"),
            (4, "Anchors", "If-then rules.", 2, "Model-Agnostic", "Rules.", "Local"),
        ],
        "fairness_approach": [(1, "Pre-processing")],
        "project_lifecycle_stage": [(1, "Model Development")],
        "technique_category": [(1, 1, 2), (2, 2, 1), (3, 3, 2), (4, 4, 2)],
        "technique_sub_category": [(1, 2, 1)],
        "technique_tag": [(1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 1), (5, 4, 3)],
        "technique_fairness_approach": [(1, 2, 1)],
        "technique_project_lifecycle_stage": [(1, 2, 1)],
        "technique_relationship": [(1, 1, 3, "related"), (2, 3, 1, "alternative"), (3, 4, 3, "x")],
    }


@contextmanager
def _cursor(spec: str) -> Iterator[Any]:
    if spec.startswith("postgresql://"):
        with psycopg.connect(spec) as connection, connection.cursor() as cursor:
            yield cursor
    else:
        connection = sqlite3.connect(spec)
        try:
            yield connection.cursor()
            connection.commit()
        finally:
            connection.close()


def change_source(spec: str, *statements: str) -> None:
    """Run SQL statements (no parameters; `%` is not used) on the live source."""
    with _cursor(spec) as cursor:
        for statement in statements:
            cursor.execute(statement)


def first_load(spec: str, graph: Graph) -> None:
    with open_source(spec) as source:
        report = migrate(source, graph, MigrationOptions())
    assert report.outcome == "migrated", report.problems.errors


def run_sync(
    spec: str, graph: Graph, prefer: Prefer | None = None, write: bool = True
) -> SyncReport:
    with open_source(spec) as source:
        return sync(
            source,
            graph,
            prefer=prefer,
            write=write,
            validate=lambda g, problems: validate(source, g, problems).as_dict(),
        )
