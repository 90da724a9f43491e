"""Detection of danger in one message: the patterns of patterns.py on normalised text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from relais.language.normalize import normalize
from relais.safety.context import standing
from relais.safety.patterns import (
    GUARDS,
    NUMBERS_BY_KIND,
    PATTERNS,
    PRIORITY,
    DangerKind,
    DangerPattern,
)


@dataclass(frozen=True, slots=True)
class DangerMatch:
    """What was recognised: the kind of danger, the numbers to give, the pattern's label.

    `phrase` is the label of the pattern that matched, never the user's words, so a match can be
    logged without putting message text in the logs.
    """

    kind: DangerKind
    numbers: tuple[str, ...]
    phrase: str


@dataclass(frozen=True, slots=True)
class _Compiled:
    pattern: DangerPattern
    regex: re.Pattern[str]
    rank: int


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], tuple[_Compiled, ...]]:
    guard = re.compile("|".join(f"(?:{g})" for g in GUARDS))
    patterns = tuple(
        _Compiled(p, re.compile(p.regex), PRIORITY.index(p.kind))
        for p in sorted(PATTERNS, key=lambda p: PRIORITY.index(p.kind))
    )
    return guard, patterns


def _blank(match: re.Match[str]) -> str:
    return " " + "_" * max(len(match.group(0)) - 2, 1) + " "


def find_danger(normalised: str) -> DangerMatch | None:
    """The most serious danger the patterns find in normalised words, context aside."""
    guard, patterns = _compiled()
    unguarded = guard.sub(_blank, normalised)
    for compiled in patterns:
        if compiled.regex.search(unguarded):
            pattern = compiled.pattern
            numbers = pattern.numbers or NUMBERS_BY_KIND[pattern.kind]
            return DangerMatch(kind=pattern.kind, numbers=numbers, phrase=pattern.label)
    return None


def _kind(normalised: str) -> DangerKind | None:
    match = find_danger(normalised)
    return None if match is None else match.kind


def detect_danger(text: str) -> DangerMatch | None:
    """Returns the most serious danger said in `text` that is a situation now, or None.

    Runs on every message of every channel before the NLU; tuned for recall. The patterns
    run first (pure regular expressions, fast); only when they find something is the message
    parsed, to set aside what is over (relais.safety.context).
    """
    if not text or not text.strip():
        return None
    if find_danger(normalize(text)) is None:
        return None
    matches = [m for part in standing(text, _kind) if (m := find_danger(part)) is not None]
    if not matches:
        return None
    return min(matches, key=lambda m: PRIORITY.index(m.kind))
