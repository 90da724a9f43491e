"""The SMS alphabet (GSM 03.38, "GSM-7"): what fits, how to keep French text in it, segments.

A GSM-7 SMS carries 160 characters (153 per segment once split); one character outside the
alphabet turns the whole message into UCS-2: 70 characters (67 per segment). Every segment is
paid, so replies are transliterated where a plain letter replaces an accented one GSM-7 lacks
(ê → e, ç → c, œ → oe, typographic quotes → '). GSM-7's own letters (é è à ù ì ò É Ç Ä Ö Ñ Ü…)
are kept. A text that still needs UCS-2 (an emoji, a non-Latin script) is sent as written.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = frozenset("^{}\\[~]|€\f")  # two septets each (escape + character)

REPLACEMENTS = {
    "œ": "oe",
    "Œ": "OE",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "´": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "«": '"',
    "»": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "\t": " ",
    "•": "-",
}

GSM7_SINGLE = 160
GSM7_PART = 153
UCS2_SINGLE = 70
UCS2_PART = 67


def is_gsm7(text: str) -> bool:
    return all(char in BASIC or char in EXTENSION for char in text)


def _fold(char: str) -> str:
    if char in BASIC or char in EXTENSION:
        return char
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    base = unicodedata.normalize("NFKD", char)[:1]
    return base if base and base in BASIC else char


def transliterate(text: str) -> str:
    """The text in GSM-7 where plain letters and ASCII punctuation can stand in."""
    return "".join(_fold(char) for char in text)


@dataclass(frozen=True, slots=True)
class Encoded:
    text: str  # what is sent
    encoding: str  # "GSM-7" or "UCS-2"
    segments: int


def segments(text: str) -> int:
    """How many SMS segments `text` costs as it is (no transliteration)."""
    if is_gsm7(text):
        septets = sum(2 if char in EXTENSION else 1 for char in text)
        return 1 if septets <= GSM7_SINGLE else math.ceil(septets / GSM7_PART)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= UCS2_SINGLE else math.ceil(units / UCS2_PART)


def encode(text: str) -> Encoded:
    """The text to send: transliterated when that keeps it in GSM-7, else as written."""
    folded = transliterate(text)
    if is_gsm7(folded):
        return Encoded(folded, "GSM-7", segments(folded))
    return Encoded(text, "UCS-2", segments(text))
