"""A load killed at any point (kill -9) shows as incomplete, and a re-run ends in the graph a
clean run makes."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from graph.connection import Graph
from graph.fingerprint import fingerprint
from support.commands import CATALOG, REPO_ROOT, catalog
from support.guard import wipe_test_data
from support.legacy import legacy_sqlite
from support.sync_catalog import change_source, small_catalog


def start_migration(source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CATALOG), "-v", "migrate", str(source), "--no-backup", "--batch-size", "100"],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_once_loading(process: subprocess.Popen[str], after_step: str) -> None:
    """Kill -9 as soon as the loading pass has finished `after_step`: the steps after it are
    still to come, so the kill lands mid-load however fast the machine (a delay would not)."""
    assert process.stderr is not None
    loading = False
    for line in process.stderr:
        loading = loading or "loading into" in line
        if loading and f"step {after_step}:" in line:
            break
    else:
        raise AssertionError(f"the load ended without logging step {after_step!r}")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_a_killed_load_is_reported_incomplete_and_a_rerun_completes_it(
    tmp_path: Path, graph: Graph
) -> None:
    source = tmp_path / "scale5.db"
    assert catalog("generate", "--scale", "5", str(source)).returncode == 0
    clean = catalog("migrate", str(source), "--no-backup")
    assert clean.returncode == 0, clean.stderr
    expected = fingerprint(graph)
    wipe_test_data(graph)

    process = start_migration(source)
    kill_once_loading(process, after_step="techniques")
    assert process.returncode == -signal.SIGKILL
    status = catalog("status")
    assert "incomplete load: migration run" in status.stdout, "the load ended before the kill"
    assert fingerprint(graph) != expected

    rerun = catalog("migrate", str(source), "--no-backup")
    assert rerun.returncode == 0, rerun.stderr
    assert "validation: OK" in rerun.stdout
    assert "loads: none incomplete" in catalog("status").stdout
    assert fingerprint(graph) == expected


def kill_at(process: subprocess.Popen[str], marker: str) -> None:
    """Kill -9 as soon as the run logs `marker` (the step it is about to take)."""
    assert process.stderr is not None
    for line in process.stderr:
        if marker in line:
            break
    else:
        raise AssertionError(f"the run ended without logging {marker!r}")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_a_sync_killed_at_any_step_converges_on_a_rerun(tmp_path: Path, graph: Graph) -> None:
    source = legacy_sqlite(tmp_path / "legacy.db", small_catalog())
    changes = (
        "DELETE FROM technique_relationship WHERE technique_from_id = 4",
        "DELETE FROM technique_tag WHERE technique_id = 4",
        "DELETE FROM technique_category WHERE technique_id = 4",
        "DELETE FROM technique WHERE id = 4",
        "UPDATE technique SET description = 'Shapley values, exactly.' WHERE id = 1",
        "INSERT INTO technique VALUES (5, 'Counterfactuals', 'What if.', 2, 'Any', 'E.', NULL)",
        "INSERT INTO technique_tag VALUES (6, 5, 2)",
    )
    assert catalog("migrate", str(source), "--no-backup").returncode == 0
    change_source(str(source), *changes)
    clean = catalog("migrate", str(source), "--no-backup")
    assert clean.returncode == 0 and "validation: OK" in clean.stdout, clean.stderr
    expected = fingerprint(graph)
    for marker in ("step relationships:", "writing ", "validating ..."):
        wipe_test_data(graph)
        source = legacy_sqlite(tmp_path / f"legacy-{len(marker)}.db", small_catalog())
        assert catalog("migrate", str(source), "--no-backup").returncode == 0
        change_source(str(source), *changes)
        kill_at(start_migration(source), marker)
        if marker == "validating ...":
            # Written but not validated: shown as unfinished, not complete.
            assert "validation never finished" in catalog("status").stdout
        rerun = catalog("migrate", str(source), "--no-backup")
        assert rerun.returncode == 0 and "validation: OK" in rerun.stdout, rerun.stderr
        assert "loads: none incomplete" in catalog("status").stdout
        assert fingerprint(graph) == expected, marker


def test_a_load_killed_during_validation_is_not_complete(tmp_path: Path, graph: Graph) -> None:
    source = legacy_sqlite(tmp_path / "legacy.db", small_catalog())
    kill_at(start_migration(source), "validating ...")
    assert "validation never finished" in catalog("status").stdout
    rerun = catalog("migrate", str(source), "--no-backup")
    assert rerun.returncode == 0 and "validation: OK" in rerun.stdout, rerun.stderr
    assert "loads: none incomplete" in catalog("status").stdout
