"""`catalog mcp`: the agent tools answer as the GraphQL API does, over stdio and HTTP.

The server runs for real (`catalog mcp` spawned by the MCP client of the `mcp` package over
stdio; `catalog mcp --http` on a free loopback port) over the test graph holding the bundled
catalog; each tool's answer is compared with the GraphQL API's answer to the same question.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from graph.connection import Graph
from support.api_client import ApiClient
from support.commands import CATALOG, REPO_ROOT
from support.servers import free_port, wait_until_answering

SUMMARY = "slug name modelDependency primaryGoal { name } goals { name } categories { name }"
SUMMARY += " tags { name }"
DETAIL = """slug name description modelDependency exampleUseCase primaryGoal { name }
  goals { name description } categories { name goals { name } }
  subCategories { name categories { name } } tags { name parent { name } }
  attributes { type { name multiValued } value { name } }
  related { type technique { slug name } }"""
ATTRIBUTE_TYPE = "name multiValued appliesToAll applicableGoals { name } values { name }"

# (tool, its arguments, the GraphQL query asking the same, the answer's part to compare)
CASES: list[tuple[str, dict[str, Any], str, Callable[[dict[str, Any]], Any]]] = [
    (
        "find_techniques",
        {"goals": ["Fairness"], "tags": ["applicable-models/agnostic"], "limit": 5},
        '{ techniques(where: { goals: { some: { name: { in: ["Fairness"] } } },'
        ' tags: { some: { name: { in: ["applicable-models/agnostic"] } } } },'
        f" sort: [{{ name: ASC }}], limit: 5) {{ {SUMMARY} }} }}",
        lambda data: {"techniques": data["techniques"]},
    ),
    (
        "find_techniques",
        {"categories": ["Group"], "offset": 2, "limit": 3},
        '{ techniques(where: { categories: { some: { name: { in: ["Group"] } } } },'
        f" sort: [{{ name: ASC }}], limit: 3, offset: 2) {{ {SUMMARY} }} }}",
        lambda data: {"techniques": data["techniques"]},
    ),
    (
        "find_techniques",
        {"query": "counterfactual explanations", "limit": 4},
        '{ searchTechniques(phrase: "counterfactual explanations", limit: 4)'
        f" {{ score technique {{ {SUMMARY} }} }} }}",
        lambda data: {
            "techniques": [
                {**hit["technique"], "score": hit["score"]} for hit in data["searchTechniques"]
            ]
        },
    ),
    (
        "get_technique",
        {"slug": "shapley-additive-explanations"},
        f'{{ technique(slug: "shapley-additive-explanations") {{ {DETAIL} }} }}',
        lambda data: data["technique"],
    ),
    (
        "compare_techniques",
        {"slugs": ["anchor", "shapley-additive-explanations"]},
        '{ compareTechniques(slugs: ["anchor", "shapley-additive-explanations"]) {'
        " techniques { slug name } sharedGoals { name } sharedTags { name }"
        " sharedAttributes { type { name } value { name } } } }",
        lambda data: data["compareTechniques"],
    ),
    (
        "related_techniques",
        {"slug": "permutation-importance", "max_hops": 2},
        '{ relatedTechniques(slug: "permutation-importance", maxHops: 2) { slug name } }',
        lambda data: {"techniques": data["relatedTechniques"]},
    ),
    (
        "coverage",
        {},
        "{ coverage { cells { goal category techniqueCount }"
        " crossGoalTechniques { slug goals { name } } } }",
        lambda data: data["coverage"],
    ),
    (
        "taxonomy",
        {},
        "{ goals(sort: [{ name: ASC }]) { name description"
        " categories { name subCategories { name } } }"
        f" attributeTypes(sort: [{{ name: ASC }}]) {{ {ATTRIBUTE_TYPE} }} }}",
        lambda data: data,
    ),
    (
        "attribute_schema",
        {"goals": ["Fairness", "Explainability"]},
        f'{{ attributeSchema(goals: ["Fairness", "Explainability"]) {{ {ATTRIBUTE_TYPE} }} }}',
        lambda data: {"attributeTypes": data["attributeSchema"]},
    ),
]
READ_TOOLS = {name for name, *_ in CASES}
WRITE_TOOLS = {"create_technique", "update_technique", "delete_technique"}
EDITOR_TOKEN = "mcp-test-editor-token"


def server_env(**extra: str) -> dict[str, str]:
    keep = ("PATH", "HOME", "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")
    return {**{k: os.environ[k] for k in keep if k in os.environ}, **extra}


def stdio(*args: str, **env: str) -> Client:
    parameters = StdioServerParameters(
        command=str(CATALOG), args=["mcp", *args], env=server_env(**env), cwd=REPO_ROOT
    )
    return Client(parameters, read_timeout_seconds=60)


def run(session: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(session())


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, (tool, arguments, result.content)
    return result.structured_content


def test_every_read_tool_answers_as_the_graphql_api_does_over_stdio(api: ApiClient) -> None:
    async def session() -> list[Any]:
        async with stdio() as client:
            return [await call(client, tool, arguments) for tool, arguments, _, _ in CASES]

    answers = run(session)
    for (tool, arguments, query, expected), got in zip(CASES, answers, strict=True):
        assert got == expected(api.data(query)), (tool, arguments)
        assert got != {} and got != {"techniques": []}, (tool, arguments)  # a real answer


def test_the_server_is_read_only_unless_started_with_writes_allowed(api: ApiClient) -> None:
    async def session() -> tuple[Any, Any]:
        async with stdio() as client:
            listed = await client.list_tools()
            unknown = await client.call_tool("delete_technique", {"slug": "anchor"})
            return listed, unknown

    listed, unknown = run(session)
    assert {tool.name for tool in listed.tools} == READ_TOOLS
    assert all(tool.annotations.read_only_hint for tool in listed.tools)
    assert unknown.is_error
    assert api.data('{ technique(slug: "anchor") { slug } }')["technique"] == {"slug": "anchor"}


def test_bad_arguments_get_the_catalogs_own_message(api: ApiClient) -> None:
    async def session() -> list[Any]:
        async with stdio() as client:
            return [
                await client.call_tool("get_technique", {"slug": "no-such-technique"}),
                await client.call_tool("compare_techniques", {"slugs": ["anchor"]}),
                await client.call_tool("attribute_schema", {"goals": ["Nonexistent"]}),
                await client.call_tool("related_techniques", {"slug": "anchor", "max_hops": 99}),
                await client.call_tool("find_techniques", {"limit": 100_000}),
                await client.call_tool("find_techniques", {"limit": "many"}),
                await client.call_tool("find_techniques", {"query": "shap", "offset": 5}),
            ]

    texts = [(r.is_error, r.content[0].text) for r in run(session)]
    assert texts[0] == (True, texts[0][1]) and "no technique has the slug" in texts[0][1]
    assert texts[1][0] and "takes 2 to 5 slugs" in texts[1][1]
    assert texts[2][0] and "'Nonexistent'" in texts[2][1]
    assert texts[3][0] and "API_MAX_HOPS" in texts[3][1]
    assert texts[4][0] and "API_MAX_PAGE_SIZE" in texts[4][1]
    assert texts[5][0] and "limit" in texts[5][1]
    assert texts[6][0] and "offset pages the list, not a search" in texts[6][1]
    assert all("Traceback" not in text for _, text in texts)


def test_an_unreachable_neo4j_stops_the_server_with_a_message_not_a_traceback() -> None:
    ran = subprocess.run(
        [CATALOG, "mcp"], env=server_env(NEO4J_URI="bolt://127.0.0.1:1"), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert ran.returncode == 1
    assert "NEO4J_URI" in ran.stderr and "Traceback" not in ran.stderr
    assert ran.stdout == ""  # stdout is the protocol's


@pytest.fixture
def http_server(catalog: Graph, tmp_path: Path) -> Iterator[str]:
    """`catalog mcp --http --allow-writes` on a free loopback port, knowing one editor token."""
    port = free_port()
    digest = hashlib.sha256(EDITOR_TOKEN.encode()).hexdigest()
    env = server_env(API_TOKENS=f"editor:{digest}")
    log = tmp_path / "mcp.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [CATALOG, "mcp", "--http", "--port", str(port), "--allow-writes"],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            # Any HTTP answer on the MCP path means it listens (a GET without a session: 4xx).
            wait_until_answering(
                process, f"http://127.0.0.1:{port}/mcp", log, accept=range(200, 500)
            )
            yield f"http://127.0.0.1:{port}/mcp"
        finally:
            process.terminate()
            process.wait(timeout=10)


def http_client(url: str, token: str | None = None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    # The MCP transport's own timeouts: a server may hold a response stream open.
    timeout = httpx2.Timeout(30, read=300)
    transport = streamable_http_client(
        url, http_client=httpx2.AsyncClient(headers=headers, timeout=timeout)
    )
    return Client(transport)


NEW = {
    "name": "Agent Made Technique",
    "description": "Written through the MCP server.",
    "primary_goal": "Fairness",
    "categories": ["Group"],
    "attributes": [{"type": "Fairness Approach", "values": ["Group"]}],
}


def test_over_http_reads_match_and_writes_need_an_editor_token(
    http_server: str, api: ApiClient
) -> None:
    async def session() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        async with http_client(http_server) as anonymous:
            seen["tools"] = {t.name for t in (await anonymous.list_tools()).tools}
            seen["coverage"] = await call(anonymous, "coverage", {})
            seen["refused"] = await anonymous.call_tool("create_technique", NEW)
        async with http_client(http_server, "not-a-token") as stranger:
            seen["wrong"] = await stranger.call_tool("create_technique", NEW)
        async with http_client(http_server, EDITOR_TOKEN) as editor:
            seen["created"] = await call(editor, "create_technique", NEW)
            slug = seen["created"]["slug"]
            seen["updated"] = await call(
                editor, "update_technique", {"slug": slug, "tags": ["applicable-models/agnostic"]}
            )
            seen["read"] = await call(editor, "get_technique", {"slug": slug})
            seen["deleted"] = await call(editor, "delete_technique", {"slug": slug})
        return seen

    seen = run(session)
    assert seen["tools"] == READ_TOOLS | WRITE_TOOLS
    assert seen["coverage"] == CASES[6][3](api.data(CASES[6][2]))
    for refused in (seen["refused"], seen["wrong"]):
        assert refused.is_error and "needs a valid editor token" in refused.content[0].text
    created = seen["created"]
    assert created["name"] == NEW["name"] and created["primaryGoal"] == {"name": "Fairness"}
    assert [tag["name"] for tag in seen["updated"]["tags"]] == ["applicable-models/agnostic"]
    assert seen["updated"]["description"] == NEW["description"]  # left out: kept
    assert seen["read"] == seen["updated"]
    assert seen["deleted"] == {"deleted": created["slug"]}
    gone = api.data(f'{{ technique(slug: "{created["slug"]}") {{ slug }} }}')
    assert gone["technique"] is None
