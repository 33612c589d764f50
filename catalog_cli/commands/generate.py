"""`catalog generate`: a synthetic legacy SQLite catalog N times the bundled one."""

from __future__ import annotations

import time
from pathlib import Path

import click

from loaders.generated_file import write_generated_catalog


@click.command()
@click.option(
    "--scale",
    type=click.IntRange(1, 1000),
    required=True,
    help="How many times the bundled catalog (1 to 1000; 1000 is about 1.4 million rows).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same database.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.argument("out", metavar="OUT.db", type=click.Path(dir_okay=False, path_type=Path))
def generate(scale: int, seed: int, force: bool, out: Path) -> None:
    """Write a synthetic legacy SQLite catalog SCALE times the bundled one.

    Goals stay the seven real ones; every other table grows SCALE times, with the bundled
    catalog's shape (tags per technique, cross-goal categories, scope, fairness approaches,
    lifecycle stages, relationships in both directions). For tests and benchmarks.

    \b
    Example:
      catalog generate --scale 100 /tmp/catalog-x100.db
      catalog generate --scale 1000 --seed 7 --force /tmp/catalog-x1000.db
    """
    started = time.monotonic()
    rows = write_generated_catalog(out, scale, seed, force, show_progress=True)
    seconds = time.monotonic() - started
    click.echo(f"wrote {out} (scale {scale}, seed {seed})")
    for table, n in rows.items():
        click.echo(f"  {table:<34} {n:>10,}")
    click.echo(f"  {'total':<34} {sum(rows.values()):>10,} rows in {seconds:.1f} s")
