"""Provenance without a server: how a sync finds each src in the graph, the units it builds
only for what changed, and the ledger's stored form."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from graph.migration.kind import WriteKind
from loaders.errors import LedgerCorrupt
from loaders.migrate import run_steps
from loaders.provenance import Provenance, field_hash, fingerprint, route
from loaders.sources import open_source
from loaders.sync.ledger import decode, encode, ledger_tables


def bundled_records(path: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    """The bundled catalog's records as the checking pass hands them to its sink."""
    records: list[tuple[str, list[dict[str, Any]]]] = []

    def sink(kind: WriteKind, batch: list[dict[str, Any]]) -> None:
        records.append((kind.name, batch))

    with open_source(path) as source:
        run_steps(source, sink, 500, "checking")
    return records


def test_every_unit_routes_to_its_own_label_or_type(bundled_sqlite: Path) -> None:
    provenance = Provenance()
    routed: dict[str, set[str]] = {}
    for kind, batch in bundled_records(bundled_sqlite):
        for record in batch:
            unit = provenance.units(kind, record)
            where = route(unit.src)
            assert (where.kind, where.is_node) == (unit.kind, not unit.is_link), unit.src
            table = unit.src.split(":", 1)[0]
            routed.setdefault(table, set()).add("by id" if where.legacy_id is not None else "scan")
            if where.legacy_id is not None:
                assert unit.src == f"{table}:{where.legacy_id}"
                assert unit.extra["legacyId"] == where.legacy_id
    # Rows of legacy tables go by their indexed legacy id; the migration's own srcs by scan.
    assert routed["technique_tag"] == routed["assurance_goal"] == {"by id"}
    assert routed["technique"] == {"by id", "scan"}  # the scope links: technique:1#scope:…
    assert routed["tag-parent"] == routed["attribute_type"] == {"scan"}


def test_a_key_of_digits_is_not_mistaken_for_a_legacy_id() -> None:
    assert route("tag-path:2024").legacy_id is None
    assert route("tag-parent:2024").kind == "CHILD_OF"
    assert route("category:7>goal:fairness").kind == "SERVES"
    assert route("category:7").legacy_id == 7
    assert route("technique:١٢").legacy_id is None  # not ASCII digits
    assert route("no_such_table:3").kind == ""


def test_only_changed_records_become_units_and_they_equal_the_whole_build(
    bundled_sqlite: Path,
) -> None:
    batches = bundled_records(bundled_sqlite)
    whole = Provenance()
    last = {}
    for kind, batch in batches:
        for record in batch:
            unit = whole.units(kind, record)
            last[unit.src] = unit.src_hash
    technique_tag = next(src for src in last if src.startswith("technique_tag:"))
    changed_srcs = {"technique:1", technique_tag}
    stale = {src: ("0" * 12 if src in changed_srcs else h) for src, h in last.items()}
    seen: set[str] = set()
    again = Provenance()
    changed = [u for kind, batch in batches for u in again.changed(kind, batch, stale, seen)]
    assert seen == set(last)
    assert {u.src for u in changed} == changed_srcs
    rebuilt = Provenance()
    expected = {u.src: u for kind, batch in batches for r in batch if (u := rebuilt.units(kind, r))}
    assert all(u == expected[u.src] for u in changed)


def test_the_ledger_is_one_json_object_per_table_and_reads_the_older_lists() -> None:
    ledger = {"technique:1": "a.b", "technique:2": "c.d", "technique_tag:9": "e", "tag:3": "f"}
    filled, empty = ledger_tables(ledger, {"technique", "technique_tag", "category"})
    assert [(t["table"], t["size"]) for t in filled] == [("technique", 2), ("technique_tag", 1)]
    assert empty == ["category"]
    assert json.loads(filled[0]["entries"]) == {"technique:1": "a.b", "technique:2": "c.d"}
    row = {"entries": encode({"tag:3": "f"}), "srcs": None, "hashes": None}
    assert decode("tag", row) == {"tag:3": "f"}
    older = {"entries": None, "srcs": ["tag:3", "tag:4"], "hashes": ["f", "g"]}
    assert decode("tag", older) == {"tag:3": "f", "tag:4": "g"}


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ({"entries": "{not json", "srcs": None, "hashes": None}, "not JSON"),
        ({"entries": "[1, 2]", "srcs": None, "hashes": None}, "not a JSON object"),
        ({"entries": None, "srcs": ["tag:3"], "hashes": []}, "1 srcs but 0 hashes"),
    ],
)
def test_a_ledger_that_cannot_be_read_says_which_table_and_how_to_rebuild_it(
    row: dict[str, Any], says: str
) -> None:
    with pytest.raises(LedgerCorrupt) as failed:
        decode("tag", row)
    assert "table 'tag'" in str(failed.value) and says in str(failed.value)
    assert "emptied graph" in str(failed.value)


@pytest.mark.parametrize("value", ["", "Shapley values.", "é" * 300, 3, True, ["b", "a"], None])
def test_a_field_hash_is_the_documented_blake2b_so_stored_fingerprints_stay_valid(
    value: Any,
) -> None:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    assert field_hash(value) == hashlib.blake2b(text.encode(), digest_size=6).hexdigest()
    assert fingerprint((value,)) == field_hash(value)
    assert fingerprint((value, "x")) == f"{field_hash(value)}.{field_hash('x')}"
