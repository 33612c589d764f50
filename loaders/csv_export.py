"""The migration's records as CSV files for `neo4j-admin database import full`.

The migration's own steps (`loaders.steps`) run with a sink that writes CSV rows where the
loading pass would send Cypher, so an imported graph holds the nodes, relationships and
properties a migrated one holds (less the `MigrationRun` node that records a migration).
Each kind of write (`graph/migration/writes.py`) has a handler here writing what its MERGE
form would make.

Node ids are natural keys, one ID space per label: `key` (goals, categories, subcategories,
tags, attribute types), `typeKey/key` (attribute values: no type key holds a `/`) and the
legacy id for techniques, which is how their link records name them. Id columns are not
stored; every property has a column of its own, typed in the header (`legacyId:long`).

Strings are always quoted and a missing value is an empty unquoted field, which is how
neo4j-admin tells an empty string (`""`) from no property at all.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graph.errors import CatalogError
from graph.migration import writes as w
from graph.migration.kind import WriteKind
from loaders.errors import InvalidSourceData
from loaders.load import DEFAULT_BATCH_SIZE
from loaders.migrate import run_steps, source_rows
from loaders.problems import ProblemLog
from loaders.sources.base import LegacySource

Record = dict[str, Any]

# Per label: its properties as header fields; the `:ID(label)` and `:LABEL` columns go around.
NODES: dict[str, tuple[str, ...]] = {
    "Goal": ("key", "name", "description", "legacyId:long"),
    "Category": ("key", "name", "description", "legacyId:long"),
    "SubCategory": ("key", "name", "description", "legacyId:long"),
    "AttributeType": (
        "key",
        "name",
        "multiValued:boolean",
        "appliesToAll:boolean",
        "description",
    ),
    "AttributeValue": ("typeKey", "key", "name", "legacyId:long", "position:long"),
    "Technique": (
        "legacyId:long",
        "slug",
        "key",
        "name",
        "description",
        "modelDependency",
        "exampleUseCase",
        "version:long",
    ),
    "Tag": ("key", "name", "legacyId:long"),
    "ModelDependency": ("key", "name"),
}
# Per relationship type: start label, end label, its properties.
RELATIONSHIPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "SERVES": ("Category", "Goal", ("legacy:boolean",)),
    "PART_OF": ("SubCategory", "Category", ("legacy:boolean",)),
    "APPLIES_TO": ("AttributeType", "Goal", ()),
    "OF_TYPE": ("AttributeValue", "AttributeType", ()),
    "HAS_PRIMARY_GOAL": ("Technique", "Goal", ()),
    "IN_CATEGORY": ("Technique", "Category", ("legacyId:long",)),
    "IN_SUBCATEGORY": ("Technique", "SubCategory", ("legacyId:long",)),
    "HAS_ATTRIBUTE": ("Technique", "AttributeValue", ("legacyId:long", "legacyTable")),
    "CHILD_OF": ("Tag", "Tag", ()),
    "TAGGED": ("Technique", "Tag", ("legacyId:long",)),
    "RELATED_TO": ("Technique", "Technique", ("type", "legacyId:long")),
}
# A technique's version starts at 1, as the migration's first write leaves it.
FIRST_VERSION = 1


class CsvExportError(CatalogError):
    """The CSV files could not be written."""


def _string(value: Any) -> str:
    return "" if value is None else '"' + str(value).replace('"', '""') + '"'


def _long(value: Any) -> str:
    return "" if value is None else str(int(value))


def _boolean(value: Any) -> str:
    return "" if value is None else ("true" if value else "false")


def _formatter(header_field: str) -> Callable[[Any], str]:
    kind = header_field.rpartition(":")[2] if ":" in header_field else "string"
    return {"long": _long, "boolean": _boolean}.get(kind, _string)


class CsvFile:
    """One header file and one data file, for one label or relationship type."""

    def __init__(self, folder: Path, name: str, header: tuple[str, ...]) -> None:
        self.name, self.header, self.rows = name, header, 0
        self.header_path = folder / f"{name}.header.csv"
        self.data_path = folder / f"{name}.csv"
        self.header_path.write_text(",".join(header) + "\n", encoding="utf-8")
        self._formats = tuple(_formatter(f) for f in header)
        self._out: TextIO = self.data_path.open("w", encoding="utf-8", newline="")
        self.multiline = False

    def write(self, values: tuple[Any, ...]) -> None:
        line = ",".join(fmt(v) for fmt, v in zip(self._formats, values, strict=True))
        if not self.multiline and ("\n" in line or "\r" in line):
            self.multiline = True
        self._out.write(line + "\n")
        self.rows += 1

    def close(self) -> None:
        self._out.close()


class CsvSink:
    """A sink for `loaders.steps`: each record written as the CSV rows its query would MERGE."""

    def __init__(self, folder: Path) -> None:
        (folder / "nodes").mkdir(parents=True)
        (folder / "relationships").mkdir()
        self.nodes = {
            label: CsvFile(folder / "nodes", label, (f":ID({label})", *props, ":LABEL"))
            for label, props in NODES.items()
        }
        self.relationships = {
            rel_type: CsvFile(
                folder / "relationships",
                rel_type,
                (f":START_ID({start})", f":END_ID({end})", ":TYPE", *props),
            )
            for rel_type, (start, end, props) in RELATIONSHIPS.items()
        }
        # APPLIES_TO is MERGEd only onto goals that exist (a MATCH in the query).
        self.goal_keys: set[str] = set()
        self._handlers: dict[WriteKind, Callable[[Record], None]] = {
            w.GOALS: self._goal,
            w.CATEGORIES: self._category,
            w.EXTRA_CATEGORY_GOALS: self._extra_category_goal,
            w.SUBCATEGORIES: self._subcategory,
            w.ATTRIBUTE_TYPES: self._attribute_type,
            w.ATTRIBUTE_VALUES: self._attribute_value,
            w.MODEL_DEPENDENCIES: self._model_dependency,
            w.TECHNIQUES: self._technique,
            w.TECHNIQUE_CATEGORIES: self._link("IN_CATEGORY", "categoryKey"),
            w.TECHNIQUE_SUBCATEGORIES: self._link("IN_SUBCATEGORY", "subCategoryKey"),
            w.TECHNIQUE_ATTRIBUTES: self._technique_attribute,
            w.TAGS: self._tag,
            w.ANCESTOR_TAGS: self._tag,
            w.TAG_PARENTS: self._tag_parent,
            w.TECHNIQUE_TAGS: self._link("TAGGED", "tagKey"),
            w.RELATIONSHIPS: self._related,
        }

    def __call__(self, kind: WriteKind, records: list[Record]) -> None:
        handler = self._handlers.get(kind)
        if handler is None:
            raise CsvExportError(
                f"no CSV mapping for the {kind.name!r} records of the migration; add a handler "
                "for its kind of write to loaders/csv_export.py"
            )
        for record in records:
            handler(record)

    def close(self) -> None:
        for csv_file in (*self.nodes.values(), *self.relationships.values()):
            csv_file.close()

    def node(self, label: str, node_id: str, *props: Any) -> None:
        self.nodes[label].write((node_id, *props, label))

    def rel(self, rel_type: str, start: Any, end: Any, *props: Any) -> None:
        self.relationships[rel_type].write((start, end, rel_type, *props))

    # --- one handler per kind of write ---------------------------------------------------

    def _goal(self, r: Record) -> None:
        self.goal_keys.add(r["key"])
        self.node("Goal", r["key"], r["key"], r["name"], r["description"], r["legacyId"])

    def _category(self, r: Record) -> None:
        self.node("Category", r["key"], r["key"], r["name"], r["description"], r["legacyId"])
        self.rel("SERVES", r["key"], r["goalKey"], True)

    def _extra_category_goal(self, r: Record) -> None:
        self.rel("SERVES", r["categoryKey"], r["goalKey"], False)

    def _subcategory(self, r: Record) -> None:
        self.node("SubCategory", r["key"], r["key"], r["name"], r["description"], r["legacyId"])
        self.rel("PART_OF", r["key"], r["categoryKey"], True)

    def _attribute_type(self, r: Record) -> None:
        self.node(
            "AttributeType",
            r["key"],
            r["key"],
            r["name"],
            r["multiValued"],
            r["appliesToAll"],
            r["description"],
        )
        for goal_key in r["goalKeys"]:
            if goal_key in self.goal_keys:
                self.rel("APPLIES_TO", r["key"], goal_key)

    def _attribute_value(self, r: Record) -> None:
        value_id = f"{r['typeKey']}/{r['key']}"
        self.node(
            "AttributeValue",
            value_id,
            r["typeKey"],
            r["key"],
            r["name"],
            r.get("legacyId"),
            r["position"],
        )
        self.rel("OF_TYPE", value_id, r["typeKey"])

    def _model_dependency(self, r: Record) -> None:
        self.node("ModelDependency", r["key"], r["key"], r["name"])

    def _technique(self, r: Record) -> None:
        self.node(
            "Technique",
            str(r["legacyId"]),
            r["legacyId"],
            r["slug"],
            r["key"],
            r["name"],
            r["description"],
            r["modelDependency"],
            r["exampleUseCase"],
            FIRST_VERSION,
        )
        self.rel("HAS_PRIMARY_GOAL", str(r["legacyId"]), r["primaryGoalKey"])

    def _link(self, rel_type: str, other_field: str) -> Callable[[Record], None]:
        def write(r: Record) -> None:
            self.rel(rel_type, str(r["techniqueId"]), r[other_field], r["legacyId"])

        return write

    def _technique_attribute(self, r: Record) -> None:
        value_id = f"{r['typeKey']}/{r['valueKey']}"
        self.rel("HAS_ATTRIBUTE", str(r["techniqueId"]), value_id, r["legacyId"], r["legacyTable"])

    def _tag(self, r: Record) -> None:
        self.node("Tag", r["key"], r["key"], r["name"], r.get("legacyId"))

    def _tag_parent(self, r: Record) -> None:
        self.rel("CHILD_OF", r["childKey"], r["parentKey"])

    def _related(self, r: Record) -> None:
        self.rel("RELATED_TO", str(r["fromId"]), str(r["toId"]), r["type"], r["legacyId"])


@dataclass
class CsvExport:
    """What `export_csv` wrote: rows per label and type, the source's problems, the files."""

    folder: Path
    source: str
    source_rows: dict[str, int]
    nodes: dict[str, int]
    relationships: dict[str, int]
    problems: ProblemLog = field(default_factory=ProblemLog)
    multiline_files: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def args_file(self) -> Path:
        return self.folder / "import.args"

    def import_args(self) -> list[str]:
        """neo4j-admin's arguments for these files (absolute paths), database name excluded."""
        args = [
            f"--nodes={self.folder / 'nodes' / f'{label}.header.csv'},"
            f"{self.folder / 'nodes' / f'{label}.csv'}"
            for label in NODES
        ]
        args += [
            f"--relationships={self.folder / 'relationships' / f'{t}.header.csv'},"
            f"{self.folder / 'relationships' / f'{t}.csv'}"
            for t in RELATIONSHIPS
        ]
        if self.multiline_files:
            # v2 parses only the files that need it the slow, multi-line way.
            paths = ",".join(str(self.folder / name) for name in self.multiline_files)
            args += ["--multiline-fields-format=v2", f"--multiline-fields={paths}"]
        return args

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sourceRows": self.source_rows,
            "nodes": self.nodes,
            "relationships": self.relationships,
            "problemCounts": self.problems.counts(),
            "multilineFiles": self.multiline_files,
            "seconds": round(self.seconds, 3),
        }


def export_csv(
    source: LegacySource,
    out_dir: Path,
    *,
    skip_invalid: bool = False,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> CsvExport:
    """Check and transform `source` in one pass, writing neo4j-admin CSV files into `out_dir`.

    The files are written into a sibling folder and moved into place only when the source
    had no errors (or `skip_invalid`), so a refused or failed run leaves no half export.
    """
    started = time.perf_counter()
    out_dir = out_dir.resolve()
    if out_dir.exists() and not force:
        raise CsvExportError(f"{out_dir} already exists; choose a new folder or pass --force")
    if not out_dir.parent.is_dir():
        raise CsvExportError(f"the folder {out_dir.parent} does not exist; create it first")
    partial = out_dir.with_name(f".{out_dir.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    source.check_schema()
    try:
        export = _write(source, partial, out_dir, skip_invalid, batch_size)
        export.seconds = time.perf_counter() - started
        (partial / "manifest.json").write_text(json.dumps(export.as_dict(), indent=2) + "\n")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if out_dir.exists():
        shutil.rmtree(out_dir)
    partial.replace(out_dir)
    return export


def _write(
    source: LegacySource, partial: Path, out_dir: Path, skip_invalid: bool, batch_size: int
) -> CsvExport:
    """Run the steps into `partial`; what was written, described for its final place."""
    sink = CsvSink(partial)
    try:
        ctx = run_steps(source, sink, batch_size, "exporting")
    finally:
        sink.close()
    errors = ctx.log.errors
    if errors and not skip_invalid:
        raise InvalidSourceData(
            f"{len(errors)} errors in the source; no CSV was written. Fix them, or pass "
            "--skip-invalid to export everything else"
        )
    export = CsvExport(
        folder=out_dir,
        source=source.describe(),
        source_rows=source_rows(source),
        nodes={label: f.rows for label, f in sink.nodes.items()},
        relationships={t: f.rows for t, f in sink.relationships.items()},
        problems=ctx.log,
        multiline_files=[
            f"{kind}/{f.name}.csv"
            for kind, files in (("nodes", sink.nodes), ("relationships", sink.relationships))
            for f in files.values()
            if f.multiline
        ],
    )
    (partial / "import.args").write_text("\n".join(export.import_args()) + "\n", "utf-8")
    return export
