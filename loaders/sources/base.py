"""What every legacy source offers the migration: schema check, counts, streamed rows, snapshot.

The engines (`sqlite.py`, `postgres.py`) supply raw value tuples and the columns they hold;
this module turns them into the row types of `loaders.rows.TABLES` and words the errors, so
both engines behave the same.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Generator, Iterator
from decimal import Decimal
from functools import partial
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any, TypeAlias

from loaders.errors import SourceError
from loaders.rows import TABLES

# A row of one legacy table: the NamedTuple `TABLES[table][0]`. Typed as Any because which one
# depends on the table name, a runtime string; callers annotate the row type they expect.
Row: TypeAlias = Any

SCHEMA_FILE = "data/legacy-schema.sql"
_INTEGER = re.compile(r"[+-]?[0-9]+")


class LegacySource(ABC):
    """A legacy catalog database opened read-only. Use it as a context manager, or `close()` it."""

    @abstractmethod
    def describe(self) -> str:
        """Where the source is, safe to print: `sqlite:/abs/path.db` or a URL without password."""

    def count(self, table: str) -> int:
        """How many rows `table` holds."""
        table_spec(table)
        return self._count(table)

    @abstractmethod
    def snapshot(self, dest_dir: Path) -> Path:
        """Write a consistent copy of the whole source into `dest_dir`; return the file written."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; calling it twice is harmless."""

    @abstractmethod
    def _count(self, table: str) -> int:
        """`count` of a table name known to be legacy."""

    @abstractmethod
    def _columns(self, tables: list[str]) -> dict[str, set[str] | None]:
        """The columns each table has, spelt as the engine will match `TABLES`' names against
        them, None for a table that does not exist."""

    @abstractmethod
    def _batches(
        self, table: str, columns: tuple[str, ...], order_by: tuple[str, ...], batch_size: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        """`columns` of `table` ordered by `order_by` with NULLs last, at most `batch_size`
        tuples at a time, fetched as they are consumed."""

    def check_schema(self) -> None:
        """Raise SourceError naming every legacy table and column the source lacks."""
        found = self._columns(list(TABLES))
        missing_tables = [table for table in TABLES if found.get(table) is None]
        missing_columns = [
            f"{table}.{column}"
            for table, (_, columns) in TABLES.items()
            if (present := found.get(table)) is not None
            for column in columns
            if column not in present
        ]
        if not missing_tables and not missing_columns:
            return
        problems = []
        if missing_tables:
            problems.append("missing tables: " + ", ".join(missing_tables))
        if missing_columns:
            problems.append("missing columns: " + ", ".join(missing_columns))
        raise SourceError(
            f"{self.describe()} is not a legacy catalog, or has an older schema "
            f"({'; '.join(problems)}); give the legacy catalog database, or bring it to the "
            f"schema of {SCHEMA_FILE} first"
        )

    def stream(
        self, table: str, batch_size: int = 5000, *, order_by: tuple[str, ...] = ("id",)
    ) -> Generator[list[Row], None, None]:
        """The rows of `table` as its `TABLES` row type, in lists of at most `batch_size`,
        ordered by the columns `order_by` (NULLs last, in both engines). Rows are fetched as
        they are consumed, so memory stays flat however large the table. Values are as the
        database holds them (None anywhere), except that ids stored as integral numbers or
        digit strings come back as ints."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        row_type, columns = table_spec(table)
        unknown = [column for column in order_by if column not in columns]
        if unknown or not order_by:
            raise ValueError(f"order_by {order_by!r} must name columns of {table}: {columns}")
        id_positions = [i for i, column in enumerate(columns) if is_id_column(column)]
        # The row type's tuple.__new__ straight, not `_make`: a C call, half the cost per row
        # (a batch always holds exactly `columns`, which is all `_make` would check).
        make = partial(tuple.__new__, row_type)
        for batch in self._batches(table, columns, order_by, batch_size):
            if _ids_all_int(batch, id_positions):  # the usual case: one test for the batch
                yield list(map(make, batch))
            else:
                yield [make(_with_int_ids(values, id_positions)) for values in batch]

    def __enter__(self) -> LegacySource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"


def table_spec(table: str) -> tuple[type, tuple[str, ...]]:
    """The row type and columns of a legacy table; SourceError for a name that is not one."""
    try:
        return TABLES[table]
    except KeyError:
        raise SourceError(
            f"{table!r} is not a legacy table; the tables are: {', '.join(TABLES)}"
        ) from None


def make_snapshot_dir(dest_dir: Path) -> None:
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(
            f"cannot create the snapshot directory {dest_dir}: {exc}; give a writable directory"
        ) from exc


def is_id_column(column: str) -> bool:
    return column == "id" or column.endswith("_id")


_INT_OR_NONE = frozenset({int, type(None)})


def _ids_all_int(batch: list[tuple[Any, ...]], id_positions: list[int]) -> bool:
    """Whether every id of the batch is already an int or None (nothing to convert)."""
    found: set[type] = set()
    for i in id_positions:  # map() walks the column in C: this runs for every row read
        found.update(map(type, map(itemgetter(i), batch)))
    return found <= _INT_OR_NONE


def _with_int_ids(values: tuple[Any, ...], id_positions: list[int]) -> tuple[Any, ...]:
    if all(type(values[i]) is int or values[i] is None for i in id_positions):
        return values  # the usual case: nothing to copy
    fixed = list(values)
    for i in id_positions:
        fixed[i] = _as_int(fixed[i])
    return tuple(fixed)


def _as_int(value: Any) -> Any:
    """An integral number or digit string as int; anything else unchanged, for the transform
    to report (a legacy column typed loosely may hold `'12'`, `12.0` or `Decimal('12')`)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value)
    return value
