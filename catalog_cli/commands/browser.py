"""`catalog browser`: where Neo4j Browser is, and the two commands that dress it for the catalog.

Neo4j Browser is served by Neo4j itself (`/browser/` on its HTTP port); the catalog's GraSS
style and guide are served by the API (`/browser/style.grass`, `/browser/guide.html`), which
lets Browser pages on this machine fetch them (CORS), and the server's
`browser.remote_content_hostname_whitelist` (written by scripts/neo4j) lets Browser play them.
Nothing here connects to anything: it only prints.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import click

from api.settings import get_api_settings
from catalog_cli.commands.target import INSTANCE_BOLT_PORTS, target_options, target_settings

# scripts/neo4j's instances: Bolt port -> HTTP port (Browser).
HTTP_PORT_OF_BOLT = {7687: 7474, 7688: 7475, 7689: 7476}
assert set(HTTP_PORT_OF_BOLT) == set(INSTANCE_BOLT_PORTS.values())


def browser_url(neo4j_uri: str, http_port: int | None) -> str:
    """Neo4j Browser of the server at `neo4j_uri`: the same host, its HTTP port."""
    parts = urlsplit(neo4j_uri)
    port = http_port or HTTP_PORT_OF_BOLT.get(parts.port or 7687)
    if port is None:
        raise click.UsageError(
            f"cannot tell the HTTP port of {parts.hostname}:{parts.port} "
            "(not an instance of scripts/neo4j); pass --http-port"
        )
    return f"http://{parts.hostname}:{port}/browser/"


@click.command()
@click.option(
    "--api",
    "api_url",
    metavar="URL",
    help="Where the API is served (default: http://API_HOST:API_PORT).",
)
@click.option(
    "--http-port",
    type=click.IntRange(1, 65535),
    help="Neo4j's HTTP port, when not one of scripts/neo4j's instances.",
)
@target_options
def browser(
    api_url: str | None, http_port: int | None, uri: str | None, instance: str | None
) -> None:
    """Print Neo4j Browser's URL and the commands that load the catalog's style and guide.

    Open the URL, connect, then paste the `:style` and `:play` lines into Browser's editor.
    The API must be running (`catalog serve`): it serves the style and the guide.

    \b
    Example:
      catalog browser
      catalog browser --instance staging --api http://127.0.0.1:8080
    """
    settings = target_settings(uri, instance)
    api_settings = get_api_settings()
    api = (api_url or f"http://{api_settings.api_host}:{api_settings.api_port}").rstrip("/")
    click.echo(f"Neo4j Browser: {browser_url(settings.neo4j_uri, http_port)}")
    click.echo(f"connect to:    {settings.safe_uri} as {settings.neo4j_user}")
    click.echo(f"style:         :style {api}/browser/style.grass")
    click.echo(f"guide:         :play {api}/browser/guide.html")
