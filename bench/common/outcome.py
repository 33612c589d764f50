"""How a benchmark ends: every mismatch it found on stderr, and exit 1 if there was one
(a run whose systems disagree measured something other than what it claims)."""

from __future__ import annotations

import sys
from typing import Any

import click


def exit_with_mismatches(results: dict[str, Any]) -> None:
    mismatches = [m for s in results["scales"] for m in s["mismatches"]]
    for mismatch in mismatches:
        click.echo(f"MISMATCH: {mismatch}", err=True)
    sys.exit(1 if mismatches else 0)
