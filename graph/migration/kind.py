"""A kind of record the migration writes, and the two forms of Cypher that write it.

The MERGE form works on any graph: it finds what exists by natural key and reports each
record `created`, `updated` or `unchanged`, so a re-run on the same source can say it changed
nothing. The CREATE form is for a graph that holds no catalog yet: every record is new, so
looking up what exists (the OPTIONAL MATCH, the comparison, the MERGE's own lookup and the
locks it takes) is work with one known answer. Both write the same nodes, relationships and
properties. The records come from `loaders/transform/`, which already merges duplicates (one
record per natural key and per link), and the constraints refuse a duplicate node should one
slip through.

The ends say how the CREATE form is driven: a kind that makes nodes other records link to
(`node`) returns each new node's `ref` (the record's `node.fields`) and its element id
(`eid`); a kind of link (`start`, `end`) takes rows `[start eid, end eid, *properties]`, its
ends found among the nodes the run made, since a seek by element id takes no index lookup and
no lock (docs/benchmarks.md has the measurement). Any other kind's CREATE form returns
`outcome, n` as the MERGE form does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString


@dataclass(frozen=True)
class End:
    """A node as records name it: its label and the record fields holding its natural key."""

    label: str
    fields: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class WriteKind:
    """One kind of record: `name` is how reports count it (`technique tags`); `merge` and
    `create` take a batch as `$rows`. Kinds compare by identity, so they key dispatch tables."""

    name: str
    merge: LiteralString
    create: LiteralString
    node: End | None = None
    start: End | None = None
    end: End | None = None
    properties: tuple[str, ...] = ()
    # Its records are units of provenance (`src`, `srcHash`: loaders/provenance.py), which a
    # sync compares and may delete; False for a kind a sync only ever adds to.
    provenance: bool = True
    # For a kind a sync only adds to: a read of the batch's records not in the graph yet, as
    # `name` (what `catalog diff` lists a sync would add).
    missing: LiteralString | None = None

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValueError(f"write kind {self.name!r}: a link needs both a start and an end")
        if self.node is not None and self.start is not None:
            raise ValueError(f"write kind {self.name!r}: makes nodes or links, not both")
        if self.properties and self.start is None:
            raise ValueError(f"write kind {self.name!r}: properties are a link kind's row")
        if not self.provenance and self.missing is None:
            raise ValueError(f"write kind {self.name!r}: a kind only added to needs `missing`")

    @property
    def is_link(self) -> bool:
        return self.start is not None


def link_create(create: LiteralString) -> LiteralString:
    """The CREATE form of a kind of link: each row's start and end by element id, then
    `create` between them (`a` and `b`; the row's properties from `row[2]` on)."""
    return (
        "UNWIND $rows AS row\n"
        "MATCH (a) WHERE elementId(a) = row[0]\n"
        "MATCH (b) WHERE elementId(b) = row[1]\n"
        f"{create}\n"
        "RETURN count(*) AS n"
    )
