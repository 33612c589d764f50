"""The `catalog` command: results on stdout, progress and diagnostics on stderr.

Exit codes: 0 done, 1 the job failed (a `CatalogError`, with its message), 2 usage error.
Errors are turned into messages here and only here.
"""

from __future__ import annotations

import json
import logging
import sys

import click

from graph.connection import connected
from graph.errors import CatalogError
from graph.settings import load_settings
from graph.status import read_status

log = logging.getLogger("catalog")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", is_flag=True, help="More detail on stderr.")
def cli(verbose: bool) -> None:
    """Catalog of AI-assurance techniques on Neo4j: migrate, inspect and serve it.

    Connection settings come from the environment or a `.env` file: NEO4J_URI, NEO4J_USER,
    NEO4J_PASSWORD, NEO4J_DATABASE.

    \b
    Example:
      catalog status
    """
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )
    # The driver logs each retry it makes; our own errors say what failed and how to fix it.
    for noisy in ("neo4j", "neomodel"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as one JSON object.")
def status(as_json: bool) -> None:
    """Can the catalog reach Neo4j? Which version, how many nodes and relationships?

    \b
    Example:
      catalog status
      NEO4J_URI=bolt://127.0.0.1:7688 catalog status --json
    """
    settings = load_settings()
    with connected(settings) as graph:
        report = read_status(graph)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    click.echo(f"neo4j: {report.uri} (database {report.database}, user {report.user})")
    click.echo(f"server: {report.product} {report.version} {report.edition}")
    click.echo(f"nodes: {report.nodes}")
    click.echo(f"relationships: {report.relationships}")
    if report.incomplete_loads:
        for run in report.incomplete_loads:
            click.echo(
                f"incomplete load: run {run['runId']} from {run['source']} started "
                f"{run['startedAt']} never finished; run the migration again to complete it"
            )
    else:
        click.echo("loads: none incomplete")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `catalog` console script."""
    try:
        cli.main(args=argv, prog_name="catalog", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("catalog: interrupted", err=True)
        sys.exit(130)
    except CatalogError as exc:
        click.echo(f"catalog: error: {exc}", err=True)
        sys.exit(1)
    sys.exit(0)


if __name__ == "__main__":
    main()
