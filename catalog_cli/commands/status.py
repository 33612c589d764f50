"""`catalog status`: can we reach Neo4j, which version, how big, any load left unfinished?"""

from __future__ import annotations

import json

import click

from catalog_cli.commands.target import target_options, target_settings
from graph.connection import connected
from graph.status import finish_hint, read_status


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as one JSON object.")
@target_options
def status(as_json: bool, uri: str | None, instance: str | None) -> None:
    """Can the catalog reach Neo4j? Which version, how many nodes and relationships?

    \b
    Example:
      catalog status
      catalog status --instance staging --json
    """
    with connected(target_settings(uri, instance)) as graph:
        report = read_status(graph)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    click.echo(f"neo4j: {report.uri} (database {report.database}, user {report.user})")
    click.echo(f"server: {report.product} {report.version} {report.edition}")
    click.echo(f"nodes: {report.nodes}")
    click.echo(f"relationships: {report.relationships}")
    if not report.incomplete_loads:
        click.echo("loads: none incomplete")
    for run in report.incomplete_loads:
        if run.get("state") == "validating":
            click.echo(
                f"incomplete load: run {run['runId']} from {run['source']} started "
                f"{run['startedAt']} was written but its validation never finished; run the "
                "migration again (it syncs, then validates) to complete it"
            )
            continue
        click.echo(
            f"incomplete load: {run['kind']} run {run['runId']} from {run['source']} started "
            f"{run['startedAt']} never finished; {finish_hint(run)}"
        )
