"""A restore killed half-way (kill -9) shows as incomplete in `catalog status` and `/ready`,
and running it again completes it: the graph the backup holds, exactly."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from api.health import readiness
from graph.connection import Graph
from graph.fingerprint import fingerprint
from support.commands import CATALOG, REPO_ROOT, catalog


def kill_once_restoring(backup: Path, backup_dir: Path) -> None:
    """Kill -9 `catalog restore --replace` right after it reports its first 10,000
    relationships: two thirds of them are still to come, so the kill lands mid-restore
    however fast the machine (a delay would not)."""
    process = subprocess.Popen(
        [str(CATALOG), "restore", "--replace", "--backup-dir", str(backup_dir), str(backup)],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.startswith("restore: 10000 relationships"):
            break
    else:
        raise AssertionError(f"the restore ended before 10000 relationships: {seen}")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def test_a_killed_restore_is_reported_incomplete_and_a_rerun_completes_it(
    tmp_path: Path, graph: Graph
) -> None:
    source = tmp_path / "scale20.db"
    assert catalog("generate", "--scale", "20", str(source)).returncode == 0
    migrated = catalog("migrate", str(source), "--no-backup")
    assert migrated.returncode == 0, migrated.stderr
    expected = fingerprint(graph)
    backup = tmp_path / "catalog.jsonl.gz"
    assert catalog("backup", str(backup)).returncode == 0

    kill_once_restoring(backup, tmp_path / "replaced")
    (replaced,) = (tmp_path / "replaced").glob("*/replaced-graph.jsonl.gz")
    status = catalog("status")
    assert "incomplete load: restore run" in status.stdout
    assert f"catalog restore --replace {backup}" in status.stdout
    ready = readiness(graph)
    assert not ready["ready"]
    assert ready["checks"]["loads"].startswith("restore ")
    assert fingerprint(graph) != expected

    rerun = catalog("restore", str(backup))
    assert rerun.returncode == 0, rerun.stderr
    assert "completed the interrupted restore" in rerun.stdout
    assert "replaced graph backed up to" not in rerun.stdout
    assert "loads: none incomplete" in catalog("status").stdout
    assert readiness(graph)["checks"]["loads"] == "ok"
    assert fingerprint(graph) == expected

    # What the killed run replaced was kept: restoring it puts that graph back.
    put_back = catalog("restore", "--replace", "--backup-dir", str(tmp_path), str(replaced))
    assert put_back.returncode == 0, put_back.stderr
    assert fingerprint(graph) == expected
