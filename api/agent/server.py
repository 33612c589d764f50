"""`catalog mcp`: the agent tools as a Model Context Protocol server (stdio or streamable HTTP).

Reads are open to any client that can reach the server, as the GraphQL API's are. The write
tools exist only when the server is started with writes allowed, and each call must then
carry an editor or admin token of the API's own token store (`API_TOKENS`,
`API_TOKENS_FILE`; `catalog token create`): over HTTP as `Authorization: Bearer <token>` on
the request, over stdio in CATALOG_MCP_TOKEN of the server's environment (the client that
spawns it holds the token). Tokens are checked on every call, so a revoked one stops working
without a restart.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from api.agent import tools
from api.auth import EDITOR, ROLES, authenticate, token_entries
from api.context import limits_from
from api.settings import ApiSettings
from graph.connection import Graph
from graph.errors import CatalogError
from graph.writes.techniques import AttributeInput, TechniqueFields

T = TypeVar("T")
STDIO_TOKEN_VARIABLE = "CATALOG_MCP_TOKEN"
INSTRUCTIONS = (
    "A catalog of AI-assurance techniques (explainability, fairness, privacy, ...). Start with "
    "taxonomy for the goals, categories and attribute types; find_techniques searches and "
    "filters; get_technique shows one whole; related_techniques, compare_techniques and "
    "coverage answer questions across techniques. Names are exact (as taxonomy lists them)."
)
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)

Names = Annotated[list[str], Field(description="Exact names, as taxonomy lists them.")]
Slug = Annotated[str, Field(description="A technique's slug, e.g. 'anchor'.")]


class AttributeChoice(BaseModel):
    type: str = Field(description="An attribute type's name, e.g. 'Fairness Approach'.")
    values: list[str] = Field(description="Names of that type's values.")


async def answer(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` on a worker thread; the catalog's own errors become tool errors whose
    message (what is wrong, how to fix it) the agent reads."""
    try:
        return await asyncio.to_thread(work, *args)
    except CatalogError as exc:
        raise ToolError(str(exc)) from None


def build_server(graph: Graph, settings: ApiSettings, allow_writes: bool = False) -> MCPServer:
    """The MCP server over `graph`: read tools, and write tools when `allow_writes`."""
    limits = limits_from(settings)
    server = MCPServer("assurance-catalog", instructions=INSTRUCTIONS)

    @server.tool(annotations=READ_ONLY)
    async def find_techniques(
        query: Annotated[str | None, Field(description="Full-text search words.")] = None,
        goals: Names | None = None,
        categories: Names | None = None,
        tags: Names | None = None,
        model_dependency: Annotated[str | None, Field(description="e.g. 'Model-Agnostic'.")] = None,
        limit: Annotated[int | None, Field(description="At most this many.")] = None,
        offset: Annotated[int | None, Field(description="Skip this many (no query).")] = None,
    ) -> dict[str, Any]:
        """Techniques serving any of the goals, in any of the categories, with any of the tags
        (each kind given must hold), by name; with a query, best match first, each with its
        score. Each comes with its goals, categories and tags."""
        where = tools.technique_filter(goals or (), categories or (), tags or (), model_dependency)
        found = await answer(tools.find_techniques, graph, limits, query, where, limit, offset)
        return {"techniques": found}

    @server.tool(annotations=READ_ONLY)
    async def get_technique(slug: Slug) -> dict[str, Any]:
        """One technique, whole: description, goals, categories, subcategories, tags,
        attributes and the techniques it is related to."""
        return await answer(tools.get_technique, graph, limits, slug)

    @server.tool(annotations=READ_ONLY)
    async def compare_techniques(
        slugs: Annotated[list[str], Field(description="2 to 5 technique slugs.")],
    ) -> dict[str, Any]:
        """Several techniques side by side: the goals, tags and attributes they all share."""
        return await answer(tools.compare_techniques, graph, limits, slugs)

    @server.tool(annotations=READ_ONLY)
    async def related_techniques(
        slug: Slug,
        max_hops: Annotated[int | None, Field(description="Steps away (default 1).")] = None,
        limit: Annotated[int | None, Field(description="At most this many.")] = None,
    ) -> dict[str, Any]:
        """Techniques related to this one, nearest first."""
        found = await answer(tools.related_techniques, graph, limits, slug, max_hops, limit)
        return {"techniques": found}

    @server.tool(annotations=READ_ONLY)
    async def coverage() -> dict[str, Any]:
        """How many techniques sit in each goal x category cell, and which techniques serve
        more than one goal."""
        return await answer(tools.coverage, graph, limits)

    @server.tool(annotations=READ_ONLY)
    async def taxonomy() -> dict[str, Any]:
        """The goals with their categories and subcategories, and every attribute type with
        its values and the goals it applies to."""
        return await answer(tools.taxonomy, graph, limits)

    @server.tool(annotations=READ_ONLY)
    async def attribute_schema(goals: Names) -> dict[str, Any]:
        """The attribute types a technique serving any of these goals may carry."""
        return {"attributeTypes": await answer(tools.attribute_schema, graph, limits, goals)}

    if allow_writes:
        add_write_tools(server, graph, settings)
    return server


def add_write_tools(server: MCPServer, graph: Graph, settings: ApiSettings) -> None:
    limits = limits_from(settings)

    def authorize(ctx: Context) -> str:
        """The token's name (the edit history's `by`), or a ToolError."""
        headers = ctx.headers
        header = headers.get("authorization") if headers is not None else None
        if header is None and os.environ.get(STDIO_TOKEN_VARIABLE):
            header = "Bearer " + os.environ[STDIO_TOKEN_VARIABLE]
        entry = authenticate(header, token_entries(settings))
        if entry is None:
            raise ToolError(
                "writing needs a valid editor token: send `Authorization: Bearer <token>` "
                f"(HTTP) or start the server with {STDIO_TOKEN_VARIABLE} set (stdio); "
                "an admin makes one with `catalog token create --role editor`"
            )
        if ROLES[entry.role] < ROLES[EDITOR]:
            raise ToolError(f"role {entry.role!r} may not write techniques")
        return entry.name

    def fields(
        name: str | None,
        description: str | None,
        primary_goal: str | None,
        categories: list[str] | None,
        sub_categories: list[str] | None,
        tags: list[str] | None,
        attributes: list[AttributeChoice] | None,
        model_dependency: str | None,
        example_use_case: str | None,
    ) -> TechniqueFields:
        return TechniqueFields(
            name=name,
            description=description,
            model_dependency=model_dependency,
            example_use_case=example_use_case,
            primary_goal=primary_goal,
            categories=categories,
            sub_categories=sub_categories,
            tags=tags,
            attributes=None
            if attributes is None
            else [AttributeInput(type=a.type, values=a.values) for a in attributes],
        )

    @server.tool()
    async def create_technique(
        ctx: Context,
        name: str,
        description: str,
        primary_goal: str,
        categories: Names,
        tags: Names | None = None,
        attributes: list[AttributeChoice] | None = None,
        sub_categories: Names | None = None,
        model_dependency: str | None = None,
        example_use_case: str | None = None,
    ) -> dict[str, Any]:
        """Add a technique (needs an editor token); the catalog's rules are checked first and
        a refused write changes nothing. Returns it as get_technique does."""
        by = authorize(ctx)
        given = fields(
            name, description, primary_goal, categories, sub_categories, tags or [],
            attributes or [], model_dependency, example_use_case,
        )  # fmt: skip
        return await answer(tools.save_technique, graph, limits, None, given, by)

    @server.tool()
    async def update_technique(
        ctx: Context,
        slug: Slug,
        name: str | None = None,
        description: str | None = None,
        primary_goal: str | None = None,
        categories: Names | None = None,
        tags: Names | None = None,
        attributes: list[AttributeChoice] | None = None,
        sub_categories: Names | None = None,
        model_dependency: str | None = None,
        example_use_case: str | None = None,
    ) -> dict[str, Any]:
        """Change a technique (needs an editor token): what is given replaces what is there,
        lists whole; what is left out stays. Returns it as get_technique does."""
        by = authorize(ctx)
        given = fields(
            name, description, primary_goal, categories, sub_categories, tags, attributes,
            model_dependency, example_use_case,
        )  # fmt: skip
        return await answer(tools.save_technique, graph, limits, slug, given, by)

    @server.tool(annotations=ToolAnnotations(destructive_hint=True))
    async def delete_technique(ctx: Context, slug: Slug) -> dict[str, Any]:
        """Delete a technique (needs an editor token): a soft delete, restorable until an admin
        purges it, as through the API."""
        by = authorize(ctx)
        return {"deleted": await answer(tools.delete_technique, graph, slug, by)}
