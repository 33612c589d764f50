"""A generated catalog written out as a new legacy SQLite file (`catalog generate`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from loaders.generate import generate_rows, load_profile
from loaders.legacy_file import NewLegacyDatabase
from loaders.progress import Progress


def write_generated_catalog(
    path: Path, scale: int, seed: int = 0, force: bool = False, show_progress: bool = False
) -> Counter[str]:
    """Write a catalog `scale` times the bundled one into a new SQLite file; rows per table."""
    profile = load_profile()
    with NewLegacyDatabase(path, force=force, fast=True) as out:
        total = sum(profile.rows(scale).values())
        progress = Progress(total, f"generate {path.name}") if show_progress else None
        for table, rows in generate_rows(profile, scale, seed):
            out.insert(table, rows)
            if progress:
                progress.advance(len(rows))
        if progress:
            progress.close()
    return out.rows
