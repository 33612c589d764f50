"""`catalog stats`: how many nodes of each label and relationships of each type."""

from __future__ import annotations

import json

import click

from catalog_cli.commands.target import target_options, target_settings
from graph.connection import connected
from graph.stats import graph_stats


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@target_options
def stats(as_json: bool, uri: str | None, instance: str | None) -> None:
    """Node counts per label and relationship counts per type, and how many came from the
    legacy source (they carry `src`) or were made by editors through the API.

    \b
    Example:
      catalog stats --json
    """
    with connected(target_settings(uri, instance)) as graph:
        counts = graph_stats(graph)
    if as_json:
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    for section, values in counts.items():
        click.echo(f"{section}:")
        for name, n in values.items():
            click.echo(f"  {name:<20} {n:>10,}")
