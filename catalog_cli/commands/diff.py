"""`catalog diff SOURCE`: what a sync of SOURCE into the graph would do, without writing."""

from __future__ import annotations

import json

import click

from catalog_cli.commands.target import target_options, target_settings
from graph.connection import connected
from loaders.errors import InvalidSourceData
from loaders.sources import open_source
from loaders.sync.render import plan_lines
from loaders.sync.run import sync


@click.command(name="diff")
@click.argument("source")
@target_options
@click.option("--json", "as_json", is_flag=True, help="Print the whole plan as one JSON object.")
@click.option(
    "--prefer",
    type=click.Choice(["source", "graph"]),
    help="Show the plan as `catalog migrate --prefer` would settle conflicts.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=200,
    show_default=True,
    help="Changes listed in the human table.",
)
def diff_command(
    source: str,
    uri: str | None,
    instance: str | None,
    as_json: bool,
    prefer: str | None,
    limit: int,
) -> None:
    """What `catalog migrate SOURCE` would change in a migrated graph, written nowhere.

    Compares three states: what the last migration loaded (each node's and link's
    fingerprint), the source now, and the graph now. Lists creates, updates (field by field,
    old → new; long texts as a unified diff), deletes, rows matched by name under a new id,
    and conflicts: things both the source and an editor changed. Exit 0 whatever it finds;
    1 when the source has errors.

    \b
    Example:
      catalog diff data/catalog-2025-07.db
      catalog diff postgresql://catalog@127.0.0.1:54329/catalog --json > plan.json
    """
    with open_source(source) as legacy, connected(target_settings(uri, instance)) as graph:
        report = sync(
            legacy,
            graph,
            prefer="source" if prefer == "source" else "graph" if prefer else None,
            write=False,
            skip_invalid=True,
        )
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        for line in plan_lines(report.plan, limit=limit, adding=report.adding):
            click.echo(line)
    if report.problems.errors:
        for problem in report.problems.errors[:20]:
            click.echo(problem.line(), err=True)
        raise InvalidSourceData(
            f"{len(report.problems.errors):,} errors in the source: a sync would be refused "
            "(the plan above assumes --skip-invalid)"
        )
