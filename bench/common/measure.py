"""One measured run of a command: wall time and the peak resident memory of its process.

The command runs as a child process and is reaped with `os.wait4`, whose rusage is that
child's own (plus any children it reaped), so `ru_maxrss` is the peak resident memory of
exactly this run, not the largest child of the whole benchmark so far.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss_mib: float
    returncode: int
    log: Path
    # Seconds from the start until the first output line starting with the mark, if any.
    mark_seconds: float | None = None

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class CommandFailed(Exception):
    """A measured command exited non-zero; the message carries the end of its output."""


def run_measured(
    args: list[str],
    env: dict[str, str],
    log: Path,
    cwd: Path,
    *,
    mark: str | None = None,
    stop_at_mark: bool = False,
    check: bool = True,
) -> Measurement:
    """Run `args` to completion, output (stdout and stderr) into `log`; its wall time and
    peak RSS, and when `mark` is given, when a line starting with it was first printed.

    With `stop_at_mark` the process is terminated (SIGTERM) as soon as the mark is printed:
    what follows is not wanted, and the run counts as successful."""
    log.parent.mkdir(parents=True, exist_ok=True)
    marked: float | None = None
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
        )
        assert process.stdout is not None
        for line in process.stdout:
            out.write(line)
            if mark is not None and marked is None and line.startswith(mark):
                marked = time.perf_counter() - started
                if stop_at_mark:
                    process.terminate()
                    break
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.stdout.close()
    process.returncode = 0 if stop_at_mark and marked else os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in KiB.
    measured = Measurement(seconds, usage.ru_maxrss / 1024, process.returncode, log, marked)
    if check and measured.returncode != 0:
        raise CommandFailed(
            f"{' '.join(args)} exited {measured.returncode}; the end of {log}:\n{measured.tail()}"
        )
    return measured
