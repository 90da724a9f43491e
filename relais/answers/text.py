"""Matching words and phrases in normalised text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from relais.safety.normalize import normalize


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
