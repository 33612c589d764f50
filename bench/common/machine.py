"""What the benchmark ran on: CPU, cores, memory, load, and the versions that matter."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.common.instance import neo4j_version


def _proc(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def cpu_model() -> str:
    for line in _proc("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib() -> float:
    for line in _proc("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0.0


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages: other work on the machine skews timings."""
    return [round(x, 2) for x in os.getloadavg()]


def cpu_stall_microseconds() -> int | None:
    """Total time runnable tasks waited for a CPU (/proc/pressure/cpu `some`), if the kernel
    reports it: its growth over a measurement is how much other work competed for the cores."""
    for line in _proc("/proc/pressure/cpu").splitlines():
        if line.startswith("some"):
            return int(line.rsplit("total=", 1)[1])
    return None


class CpuPressure:
    """The share of a measurement's wall time in which some task waited for a CPU."""

    def __init__(self) -> None:
        self._stall, self._started = cpu_stall_microseconds(), time.monotonic()

    def share(self) -> float | None:
        stall = cpu_stall_microseconds()
        if stall is None or self._stall is None:
            return None
        elapsed = time.monotonic() - self._started
        return round((stall - self._stall) / 1e6 / elapsed, 3) if elapsed > 0 else None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def java_version() -> str:
    try:
        done = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    return (done.stderr or done.stdout).splitlines()[0] if (done.stderr or done.stdout) else "?"


def machine() -> dict[str, Any]:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memoryGiB": memory_gib(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "neo4j": neo4j_version(),
        "java": java_version(),
        "neo4jDriver": _version("neo4j"),
        "neo4jRustExt": _version("neo4j-rust-ext"),
        "neomodel": _version("neomodel"),
        "loadAverageAtStart": load_average(),
    }
