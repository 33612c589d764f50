"""Checks shared by the entity and link transforms: required values, references, duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from graph.keys import clean_name, name_key
from loaders.problems import ProblemLog
from loaders.transform.limits import LONG_TEXT_MAX, NAME_MAX

V = TypeVar("V")

SKIP_HINT = "fix the source, or pass --skip-invalid to load everything else"


def required_name(
    value: str | None, table: str, row_id: int, log: ProblemLog, column: str = "name"
) -> str | None:
    """The cleaned name, or None (logged as an error, the row skipped) when missing or blank."""
    if value is None or not clean_name(value):
        what = "is NULL" if value is None else "is blank"
        log.error(
            "missing-value",
            table,
            row_id,
            column,
            f"{column} {what} but is required",
            f"give the row a {column}; {SKIP_HINT}",
            "row skipped",
        )
        return None
    name = clean_name(value)
    if len(name) > NAME_MAX:
        log.error(
            "too-long",
            table,
            row_id,
            column,
            f"{column} holds {len(name):,} characters ({name[:40]!r}...); names are index keys "
            f"and the limit is {NAME_MAX:,}",
            f"shorten the {column}; {SKIP_HINT}",
            "row skipped",
        )
        return None
    return name


def too_long(
    value: str | None, limit: int, table: str, row_id: int, column: str, log: ProblemLog
) -> bool:
    """An indexed text over `limit` characters: logged as an error (the row is skipped)."""
    if value is None or len(value) <= limit:
        return False
    log.error(
        "too-long",
        table,
        row_id,
        column,
        f"{column} holds {len(value):,} characters; it is an index key and the limit is {limit:,}",
        f"shorten the {column}; {SKIP_HINT}",
        "row skipped",
    )
    return True


def long_text(value: str, table: str, row_id: int, column: str, log: ProblemLog) -> str:
    """A long text over the API's limit loads whole, with a warning."""
    if len(value) > LONG_TEXT_MAX:
        log.warning(
            "long-text",
            table,
            row_id,
            column,
            f"{column} holds {len(value):,} characters, above the API's limit of {LONG_TEXT_MAX:,}",
            "shorten it, or editors will have to before they can save the row through the API",
            "loaded whole",
        )
    return value


def required_text(value: str | None, table: str, row_id: int, column: str, log: ProblemLog) -> str:
    """The text, or '' (logged as an error) when NULL: the row itself is still worth loading."""
    if value is None:
        log.error(
            "missing-value",
            table,
            row_id,
            column,
            f"{column} is NULL but is required",
            f"fill in {column}; {SKIP_HINT}",
            f"loaded with an empty {column}",
        )
        return ""
    return value


def missing_texts(row: Any, table: str, columns: tuple[str, ...], log: ProblemLog) -> None:
    """For a row skipped for another fault: its NULL required texts too, so one round of
    fixes to the source suffices."""
    for column in columns:
        if getattr(row, column) is None:
            log.error(
                "missing-value",
                table,
                row.id,
                column,
                f"{column} is NULL but is required",
                f"fill in {column}; {SKIP_HINT}",
                "row skipped",
            )


def resolve(
    mapping: Mapping[int, V],
    ref_id: int | None,
    *,
    table: str,
    row_id: int,
    column: str,
    target: str,
    skipped: Iterable[int],
    log: ProblemLog,
    outcome: str = "row skipped",
) -> V | None:
    """Follow a foreign key; log a dangling or NULL one as an error and return None."""
    if ref_id is None:
        log.error(
            "missing-value",
            table,
            row_id,
            column,
            f"{column} is NULL but is required",
            f"point the row at a {target} row; {SKIP_HINT}",
            outcome,
        )
        return None
    found = mapping.get(ref_id)
    if found is not None:
        return found
    if ref_id in skipped:
        log.error(
            "skipped-reference",
            table,
            row_id,
            column,
            f"{column} names {target} {ref_id}, which is itself invalid and skipped",
            f"fix {target} {ref_id} first",
            outcome,
        )
    else:
        log.error(
            "dangling-reference",
            table,
            row_id,
            column,
            f"{column} names {target} {ref_id}, which does not exist",
            f"add {target} {ref_id} or point the row at an existing one; {SKIP_HINT}",
            outcome,
        )
    return None


def survivors_by_name(
    table: str, named: list[tuple[int, str]], log: ProblemLog, *, merge: bool = True
) -> dict[int, int]:
    """Map each row id to the id of the row it stands for once names equal but for case merge.

    The lowest id of a group survives. With merge=False (techniques, whose other fields would
    be lost in a merge) the later rows are skipped instead: they map to nothing.
    """
    first_by_key: dict[str, tuple[int, str]] = {}
    survivors: dict[int, int] = {}
    for row_id, name in sorted(named):
        key = name_key(name)
        if key not in first_by_key:
            first_by_key[key] = (row_id, name)
            survivors[row_id] = row_id
            continue
        first_id, first_name = first_by_key[key]
        outcome = f"merged into row {first_id}" if merge else "row skipped"
        log.error(
            "duplicate-name",
            table,
            row_id,
            "name",
            f"name {name!r} equals {first_name!r} of row {first_id} except for case or spacing",
            f"rename one of them, or merge the two rows in the source; {SKIP_HINT}",
            outcome,
            merged_into=first_id if merge else None,
        )
        if merge:
            survivors[row_id] = first_id
    return survivors
