"""Numbers said in words, as speech recognition and people write them: "quatre-vingt-cinq",
"soixante dix huit", "zéro six douze trente-quatre…" (a phone number read in pairs).

Works on normalised text (relais.language.normalize: no accents, no hyphens).
"""

from __future__ import annotations

from relais.language.normalize import normalize

UNITS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
}
TEENS = {
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
}
TENS = {
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
}
NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | {"cent", "cents", "mille"}


def _below_twenty(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A number from 0 to 19 at tokens[i]: "sept", "douze", "dix sept"."""
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word == "dix" and i + 1 < len(tokens) and tokens[i + 1] in {"sept", "huit", "neuf"}:
        return 10 + UNITS[tokens[i + 1]], i + 2
    if word in TEENS:
        return TEENS[word], i + 1
    if word in UNITS:
        return UNITS[word], i + 1
    return None


def _below_hundred(tokens: list[str], i: int) -> tuple[int, int] | None:
    """0 to 99: "trente quatre", "vingt et un", "soixante dix huit", "quatre vingt douze"."""
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word == "quatre" and i + 1 < len(tokens) and tokens[i + 1] in {"vingt", "vingts"}:
        base, j = 80, i + 2
    elif word in TENS:
        base, j = TENS[word], i + 1
    else:
        return _below_twenty(tokens, i)
    after_and = j + 1 if j < len(tokens) and tokens[j] == "et" else j
    rest = _below_twenty(tokens, after_and)
    if rest is not None and rest[0] != 0 and (base in {60, 80} or rest[0] < 10):
        return base + rest[0], rest[1]
    return base, j


def read_number(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The number said from tokens[i] (0 to 999), and the index after it."""
    first = _below_hundred(tokens, i)
    if i < len(tokens) and tokens[i] in {"cent", "cents"}:
        hundreds, j = 100, i + 1
    elif first is not None and first[1] < len(tokens) and tokens[first[1]] in {"cent", "cents"}:
        hundreds, j = first[0] * 100, first[1] + 1
    else:
        return first
    rest = _below_hundred(tokens, j)
    return (hundreds + rest[0], rest[1]) if rest else (hundreds, j)


def number_in_words(text: str) -> int | None:
    """The first number said in words: "quatre vingt cinq" -> 85; None when there is none."""
    tokens = normalize(text).split()
    for i in range(len(tokens)):
        found = read_number(tokens, i)
        if found is not None:
            return found[0]
    return None


def words_to_digits(text: str) -> str:
    """The normalised text with every number said in words written in digits, each pair kept
    on two digits after a leading "zero" ("zero six douze" -> "0 6 12")."""
    tokens = normalize(text).split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        found = read_number(tokens, i)
        if found is None:
            out.append(tokens[i])
            i += 1
            continue
        value, i = found
        out.append(str(value))
    return " ".join(out)
