"""Full-text search takes any text a user types: Lucene syntax in it is searched for, never
obeyed, so no phrase can break the query."""

from __future__ import annotations

import string

import pytest

from support.api_client import ApiClient

SEARCH = """query($phrase: String!, $where: TechniqueWhere, $limit: Int) {
  searchTechniques(phrase: $phrase, where: $where, limit: $limit) { score technique { slug } }
}"""

NASTY = [
    *string.punctuation,
    "AND",
    "OR",
    "NOT",
    "NOT NOT",
    "a AND",
    "shap OR",
    "(shap",
    "shap)",
    '"unclosed',
    "title:shap",
    "shap~2",
    "sh*p?",
    "[a TO z]",
    "{a TO z}",
    "shap^4",
    "a && b || !c",
    "\\",
    "/regex/",
    "-",
    "+-+-",
    "Équité 公平 ✓",
    "x" * 500,
]


@pytest.mark.parametrize("phrase", NASTY)
def test_any_phrase_is_searched_without_error(api: ApiClient, phrase: str) -> None:
    hits = api.data(SEARCH, {"phrase": phrase})["searchTechniques"]
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("phrase", ["", "   ", "\t\n"])
def test_a_phrase_without_words_finds_nothing(api: ApiClient, phrase: str) -> None:
    assert api.data(SEARCH, {"phrase": phrase}) == {"searchTechniques": []}


def test_operator_words_are_searched_as_words(api: ApiClient) -> None:
    as_operator = api.data(SEARCH, {"phrase": "fairness AND privacy", "limit": 100})
    as_words = api.data(SEARCH, {"phrase": "fairness and privacy", "limit": 100})
    assert as_operator == as_words


def test_search_honours_its_limit_and_the_page_size_maximum(api: ApiClient) -> None:
    assert len(api.data(SEARCH, {"phrase": "model", "limit": 3})["searchTechniques"]) == 3
    error = api.errors(SEARCH, {"phrase": "model", "limit": 101})[0]
    assert "API_MAX_PAGE_SIZE" in error["message"]
