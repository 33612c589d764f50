"""`catalog token create`: a new API bearer token, printed once; only its digest is kept."""

from __future__ import annotations

import click

from api.auth import ROLES, new_token, token_line


@click.group("token")
def token() -> None:
    """Bearer tokens for the API's mutations (docs/operations.md).

    \b
    Example:
      catalog token create --role admin --name ops 2>> tokens.txt
    """


@token.command("create")
@click.option("--role", type=click.Choice(list(ROLES)), required=True, help="editor or admin")
@click.option("--name", default="", help="who or what holds it (shown in no log, for you)")
def create(role: str, name: str) -> None:
    """Print a new random token (stdout, once) and its API_TOKENS_FILE line (stderr).

    Only the line's SHA-256 digest is needed by the API; keep the token in the client's
    secret store, append the line to the file API_TOKENS_FILE names.

    \b
    Example:
      catalog token create --role editor --name web-client 2>> tokens.txt
    """
    value, entry = new_token(role, name)
    click.echo(value)
    click.echo(token_line(entry), err=True)
