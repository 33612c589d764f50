"""Who may write: bearer tokens with roles, configured as SHA-256 digests only.

Reads are public; every mutation calls `require(info, role)` first. Tokens come from
`API_TOKENS_FILE` (lines `role sha256hex name`, `#` comments; or a JSON list of
`{"role", "sha256", "name"}`) and `API_TOKENS` (`role:sha256hex,...`). A presented token is
hashed and compared with every digest in constant time; the token itself is never stored,
logged or echoed. `admin` may do everything `editor` may.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from strawberry import Info

from api.context import context_of
from api.settings import ApiSettings
from graph.errors import ConfigError
from graph.queries.errors import QueryInputError

EDITOR = "editor"
ADMIN = "admin"
ROLES = {EDITOR: 1, ADMIN: 2}
_HEX = frozenset("0123456789abcdef")
# New tokens start so, which makes a leaked one easy to recognise (secret scanners, logs).
TOKEN_PREFIX = "cat_"


class Unauthenticated(QueryInputError):
    """No token, or one that matches no configured digest (`UNAUTHENTICATED`)."""


class Forbidden(QueryInputError):
    """A valid token whose role may not do this (`FORBIDDEN`)."""


@dataclass(frozen=True)
class TokenEntry:
    role: str
    digest: str
    name: str


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(role: str, name: str = "") -> tuple[str, TokenEntry]:
    """A new random token and its entry (digest only); the token is shown once, never kept.

    The holder's name is made one word without `#`, so that `token_line` reads back whole.
    """
    if role not in ROLES:
        raise ConfigError(f"role {role!r} is not one of {', '.join(ROLES)}")
    value = TOKEN_PREFIX + secrets.token_urlsafe(32)
    holder = "-".join(name.replace("#", " ").split()) or f"{role}-token"
    return value, TokenEntry(role=role, digest=digest_of(value), name=holder)


def token_line(entry: TokenEntry) -> str:
    """`entry` as a line of API_TOKENS_FILE, the form `parse_token_file` reads."""
    return f"{entry.role} {entry.digest} {entry.name}"


def _entry(role: str, digest: str, name: str, where: str) -> TokenEntry:
    digest = digest.strip().lower()
    if role not in ROLES:
        raise ConfigError(f"{where}: role {role!r} is not one of {', '.join(ROLES)}")
    if len(digest) != 64 or not set(digest) <= _HEX:
        raise ConfigError(
            f"{where}: {digest[:8]!r}... is not a SHA-256 hex digest; "
            "make one with `catalog token create`"
        )
    return TokenEntry(role=role, digest=digest, name=name or "-")


def parse_token_file(text: str, where: str) -> list[TokenEntry]:
    if text.lstrip().startswith("["):
        return [
            _entry(str(item.get("role")), str(item.get("sha256")), str(item.get("name", "")), where)
            for item in json.loads(text)
        ]
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            role, digest, *name = line.split(None, 2)
            entries.append(_entry(role, digest, " ".join(name), f"{where} line {number}"))
    return entries


def parse_token_env(value: str) -> list[TokenEntry]:
    entries = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        role, _, digest = item.partition(":")
        entries.append(_entry(role.strip(), digest, "API_TOKENS", "API_TOKENS"))
    return entries


@lru_cache(maxsize=8)
def _load(path: str, mtime: float, env: str) -> tuple[TokenEntry, ...]:
    entries = parse_token_env(env)
    if path:
        entries += parse_token_file(Path(path).read_text("utf-8"), path)
    return tuple(entries)


def token_entries(settings: ApiSettings) -> tuple[TokenEntry, ...]:
    """The configured tokens; the file is read again when it changes (no restart needed)."""
    path = settings.api_tokens_file
    mtime = os.stat(path).st_mtime if path and os.path.exists(path) else 0.0
    if path and not mtime:
        raise ConfigError(f"API_TOKENS_FILE {path!r} does not exist; create it or unset it")
    return _load(path, mtime, settings.api_tokens.get_secret_value())


def authenticate(header: str | None, entries: tuple[TokenEntry, ...]) -> TokenEntry | None:
    """The entry whose digest the bearer token has, comparing with all in constant time."""
    scheme, _, token = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    presented = digest_of(token.strip()).encode()
    found = None
    for entry in entries:
        if hmac.compare_digest(presented, entry.digest.encode()):
            found = entry
    return found


def require(info: Info, role: str) -> TokenEntry:
    """The caller's token entry when its role allows `role`; else UNAUTHENTICATED/FORBIDDEN."""
    context = context_of(info)
    header = context.request.headers.get("authorization") if context.request else None
    entry = authenticate(header, token_entries(context.settings))
    if entry is None:
        context.refused = True
        raise Unauthenticated(
            "this mutation needs a valid token: send `Authorization: Bearer <token>` "
            "(ask an admin for one: `catalog token create`)"
        )
    context.role = entry.role
    if ROLES[entry.role] < ROLES[role]:
        context.refused = True
        raise Forbidden(f"role {entry.role!r} may not do this; it needs role {role!r}")
    return entry
