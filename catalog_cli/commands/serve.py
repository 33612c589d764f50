"""`catalog serve`: the GraphQL API under uvicorn.

uvicorn gets the app factory as an import string derived from the factory itself: with
several workers each process imports it and builds its own app and its own Neo4j driver.
"""

from __future__ import annotations

import click

from api.settings import get_api_settings


@click.command()
@click.option("--host", metavar="HOST", help="Interface to listen on (default: API_HOST).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default: API_PORT).")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes (default: API_WORKERS).")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the catalog's GraphQL API at /graphql, with /health and /ready.

    Neo4j is the one of NEO4J_URI; limits come from API_MAX_PAGE_SIZE, API_MAX_DEPTH,
    API_MAX_ALIASES, API_MAX_TOKENS, API_MAX_COST, API_MAX_BODY_BYTES (docs/api.md).
    Stop with Ctrl-C.

    \b
    Example:
      catalog serve
      catalog serve --host 0.0.0.0 --port 8080 --workers 4
      curl -s localhost:8000/ready
    """
    # Imported here, not at the top: the API and the server cost a second at start, which
    # the other commands should not pay.
    import uvicorn

    from api.app import create_app

    settings = get_api_settings()
    host = host or settings.api_host
    port = port or settings.api_port
    workers = workers or settings.api_workers
    click.echo(f"GraphQL: http://{host}:{port}/graphql ({workers} workers; Ctrl-C stops)")
    uvicorn.run(
        f"{create_app.__module__}:{create_app.__qualname__}",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )
