"""The write side as a client meets it: tokens per role, mutations by name, a small world.

`WriteClient.run(document, variables, role)` posts with that role's bearer token (`None`
sends none); `small_world` builds, through the API itself, the few goals, categories, tags
and attribute types the write tests need.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from starlette.testclient import TestClient

from api.auth import digest_of

ROLES = ("editor", "admin")


def make_tokens() -> dict[str, str]:
    return {role: f"test-{role}-{secrets.token_urlsafe(24)}" for role in ROLES}


def tokens_env(tokens: dict[str, str]) -> str:
    """The API_TOKENS value for these tokens (digests only)."""
    return ",".join(f"{role}:{digest_of(token)}" for role, token in tokens.items())


@dataclass
class WriteClient:
    http: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    def post(
        self, query: str, variables: dict[str, Any] | None = None, role: str | None = "admin"
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        response = self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def result(
        self, query: str, variables: dict[str, Any] | None = None, role: str | None = "admin"
    ) -> dict[str, Any]:
        """The one root field's value of an answer without GraphQL errors."""
        answer = self.post(query, variables, role)
        assert not answer.get("errors"), answer["errors"]
        (value,) = answer["data"].values()
        assert isinstance(value, dict)
        return value


CREATE_GOAL = """mutation($name: String!, $description: String) {
  createGoal(name: $name, description: $description) {
    __typename ... on Goal { name } ... on ValidationError { field rule message } } }"""
CREATE_CATEGORY = """mutation($name: String!, $goals: [String!]) {
  createCategory(name: $name, goals: $goals) {
    __typename ... on Category { name goals { name } }
    ... on ValidationError { field rule message } } }"""
CREATE_TAG = """mutation($name: String!) {
  createTag(name: $name) {
    __typename ... on Tag { name parent { name } }
    ... on ValidationError { field rule message } } }"""
CREATE_MODEL_DEPENDENCY = """mutation($name: String!) { createModelDependency(name: $name) {
  __typename ... on ModelDependency { name } ... on ValidationError { field rule message } } }"""
CREATE_TYPE = """mutation($input: AttributeTypeInput!) {
  createAttributeType(input: $input) {
    __typename ... on AttributeType { name multiValued appliesToAll
      applicableGoals { name } values { name } }
    ... on ValidationError { field rule message } } }"""
CREATE_TECHNIQUE = """mutation($input: TechniqueInput!) {
  createTechnique(input: $input) {
    __typename
    ... on Technique { slug name version
      goals { name } attributes { type { name } value { name } } tags { name }
    }
    ... on ValidationError { field rule message } } }"""
UPDATE_TECHNIQUE = """mutation($slug: String!, $input: TechniqueInput!, $expectedVersion: Int) {
  updateTechnique(slug: $slug, input: $input, expectedVersion: $expectedVersion) {
    __typename ... on Technique { slug name version description goals { name } categories { name }
      attributes { type { name } value { name } } }
    ... on ValidationError { field rule message } } }"""


def small_world(client: WriteClient) -> None:
    """Goals Fairness and Explainability; categories Bias Mitigation (Fairness) and Feature
    Analysis (Explainability); tags data-type/tabular; model dependencies Model-Specific and
    Model-Agnostic; types Scope (Explainability,
    multi-valued: Global, Local) and Approach (Fairness, single-valued: Pre, Post)."""
    for goal in ("Fairness", "Explainability"):
        client.result(CREATE_GOAL, {"name": goal, "description": f"{goal} goal"})
    client.result(CREATE_CATEGORY, {"name": "Bias Mitigation", "goals": ["Fairness"]})
    client.result(CREATE_CATEGORY, {"name": "Feature Analysis", "goals": ["Explainability"]})
    client.result(CREATE_TAG, {"name": "data-type/tabular"})
    for dependency in ("Model-Specific", "Model-Agnostic"):
        client.result(CREATE_MODEL_DEPENDENCY, {"name": dependency})
    for name, goal, multi, values in (
        ("Scope", "Explainability", True, ["Global", "Local"]),
        ("Approach", "Fairness", False, ["Pre", "Post"]),
    ):
        client.result(
            CREATE_TYPE,
            {
                "input": {
                    "name": name,
                    "multiValued": multi,
                    "applicableGoals": [goal],
                    "values": values,
                }
            },
        )


def technique_input(name: str = "Adversarial Debiasing", **changes: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "name": name,
        "description": "Trains a model and an adversary together.",
        "modelDependency": "Model-Specific",
        "exampleUseCase": "Loans.",
        "primaryGoal": "Fairness",
        "categories": ["Bias Mitigation"],
        "subCategories": [],
        "tags": ["data-type/tabular"],
        "attributes": [{"type": "Approach", "values": ["Pre"]}],
    }
    return given | changes
