"""The `--uri` / `--instance` options that pick which Neo4j a command works on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from graph.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])

# The named instances of scripts/neo4j and their Bolt ports.
INSTANCE_BOLT_PORTS = {"default": 7687, "staging": 7688, "test": 7689}


def target_options(command: F) -> F:
    """Add --uri and --instance to a command that talks to Neo4j."""
    command = click.option(
        "--instance",
        type=click.Choice(sorted(INSTANCE_BOLT_PORTS)),
        help="A local instance of scripts/neo4j (e.g. staging) instead of NEO4J_URI.",
    )(command)
    command = click.option(
        "--uri",
        metavar="URI",
        help="Neo4j to work on instead of NEO4J_URI (e.g. bolt://127.0.0.1:7688).",
    )(command)
    return command


def target_settings(uri: str | None, instance: str | None) -> Settings:
    if uri and instance:
        raise click.UsageError("give --uri or --instance, not both")
    if instance:
        uri = f"bolt://127.0.0.1:{INSTANCE_BOLT_PORTS[instance]}"
    return load_settings(NEO4J_URI=uri) if uri else load_settings()
