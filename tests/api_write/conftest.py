"""The write side's tests: each starts from an empty graph (constraints installed) and an
app whose tokens are made for the run; the world they need is built through the API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph.connection import Graph
from graph.schema import install_schema
from support.guard import wipe_test_data
from support.write_client import WriteClient, make_tokens, small_world, tokens_env


@pytest.fixture(scope="session")
def tokens() -> dict[str, str]:
    return make_tokens()


@pytest.fixture(scope="session")
def write_settings(api_settings: ApiSettings, tokens: dict[str, str]) -> ApiSettings:
    return api_settings.model_copy(update={"api_tokens": SecretStr(tokens_env(tokens))})


@pytest.fixture(scope="session")
def write_graph(session_graph: Graph, write_settings: ApiSettings) -> Graph:
    """The session's driver, with the settings that hold the test tokens."""
    install_schema(session_graph)
    return Graph(session_graph.driver, write_settings)


@pytest.fixture(scope="session")
def write_http(write_graph: Graph, write_settings: ApiSettings) -> Iterator[TestClient]:
    with TestClient(create_app(write_settings, write_graph)) as client:
        yield client


@pytest.fixture
def empty(write_graph: Graph) -> Graph:
    wipe_test_data(write_graph)
    return write_graph


@pytest.fixture
def client(write_http: TestClient, tokens: dict[str, str], empty: Graph) -> WriteClient:
    return WriteClient(write_http, tokens)


@pytest.fixture
def world(client: WriteClient) -> WriteClient:
    small_world(client)
    return client
