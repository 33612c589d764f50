"""A migration run's record in the graph, and whether the graph holds a catalog yet.

A run records itself as a `MigrationRun` node (running -> validating -> complete, or
failed), so one killed half-way or during its validation shows as incomplete
(`graph/status.py`, `catalog status`, the API's `/ready`) until a run completes.
"""

from __future__ import annotations

from typing import LiteralString

START_RUN: LiteralString = """
CREATE (:MigrationRun {runId: $runId, source: $source, state: 'running',
                       startedAt: toString(datetime())})
"""

# A complete run supersedes every earlier unfinished one: the graph is now whole again.
FINISH_RUN: LiteralString = """
MATCH (run:MigrationRun {runId: $runId})
SET run.state = 'complete', run.finishedAt = toString(datetime()), run.report = $report
WITH run
MATCH (earlier:MigrationRun)
WHERE earlier.state IN ['running', 'failed', 'validating'] AND earlier <> run
SET earlier.state = 'superseded'
"""

# Written, being validated: a kill now leaves the run unfinished, not complete.
VALIDATING_RUN: LiteralString = """
MATCH (run:MigrationRun {runId: $runId}) SET run.state = 'validating'
"""

FAIL_RUN: LiteralString = """
MATCH (run:MigrationRun {runId: $runId})
SET run.state = 'failed', run.finishedAt = toString(datetime()), run.error = $error
"""

# Any catalog node at all means the graph is not fresh (MigrationRun nodes do not count; a
# model dependency an admin added before the first load does, as the load writes that label).
CATALOG_PRESENT: LiteralString = """
RETURN EXISTS {
  MATCH (n) WHERE n:Goal OR n:Category OR n:SubCategory OR n:Technique OR n:Tag
                  OR n:AttributeType OR n:AttributeValue OR n:ModelDependency
} AS present
"""
