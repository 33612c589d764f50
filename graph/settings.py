"""The graph's settings (which Neo4j, how long to wait for it), read from the environment and
an optional `.env` file; the API adds its own on top (`api/settings.py`).

The defaults are safe for a local machine and match `config/defaults.env`, which
`scripts/neo4j` reads (a test keeps the two in step). The `.env` read is the one in the
working directory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent

# Every scheme the official driver accepts: direct (bolt) or routed (neo4j, for clusters and
# Aura), each plain, TLS-verified (+s) or TLS with a self-signed certificate (+ssc).
DRIVER_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        # Relative, so resolved against the working directory when read: an installed
        # `catalog` uses the `.env` of where it is run, as scripts/neo4j does from the root.
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    neo4j_uri: str = Field(default="bolt://127.0.0.1:7687", alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(
        default=SecretStr("catalog-dev-password"), alias="NEO4J_PASSWORD"
    )
    neo4j_database: str = Field(default="neo4j", alias="NEO4J_DATABASE")
    # Bounds on waiting for Neo4j, so a request fails cleanly when it is down (seconds).
    neo4j_connection_timeout: float = Field(
        default=5.0, gt=0, le=600, alias="NEO4J_CONNECTION_TIMEOUT"
    )
    neo4j_acquisition_timeout: float = Field(
        default=10.0, gt=0, le=600, alias="NEO4J_ACQUISITION_TIMEOUT"
    )
    neo4j_max_retry_time: float = Field(default=5.0, ge=0, le=600, alias="NEO4J_MAX_RETRY_TIME")
    # A pooled connection idle longer than this is checked (one round trip) before use, so
    # one that died with a Neo4j restart is dropped, not handed to a transaction that would
    # fail on it and wait out the driver's retry back-off (docs/benchmarks.md).
    neo4j_liveness_check_timeout: float = Field(
        default=1.0, ge=0, le=86_400, alias="NEO4J_LIVENESS_CHECK_TIMEOUT"
    )

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in DRIVER_SCHEMES or not parts.hostname:
            raise ValueError(
                f"{value!r} is not a Neo4j URI; use one of "
                + ", ".join(f"{s}://host:port" for s in DRIVER_SCHEMES)
            )
        return value

    @property
    def safe_uri(self) -> str:
        """The URI without any credentials embedded in it, fit for printing."""
        parts = urlsplit(self.neo4j_uri)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}"


S = TypeVar("S", bound=Settings)


def read_settings(kind: type[S], **overrides: object) -> S:
    """Read settings of `kind`, turning a validation failure into a `ConfigError` naming the
    variable."""
    try:
        return kind(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            variable = str(error["loc"][0]).upper() if error["loc"] else "?"
            problems.append(f"{variable}: {error['msg']}")
        raise ConfigError("invalid settings; fix " + "; ".join(problems)) from None


def load_settings(**overrides: object) -> Settings:
    return read_settings(Settings, **overrides)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
