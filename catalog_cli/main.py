"""The `catalog` command: results on stdout, progress and diagnostics on stderr.

Exit codes: 0 done, 1 the job failed (a `CatalogError`, with its message), 2 usage error.
Errors are turned into messages here and only here.
"""

from __future__ import annotations

import logging
import sys

import click

from catalog_cli.commands.backup import backup, restore
from catalog_cli.commands.browser import browser
from catalog_cli.commands.csv_export import export_csv_command
from catalog_cli.commands.diff import diff_command
from catalog_cli.commands.export import export
from catalog_cli.commands.generate import generate
from catalog_cli.commands.mcp import mcp_command
from catalog_cli.commands.migrate import migrate_command, validate_command
from catalog_cli.commands.operations import operations
from catalog_cli.commands.schema import schema_command
from catalog_cli.commands.serve import serve
from catalog_cli.commands.stats import stats
from catalog_cli.commands.status import status
from catalog_cli.commands.token import token
from graph.errors import CatalogError


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


cli.add_command(status)
cli.add_command(migrate_command)
cli.add_command(validate_command)
cli.add_command(diff_command)
cli.add_command(stats)
cli.add_command(backup)
cli.add_command(restore)
cli.add_command(export)
cli.add_command(generate)
cli.add_command(serve)
cli.add_command(schema_command)
cli.add_command(token)
cli.add_command(browser)
cli.add_command(export_csv_command)
cli.add_command(operations)
cli.add_command(mcp_command)


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
