"""Normalisation of a message before the danger patterns look at it.

Lowercase, accents stripped, every run of punctuation or spaces made one space, letters repeated
three times or more made one ("au secouuurs"), "3j" made "3 jours", and common SMS spellings
expanded ("jsuis" -> "je suis", "ds" -> "dans", "pa" -> "pas"). The result starts and ends with
a space so that patterns can rely on word boundaries.
"""

from __future__ import annotations

import re
import unicodedata

# One token of SMS spelling -> its plain spelling (already lowercase and without accents).
SMS_SPELLINGS: dict[str, str] = {
    # je suis / j'ai / je veux / je peux / je vais
    "jsuis": "je suis",
    "jsui": "je suis",
    "jsuit": "je suis",
    "chui": "je suis",
    "chuis": "je suis",
    "shui": "je suis",
    "jui": "je suis",
    "jsu": "je suis",
    "sui": "suis",
    "jai": "j ai",
    "g": "j ai",
    "jveux": "je veux",
    "jveu": "je veux",
    "jvx": "je veux",
    "veu": "veux",
    "vx": "veux",
    "jpeux": "je peux",
    "jpeu": "je peux",
    "jpx": "je peux",
    "px": "peux",
    "jvais": "je vais",
    "jvai": "je vais",
    "jme": "je me",
    "jmen": "je m en",
    "jen": "j en",
    "jpp": "j en peux plus",
    "jsais": "je sais",
    "jsp": "je sais pas",
    "jarrive": "j arrive",
    "jentends": "j entends",
    "jpense": "je pense",
    "jaimerais": "j aimerais",
    "jreste": "je reste",
    # negation and small words
    "pa": "pas",
    "po": "pas",
    "pu": "plus",
    "plu": "plus",
    "ds": "dans",
    "dan": "dans",
    "ya": "il y a",
    "yaa": "il y a",
    "yavait": "il y avait",
    "tt": "tout",
    "tte": "toute",
    "pr": "pour",
    "bcp": "beaucoup",
    "bcoup": "beaucoup",
    "tjrs": "toujours",
    "tjs": "toujours",
    "qqn": "quelqu un",
    "qqun": "quelqu un",
    "qq1": "quelqu un",
    "kelkun": "quelqu un",
    "quelquun": "quelqu un",
    "c": "c est",
    "cest": "c est",
    "ct": "c etait",
    "ke": "que",
    "k": "que",
    "koi": "quoi",
    "kan": "quand",
    "qd": "quand",
    "auj": "aujourd hui",
    "ajd": "aujourd hui",
    "aujd": "aujourd hui",
    "dp": "depuis",
    "dpuis": "depuis",
    "depui": "depuis",
    "el": "elle",
    "ele": "elle",
    "i": "il",
    "o": "au",
    "ss": "sans",
    "nn": "non",
    "tel": "telephone",
    "jrs": "jours",
    "jr": "jour",
    # words of danger often misspelt
    "tonbe": "tombe",
    "tonbee": "tombee",
    "tomb": "tombe",
    "mourrir": "mourir",
    "mourire": "mourir",
    "mourri": "mourir",
    "suiside": "suicide",
    "suissider": "suicider",
    "sucider": "suicider",
    "envi": "envie",
    "anvie": "envie",
    "vivr": "vivre",
    "respir": "respire",
    "secour": "secours",
    "secoure": "secours",
    "poitrinne": "poitrine",
    "voisinne": "voisine",
    "vollets": "volets",
}

_REPEATED = re.compile(r"([a-z])\1{2,}")
_DAYS_SHORT = re.compile(r"\b(\d+)\s*(?:j|jr|jrs)\b")
_HOURS_SHORT = re.compile(r"\b(\d+)\s*h\b")
_TOKEN = re.compile(r"[a-z0-9]+'?")


def strip_accents(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Returns the message lowercased, without accents, punctuation or SMS spellings.

    >>> normalize("Jsuis tombée ds l'escalier !!")
    ' je suis tombee dans l escalier '
    """
    lowered = strip_accents(text.lower())
    lowered = _REPEATED.sub(r"\1", lowered)
    lowered = _DAYS_SHORT.sub(r"\1 jours", lowered)
    lowered = _HOURS_SHORT.sub(r"\1 heures", lowered)
    tokens = _TOKEN.findall(lowered.replace("’", "'"))
    return " " + " ".join(_spelled_out(token) for token in tokens) + " "


def _spelled_out(token: str) -> str:
    """An elided word ("c'" of "c'est", "j'" of "j'ai") is never an SMS spelling."""
    if token.endswith("'"):
        return token[:-1]
    return SMS_SPELLINGS.get(token, token)
