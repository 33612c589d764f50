"""Identity of names: the case-insensitive key every named node is unique by, and slugs."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def clean_name(name: str) -> str:
    """The name as stored: NFC, no surrounding whitespace, inner whitespace as single spaces."""
    if name.isascii():  # ASCII is NFC already; the migration meets millions of these
        return " ".join(name.split())
    return unicode_clean_name(name)


def unicode_clean_name(name: str) -> str:
    """`clean_name` for any text (the fast path above must agree with it on ASCII)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()


def name_key(name: str) -> str:
    """The key two names share when they differ only in case, width of spaces or Unicode form."""
    if name.isascii():
        return " ".join(name.split()).lower()
    return unicode_name_key(name)


def unicode_name_key(name: str) -> str:
    """`name_key` for any text (the fast path above must agree with it on ASCII)."""
    return unicodedata.normalize("NFC", unicode_clean_name(name).casefold())


def sort_name(name: str) -> str:
    """What names sort by (the `sortName` property): case folded and accents dropped, so
    "ANCHOR" sorts with "Adaptive ..." and "Élan" with "Elan", not after "Z"."""
    if name.isascii():
        return " ".join(name.split()).casefold()
    decomposed = unicodedata.normalize("NFKD", unicode_clean_name(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slug_base(name: str) -> str:
    """Lowercase ASCII words joined by '-', accents stripped; '' when nothing ASCII is left."""
    ascii_only = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    )
    return _NOT_SLUG.sub("-", ascii_only).strip("-")


def unique_slugs(
    names_by_id: list[tuple[int, str]], taken: set[str] | None = None
) -> dict[int, str]:
    """Slugs for (legacy id, name) pairs, unique among themselves and `taken`.

    Ids are visited in ascending order, so the same input always gives the same slugs: the
    lower id keeps the plain slug and later ones get -2, -3, ...
    """
    used = set(taken or ())
    slugs: dict[int, str] = {}
    for legacy_id, name in sorted(names_by_id):
        base = slug_base(name) or f"technique-{legacy_id}"
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        slugs[legacy_id] = slug
    return slugs
