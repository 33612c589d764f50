"""Credentials never reach the access log, even when a client puts one in a URL.

uvicorn's access log writes each request's path with its query string. The API refuses a
credential in a URL (api/http_body.py), but the refused request is still logged; this
filter rewrites the logged path first: the value of every credential-like parameter
(`token=`, `access_token=`, `api_key=`...) and anything shaped like one of our tokens
(`cat_` and 43 URL-safe characters, `catalog token create`) becomes `[REDACTED]`.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

from api.http_body import CREDENTIAL_PARAMETER

ACCESS_LOGGER = "uvicorn.access"
REDACTED = "[REDACTED]"
_OUR_TOKEN = re.compile(r"cat_[A-Za-z0-9_-]{20,}")
_PARAMETER = re.compile(r"(?P<name>[^&=?]+)=(?P<value>[^&]*)")


def redact_url(path: str) -> str:
    """`path` (with its query string) with every credential in it replaced."""
    path = _OUR_TOKEN.sub(REDACTED, path)
    base, question, query = path.partition("?")
    if not question:
        return path

    def parameter(found: re.Match[str]) -> str:
        name = found.group("name")
        if CREDENTIAL_PARAMETER.match(unquote(name)):
            return f"{name}={REDACTED}"
        return found.group(0)

    return base + "?" + _PARAMETER.sub(parameter, query)


class RedactCredentials(logging.Filter):
    """Rewrites the path argument of uvicorn's access-log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_url(args[2]), *args[3:])
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger once per process."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactCredentials) for f in logger.filters):
        logger.addFilter(RedactCredentials())
