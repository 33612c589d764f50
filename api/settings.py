"""The API's settings: the graph's (which Neo4j) and the HTTP server's, its request limits,
CORS origins and tokens, read from the environment and an optional `.env` file.

`API_HOST` and `API_PORT` match `config/defaults.env` (a test keeps the two in step).
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr

from graph.settings import Settings, read_settings


class ApiSettings(Settings):
    api_host: str = Field(default="127.0.0.1", alias="API_HOST")
    api_port: int = Field(default=8000, ge=1, le=65535, alias="API_PORT")
    api_workers: int = Field(default=1, ge=1, le=64, alias="API_WORKERS")
    # GraphQL requests each worker runs at once on loops of their own (api/offloop.py).
    api_request_threads: int = Field(default=8, ge=1, le=256, alias="API_REQUEST_THREADS")
    # The GraphQL API's limits (docs/api.md): each bounds the work one request can cause.
    api_max_page_size: int = Field(default=100, ge=1, le=10_000, alias="API_MAX_PAGE_SIZE")
    api_max_depth: int = Field(default=10, ge=2, le=100, alias="API_MAX_DEPTH")
    api_max_aliases: int = Field(default=30, ge=0, le=1_000, alias="API_MAX_ALIASES")
    api_max_tokens: int = Field(default=2_000, ge=100, le=100_000, alias="API_MAX_TOKENS")
    api_max_cost: int = Field(default=2_000, ge=10, le=10_000_000, alias="API_MAX_COST")
    api_max_body_bytes: int = Field(
        default=1_048_576, ge=1_024, le=1_073_741_824, alias="API_MAX_BODY_BYTES"
    )
    api_max_filter_depth: int = Field(default=6, ge=1, le=50, alias="API_MAX_FILTER_DEPTH")
    api_max_filter_terms: int = Field(default=500, ge=1, le=100_000, alias="API_MAX_FILTER_TERMS")
    api_max_hops: int = Field(default=5, ge=1, le=10, alias="API_MAX_HOPS")
    api_max_nodes: int = Field(default=2_000_000, ge=100, le=100_000_000, alias="API_MAX_NODES")
    api_graphiql: bool = Field(default=True, alias="API_GRAPHIQL")
    # Browser origins allowed to call the API (comma-separated, e.g. http://localhost:3000).
    api_cors_origins: str = Field(default="", alias="API_CORS_ORIGINS")
    # Request headers those origins may send besides the API's own (Content-Type,
    # Authorization, X-Request-ID): comma-separated, `*` for any. Apollo Client's by default.
    api_cors_headers: str = Field(
        default="apollographql-client-name,apollographql-client-version,apollo-require-preflight",
        alias="API_CORS_HEADERS",
    )
    # Bearer tokens for mutations (docs/operations.md): a file of `role sha256hex name` lines
    # (or JSON), and/or `role:sha256hex,...`. Only SHA-256 digests, never the tokens.
    api_tokens_file: str = Field(default="", alias="API_TOKENS_FILE")
    api_tokens: SecretStr = Field(default=SecretStr(""), alias="API_TOKENS")
    # Persisted queries, HTTP caching, compression, metrics and tracing (docs/api.md).
    api_persisted_only: bool = Field(default=False, alias="API_PERSISTED_ONLY")
    api_apq_cache_entries: int = Field(
        default=1_000, ge=0, le=1_000_000, alias="API_APQ_CACHE_ENTRIES"
    )
    api_answer_cache_entries: int = Field(
        default=1_000, ge=0, le=1_000_000, alias="API_ANSWER_CACHE_ENTRIES"
    )
    api_answer_cache_bytes: int = Field(
        default=64 * 1024 * 1024, ge=0, le=64 * 1024**3, alias="API_ANSWER_CACHE_BYTES"
    )
    api_catalog_version_ttl: float = Field(
        default=0.0, ge=0, le=3_600, alias="API_CATALOG_VERSION_TTL"
    )
    api_http_max_age: int = Field(default=0, ge=0, le=31_536_000, alias="API_HTTP_MAX_AGE")
    api_static_max_age: int = Field(default=3_600, ge=0, le=31_536_000, alias="API_STATIC_MAX_AGE")
    api_compression: bool = Field(default=True, alias="API_COMPRESSION")
    api_compress_min_bytes: int = Field(
        default=1_000, ge=0, le=100_000_000, alias="API_COMPRESS_MIN_BYTES"
    )
    api_metrics: bool = Field(default=True, alias="API_METRICS")
    api_tracing: bool = Field(default=False, alias="API_TRACING")
    # Run the contract's reads once at start and after Neo4j comes back (api/warmup.py);
    # `/ready` waits for it. The poll is how often Neo4j is checked for having gone away.
    api_warmup: bool = Field(default=True, alias="API_WARMUP")
    api_warmup_poll_seconds: float = Field(
        default=2.0, ge=0.1, le=3_600, alias="API_WARMUP_POLL_SECONDS"
    )


def load_api_settings(**overrides: object) -> ApiSettings:
    """Read the settings, turning a validation failure into a `ConfigError` naming the variable."""
    return read_settings(ApiSettings, **overrides)


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    return load_api_settings()
