"""The `catalog` command: results on stdout, progress and diagnostics on stderr.

Exit codes: 0 done, 1 the job failed (a `CatalogError`, with its message), 2 usage error.
Errors are turned into messages here and only here.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from graph.errors import CatalogError

# Each command and where it lives, imported only when it runs (or `--help` lists it), so
# `catalog migrate` never pays for the API's schema and server.
COMMANDS: dict[str, tuple[str, str]] = {
    "status": ("catalog_cli.commands.status", "status"),
    "migrate": ("catalog_cli.commands.migrate", "migrate_command"),
    "validate": ("catalog_cli.commands.migrate", "validate_command"),
    "diff": ("catalog_cli.commands.diff", "diff_command"),
    "stats": ("catalog_cli.commands.stats", "stats"),
    "backup": ("catalog_cli.commands.backup", "backup"),
    "restore": ("catalog_cli.commands.backup", "restore"),
    "export": ("catalog_cli.commands.export", "export"),
    "generate": ("catalog_cli.commands.generate", "generate"),
    "serve": ("catalog_cli.commands.serve", "serve"),
    "schema": ("catalog_cli.commands.schema", "schema_command"),
    "token": ("catalog_cli.commands.token", "token"),
    "browser": ("catalog_cli.commands.browser", "browser"),
    "export-csv": ("catalog_cli.commands.csv_export", "export_csv_command"),
    "operations": ("catalog_cli.commands.operations", "operations"),
    "mcp": ("catalog_cli.commands.mcp", "mcp_command"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported by name on first use (click's documented pattern
    for lazily loaded subcommands)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise TypeError(f"{module}.{attribute} is not the {cmd_name!r} command")
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
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
