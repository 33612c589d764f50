"""The migration's kinds of write (graph/migration/writes.py): every one the steps use is
declared, each has one form per kind of graph, and every sink maps every kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.migration.kind import End, WriteKind
from graph.migration.writes import KINDS
from loaders.csv_export import CsvSink
from loaders.migrate import run_steps
from loaders.sources import open_source


class KindsSeen:
    def __init__(self) -> None:
        self.kinds: list[WriteKind] = []

    def __call__(self, kind: WriteKind, records: list[dict[str, Any]]) -> None:
        if kind not in self.kinds:
            self.kinds.append(kind)


def test_the_steps_write_exactly_the_declared_kinds_in_their_order(bundled_sqlite: Path) -> None:
    seen = KindsSeen()
    with open_source(str(bundled_sqlite)) as source:
        run_steps(source, seen, 500, "test")
    assert [kind.name for kind in seen.kinds] == [kind.name for kind in KINDS]


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_each_kind_returns_what_its_writer_reads(kind: WriteKind) -> None:
    assert kind.merge.rstrip().endswith("RETURN outcome, count(*) AS n")
    if kind.is_link:
        assert "elementId(a) = row[0]" in kind.create
        assert f"row[{1 + len(kind.properties)}]" in kind.create
        assert f"row[{2 + len(kind.properties)}]" not in kind.create
    elif kind.node is not None:
        assert "AS ref, elementId(n) AS eid" in kind.create
        assert f":{kind.node.label} {{" in kind.create
    else:
        assert kind.create.rstrip().endswith("RETURN 'created' AS outcome, count(*) AS n")


def test_the_csv_export_maps_every_kind(tmp_path: Path) -> None:
    sink = CsvSink(tmp_path / "csv")
    try:
        for kind in KINDS:
            sink(kind, [])
    finally:
        sink.close()


def test_a_link_kind_needs_both_ends() -> None:
    with pytest.raises(ValueError, match="both a start and an end"):
        WriteKind("half", "RETURN 1", "RETURN 1", start=End("Tag", ("key",)))
