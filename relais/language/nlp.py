"""The French spaCy pipeline (fr_core_news_md), loaded once per process.

The text given to spaCy keeps its accents and case (the tagger needs them) but has SMS
spellings expanded ("jsuis" -> "je suis"), so that "jpeux plu marché" is parsed as a sentence.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from relais.language.normalize import SMS_SPELLINGS, strip_accents

MODEL = "fr_core_news_md"
_LOCK = threading.Lock()
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿœŒæÆ0-9]+(?:'|’)?")
# One-letter SMS spellings ("c", "g", "k") are only expanded when they stand alone; the others
# whenever they are a whole word.
_SHORT = frozenset(k for k in SMS_SPELLINGS if len(k) == 1)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The pipeline without the named entities (not needed here; faster)."""
    with _LOCK:
        return spacy.load(MODEL, exclude=["ner"])


def _expand(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.endswith(("'", "’")):
        return token
    key = strip_accents(token.lower())
    if key in _SHORT and not _standalone(match):
        return token
    return SMS_SPELLINGS.get(key, token)


def _standalone(match: re.Match[str]) -> bool:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isspace() and (after.isspace() or after in ",.;!?")


def prepare(text: str) -> str:
    """The text as spaCy should read it: SMS spellings expanded, spaces normalised."""
    expanded = _WORD.sub(_expand, text.replace("’", "'"))
    return " ".join(expanded.split())


@lru_cache(maxsize=4096)
def parse(text: str) -> Doc:
    """The parsed message (cached: a reader and the safety net often read the same text)."""
    return pipeline()(prepare(text))


def warm_up() -> None:
    """Loads the pipeline now rather than on the first message (a few seconds)."""
    parse("Bonjour, je vous appelle pour ma voisine.")
