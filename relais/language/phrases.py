"""Matching words and phrases in normalised text (see relais.language.normalize)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from relais.language.normalize import normalize

K = TypeVar("K")


def words(text: str) -> str:
    """Lowercase, no accents, SMS spellings expanded, one space around every word."""
    return normalize(text)


def has_any(normalised: str, phrases: Iterable[str]) -> bool:
    """Whether one of the phrases occurs as whole words. A phrase ending in '*' is a prefix."""
    return any(_phrase_regex(phrase).search(normalised) for phrase in phrases)


def first_match(normalised: str, table: Iterable[tuple[str, ...]]) -> int | None:
    """The index of the first group of phrases found, if any."""
    for index, phrases in enumerate(table):
        if has_any(normalised, phrases):
            return index
    return None


def word_count(text: str) -> int:
    return len(words(text).split())


_CACHE: dict[str, re.Pattern[str]] = {}


def _phrase_regex(phrase: str) -> re.Pattern[str]:
    pattern = _CACHE.get(phrase)
    if pattern is None:
        body = re.escape(phrase[:-1]) + r"\w*" if phrase.endswith("*") else re.escape(phrase)
        pattern = re.compile(rf" {body} ")
        _CACHE[phrase] = pattern
    return pattern


def phrase_at(normalised: str, phrase: str) -> int | None:
    """Where the phrase starts in the text, or None."""
    found = _phrase_regex(phrase).search(normalised)
    return found.start() if found else None


def longest_match(normalised: str, table: Iterable[tuple[K, tuple[str, ...]]]) -> K | None:
    """The key of the longest phrase found (in words), the earliest on a tie: "un peu" wins
    over "peu", "pas souvent" over "souvent"."""
    best: tuple[int, int, K] | None = None
    for key, phrases in table:
        for phrase in phrases:
            at = phrase_at(normalised, phrase)
            if at is None:
                continue
            rank = (-len(phrase.split()), at)
            if best is None or rank < best[:2]:
                best = (rank[0], rank[1], key)
    return None if best is None else best[2]
