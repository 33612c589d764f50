"""`catalog mcp`: the catalog's tools for AI agents, as a Model Context Protocol server."""

from __future__ import annotations

import click

from api.settings import get_api_settings
from graph.connection import connected


@click.command(name="mcp")
@click.option(
    "--http",
    "over_http",
    is_flag=True,
    help="Serve streamable HTTP at http://HOST:PORT/mcp instead of stdio.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface (with --http).")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="With --http."
)
@click.option(
    "--allow-writes",
    is_flag=True,
    help="Add the write tools; each call still needs an editor token (see below).",
)
def mcp_command(over_http: bool, host: str, port: int, allow_writes: bool) -> None:
    """Serve the catalog to AI agents over MCP: find, get, compare, related, coverage,
    taxonomy and attribute schema, read straight from the graph.

    Read-only unless --allow-writes; writes then need a token of the API's (API_TOKENS,
    API_TOKENS_FILE): over HTTP `Authorization: Bearer <token>`, over stdio the server's
    CATALOG_MCP_TOKEN. Over stdio, stdout carries the protocol only; messages go to stderr.

    \b
    Example:
      catalog mcp
      catalog mcp --http --port 8001
      CATALOG_MCP_TOKEN=... catalog mcp --allow-writes
    """
    from api.agent.server import build_server

    settings = get_api_settings()
    with connected(settings) as graph:
        server = build_server(graph, settings, allow_writes=allow_writes)
        if over_http:
            click.echo(f"MCP: http://{host}:{port}/mcp (Ctrl-C stops)", err=True)
            server.run("streamable-http", host=host, port=port)
        else:
            server.run("stdio")
