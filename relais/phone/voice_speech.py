"""What the voice says and hears: replies made speakable, choices on the keypad, hints.

Pure functions: no database, no TwiML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from relais.phone.numbers import spoken as spoken_phone

MAX_HINTS = 500  # Twilio's limit on <Gather hints>
MAX_HINT_LENGTH = 100
BASE_HINTS = (
    "oui",
    "non",
    "je ne sais pas",
    "parler à quelqu'un",
    "rappelez-moi",
    "ma voisine",
    "mon voisin",
    "ma mère",
    "mon père",
    "elle ne sort plus",
    "il ne sort plus",
)

_URL = re.compile(r"(?:https?://|www\.)\S+?(?=[.,;:!?)]*(?:\s|$))", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_E164 = re.compile(r"\+\d{8,15}\b")
_DIGITS_SLASH = re.compile(r"(?<=\d)\s*/\s*(?=\d)")
_UNSPEAKABLE = re.compile(r"[*_#~`|<>\[\]{}\\^]|[\U0001F000-\U0001FAFF\u2600-\u27BF]")
_REFERENCE = re.compile(r"\b([A-Z])([A-Z])-(\d{4})-0*(\d+)\b")  # a case reference, RL-2026-000012
_HOURS = re.compile(r"\b(\d{1,2}) ?h ?(\d{2})\b")  # 9 h 30
_HOUR = re.compile(r"\b(\d{1,2}) ?h\b")  # 9 h
_SPACES = re.compile(r"\s+")
_EMPTY_PARENS = re.compile(r"\(\s*\)")


def speakable(text: str) -> str:
    """The reply as the voice should read it: no links or e-mail addresses, no symbols,
    numbers as a French person reads them (phone numbers two digits at a time)."""
    spoken = _URL.sub("", text)
    spoken = _EMAIL.sub("", spoken)
    spoken = _REFERENCE.sub(r"\1 \2, \3, \4", spoken)
    spoken = _E164.sub(lambda match: spoken_phone(match.group(0)), spoken)
    spoken = _DIGITS_SLASH.sub(" ou ", spoken)
    spoken = _HOURS.sub(lambda m: f"{_hours(m.group(1))} {m.group(2)}", spoken)
    spoken = _HOUR.sub(lambda m: _hours(m.group(1)), spoken)
    spoken = _UNSPEAKABLE.sub(" ", spoken)
    spoken = _EMPTY_PARENS.sub("", spoken)
    spoken = _SPACES.sub(" ", spoken).strip()
    return re.sub(r"\s+([.,])", r"\1", spoken) if spoken.strip(" .:;,") else ""


def _hours(number: str) -> str:
    return f"{number} heure" if int(number) <= 1 else f"{number} heures"


def speakable_lines(texts: Iterable[str]) -> list[str]:
    return [line for line in (speakable(text) for text in texts) if line]


def keypad_sentence(titles: Sequence[str]) -> str:
    """ "Tapez 1 pour Oui, tapez 2 pour Non." (the buttons of the question, in order)."""
    parts = [f"tapez {index} pour {speakable(title)}" for index, title in enumerate(titles, 1)]
    sentence = ", ".join(parts)
    return sentence[:1].upper() + sentence[1:] + "." if sentence else ""


def payload_for_digits(digits: str, buttons: Sequence[Mapping[str, str]]) -> str | None:
    """The payload of the button chosen on the keypad ("1" is the first), or None."""
    key = digits.strip().rstrip("#")
    if not key.isdigit():
        return None
    index = int(key)
    if 1 <= index <= len(buttons):
        return str(buttons[index - 1]["payload"])
    return None


def hints(titles: Sequence[str], extra: Iterable[str] = ()) -> list[str]:
    """Words the caller is likely to say: the choices, yes/no, common words, then `extra`
    (e.g. the territory's communes when the question is about a commune)."""
    seen: dict[str, None] = {}
    for phrase in (*titles, *BASE_HINTS, *extra):
        cleaned = _SPACES.sub(" ", re.sub(r"[^\w' -]", " ", phrase)).strip().lower()
        if cleaned and len(cleaned) <= MAX_HINT_LENGTH:
            seen.setdefault(cleaned, None)
        if len(seen) >= MAX_HINTS:
            break
    return list(seen)


def shorter(lines: Sequence[str]) -> list[str]:
    """The rephrased question after a second silence: only the last sentence asked."""
    if not lines:
        return []
    last = lines[-1]
    sentences = re.split(r"(?<=[.!?])\s+", last)
    questions = [s for s in sentences if s.endswith("?")]
    return [questions[-1] if questions else sentences[-1]]


def asks_something(lines: Sequence[str], titles: Sequence[str]) -> bool:
    """Whether the last thing said waits for an answer (a question or choices)."""
    return bool(titles) or any(line.rstrip().endswith("?") for line in lines[-1:])


def is_goodbye(lines: Sequence[str]) -> bool:
    return bool(lines) and lines[-1].lower().startswith("au revoir")


def asks_for_commune(lines: Sequence[str]) -> bool:
    return any("commune" in line.lower() for line in lines[-1:])
