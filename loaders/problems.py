"""What the migration found wrong in the source, row by row, and what it did about it."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one source row: what is wrong, how to fix it, and what loading did.

    `outcome` is what happens to the row when it loads anyway: an error's outcome applies
    only under --skip-invalid (otherwise nothing is written), a warning's always.
    """

    severity: Severity
    code: str
    table: str
    row_id: int | None
    column: str | None
    what: str
    fix: str
    outcome: str
    merged_into: int | None = None

    def line(self) -> str:
        where = self.table + (f" row {self.row_id}" if self.row_id is not None else "")
        where += f" ({self.column})" if self.column else ""
        return f"{self.severity}: {where}: {self.what}; {self.fix} [{self.outcome}]"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ProblemLog:
    """The problems found, in order. With `keep=False` only their counts: the loading pass
    meets again every problem the checking pass has already reported, and a large source's
    problems (about 115,000 warnings at 1000x the bundled catalog) should not be held twice."""

    problems: list[Problem] = field(default_factory=list)
    keep: bool = True
    _counts_only: Counter[str] = field(default_factory=Counter, repr=False)

    def _add(self, problem: Problem) -> None:
        if self.keep:
            self.problems.append(problem)
        else:
            self._counts_only[f"{problem.severity}:{problem.code}"] += 1

    def error(
        self,
        code: str,
        table: str,
        row_id: int | None,
        column: str | None,
        what: str,
        fix: str,
        outcome: str,
        merged_into: int | None = None,
    ) -> None:
        self._add(Problem("error", code, table, row_id, column, what, fix, outcome, merged_into))

    def warning(
        self,
        code: str,
        table: str,
        row_id: int | None,
        column: str | None,
        what: str,
        fix: str,
        outcome: str,
        merged_into: int | None = None,
    ) -> None:
        self._add(Problem("warning", code, table, row_id, column, what, fix, outcome, merged_into))

    def not_loaded(self) -> dict[str, dict[int, int | None]]:
        """Per table, the rows that did not become a node or link of their own: row id → the
        row it was merged into, or None when it was skipped."""
        out: dict[str, dict[int, int | None]] = {}
        for p in self.problems:
            if p.row_id is not None and (p.merged_into is not None or p.outcome == "row skipped"):
                out.setdefault(p.table, {})[p.row_id] = p.merged_into
        return out

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def counts(self) -> dict[str, int]:
        """How many problems of each `severity:code`."""
        counted = Counter(f"{p.severity}:{p.code}" for p in self.problems) + self._counts_only
        return dict(sorted(counted.items()))
