"""The request id every answer carries (`X-Request-ID`): the caller's when it is a sane one."""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import Headers

REQUEST_ID_HEADER = "X-Request-ID"
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_from(headers: Headers) -> str:
    """The caller's request id when it is a sane one, else a new one."""
    given = headers.get(REQUEST_ID_HEADER, "")
    return given if _CLIENT_REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
