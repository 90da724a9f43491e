"""The opt-out keywords of French SMS (STOP, ARRET…), recognised before any NLU."""

from __future__ import annotations

import re
import unicodedata

OPT_OUT_WORDS = ("stop", "arret", "arrete", "arrett")
_OPT_OUT = re.compile(r"[\W_]*(?:" + "|".join(OPT_OUT_WORDS) + r")[\W_]*")


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_opt_out(text: str) -> bool:
    """The whole message is one opt-out word, in any case, with or without accent, with
    surrounding spaces or punctuation ("Stop", " ARRÊT ! ", "arrêté."): a sentence that
    merely contains the word ("stop je me suis trompé") goes to the assistant."""
    return _OPT_OUT.fullmatch(_folded(text)) is not None
