"""What a search box's text means: words, the Lucene query they become, and highlights.

Pure functions, no I/O. The full-text index (`techniqueText`, Lucene's standard analyzer) holds
the words of name and description as written, lower-cased. A phrase is cut into words here the
way that analyzer cuts text (runs of letters and digits), so no character a user types reaches
Lucene as syntax; every word is escaped all the same, and operator words (AND, OR, NOT) are
lower-cased, which the analyzer does to text anyway.

A technique matches when any word of the phrase matches; those matching every word rank first
(an `ALL_WORDS_BOOST` bonus, as site search engines rank by the number of words matched before
anything else), so a long phrase still finds something. A word matches in one of these ways: the
word itself; any word starting with its stem ("counterfactuals" finds "counterfactual", "fair"
finds "fairness"), which is how stemmed matching works on an index of unstemmed words and also
serves search-as-you-type; and, for words of TYPO_MIN letters or more, any word within one edit
(two from TYPO2_MIN letters), so "fairnes" and "privcy" still find. Matches in the name outrank
matches in the description, exact words outrank stems and typos, and the whole phrase in order
earns a bonus. Common English words (`STOP_WORDS`) are dropped unless the phrase has nothing
else.

Stemming is done on the query (Snowball's English stemmer) rather than in the index so the index
keeps the exact words that prefix matching and highlighting need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import snowballstemmer

TYPO_MIN = 5
TYPO2_MIN = 9
STEM_MIN = 3
ALL_WORDS_BOOST = 5.0
NAME_BOOST = {"exact": 8.0, "stem": 4.0, "typo": 2.0, "phrase": 12.0}
DESCRIPTION_BOOST = {"exact": 2.0, "stem": 1.0, "typo": 0.5, "phrase": 3.0}
FIELDS = (("name", NAME_BOOST), ("description", DESCRIPTION_BOOST))

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')
_STOP = """a an and are as at be but by for from has have in into is it its of on or such that the
their then there these they this to was were will with how what which who why"""
STOP_WORDS = frozenset(_STOP.split())
_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Term:
    """One word of the phrase and the forms it matches by."""

    word: str
    stem: str | None  # prefix for stemmed matching; None for short words
    edits: int  # typos forgiven: 0, 1 or 2

    def matches(self, candidate: str) -> bool:
        """Whether a word of the text (any case) is one this term finds."""
        text = candidate.lower()
        if text == self.word or (self.stem is not None and text.startswith(self.stem)):
            return True
        return self.edits > 0 and within_edits(text, self.word, self.edits)


def words(phrase: str) -> list[str]:
    """The phrase's words, lower-cased, as the index's analyzer cuts text."""
    return [w.lower() for w in _WORD.findall(phrase)]


def terms(phrase: str) -> list[Term]:
    """The words a search matches on, each once, in order; [] when the phrase has no words."""
    found = list(dict.fromkeys(words(phrase)))
    content = [w for w in found if w not in STOP_WORDS]
    return [_term(w) for w in (content or found)]


def _term(word: str) -> Term:
    stem = None
    if len(word) >= STEM_MIN:
        stemmed = _stemmer.stemWord(word)
        # The stem can end differently from the word ("privacy" -> "privaci"); the part
        # both share is what other forms of the word start with.
        shared = _common_prefix(word, stemmed)
        stem = shared if len(shared) >= STEM_MIN else word
    edits = 2 if len(word) >= TYPO2_MIN else 1 if len(word) >= TYPO_MIN else 0
    return Term(word, stem, edits)


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def escape(word: str) -> str:
    """A word with every Lucene special character escaped and operator words lower-cased."""
    escaped = "".join("\\" + c if c in _SPECIAL else c for c in word)
    return escaped.lower() if escaped in ("AND", "OR", "NOT") else escaped


def lucene_query(phrase: str) -> str:
    """The Lucene query for `phrase` ('' when it has no words to search for)."""
    found = terms(phrase)
    if not found:
        return ""
    clauses = [f"({_alternatives(term)})" for term in found]
    if len(found) > 1:
        every = " ".join("+" + clause for clause in clauses)
        clauses.append(f"({every})^{ALL_WORDS_BOOST:g}")
        quoted = " ".join(escape(term.word) for term in found)
        clauses += [f'{field}:"{quoted}"^{boost["phrase"]:g}' for field, boost in FIELDS]
    return " ".join(clauses)


def _alternatives(term: Term) -> str:
    word = escape(term.word)
    parts = []
    for field, boost in FIELDS:
        parts.append(f"{field}:{word}^{boost['exact']:g}")
        if term.stem is not None:
            parts.append(f"{field}:{escape(term.stem)}*^{boost['stem']:g}")
        if term.edits:
            parts.append(f"{field}:{word}~{term.edits}^{boost['typo']:g}")
    return " ".join(parts)


def within_edits(a: str, b: str, limit: int) -> bool:
    """Whether `a` becomes `b` in `limit` edits or fewer (insert, delete, substitute, or swap
    two neighbours: Lucene's fuzzy distance)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


@dataclass(frozen=True)
class Part:
    """A piece of text, marked when it is a word the search matched."""

    text: str
    highlighted: bool


def highlight(text: str, found: list[Term]) -> list[Part]:
    """`text` cut into parts, the words any of `found` matches marked."""
    parts: list[Part] = []
    at = 0
    for match in _WORD.finditer(text):
        if any(term.matches(match.group()) for term in found):
            if match.start() > at:
                parts.append(Part(text[at : match.start()], False))
            parts.append(Part(match.group(), True))
            at = match.end()
    if at < len(text):
        parts.append(Part(text[at:], False))
    return parts


def snippet(text: str, found: list[Term], length: int) -> list[Part]:
    """About `length` characters of `text` around its first matched word, with highlights.

    The window opens a little before that word (at a word boundary) so the match reads in
    context; an ellipsis marks text cut at either end.
    """
    if len(text) <= length:
        return highlight(text, found)
    first = next(
        (m.start() for m in _WORD.finditer(text) if any(t.matches(m.group()) for t in found)),
        0,
    )
    start = max(0, first - length // 4)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and first - space <= length // 2 else start
    start = min(start, max(0, len(text) - length))
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    window = text[start:end].strip()
    parts = highlight(window, found)
    if start > 0:
        parts.insert(0, Part("…", False))
    if end < len(text):
        parts.append(Part("…", False))
    return _merge(parts)


def _merge(parts: list[Part]) -> list[Part]:
    merged: list[Part] = []
    for part in parts:
        if merged and not part.highlighted and not merged[-1].highlighted:
            merged[-1] = Part(merged[-1].text + part.text, False)
        else:
            merged.append(part)
    return merged
