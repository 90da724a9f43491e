"""SMS text: GSM-7 kept where a plain letter can stand in, and the segments it costs."""

from __future__ import annotations

import pytest

from relais.phone import gsm


@pytest.mark.parametrize(
    ("text", "sent"),
    [
        ("Êtes-vous sûr ? ça va, Ça va", "Etes-vous sur ? ca va, Ça va"),
        ("âge, île, hôpital, flûte, Noël, naïf", "age, ile, hopital, flute, Noel, naif"),
        ("sœur, cœur, ŒUVRE", "soeur, coeur, OEUVRE"),
        (
            "l\u2019adresse \u00ab\u00a0ici\u00a0\u00bb \u2013 voilà\u2026",
            'l\'adresse " ici " - voilà...',
        ),
        ("“guillemets” ‘simples’ — tiret", "\"guillemets\" 'simples' - tiret"),
        ("10\u202f000 habitants", "10 000 habitants"),
    ],
)
def test_french_text_is_folded_into_gsm7(text: str, sent: str) -> None:
    encoded = gsm.encode(text)
    assert encoded.text == sent
    assert encoded.encoding == "GSM-7"


def test_gsm7_own_accented_letters_are_kept() -> None:
    text = "é è à ù ì ò É Ç Ä Ö Ñ Ü ä ö ñ ü"
    assert gsm.encode(text).text == text
    assert gsm.is_gsm7(text)


def test_text_that_needs_ucs2_is_sent_as_written() -> None:
    encoded = gsm.encode("Merci 🙂 à bientôt")
    assert encoded == gsm.Encoded("Merci 🙂 à bientôt", "UCS-2", 1)


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters count two septets
        ("€" * 81, 2),
        ("a" * 159 + "[", 2),
        ("ê" * 70, 1),  # UCS-2 as written
        ("ê" * 71, 2),
        ("ê" * 134, 2),
        ("ê" * 135, 3),
    ],
)
def test_segments(text: str, segments: int) -> None:
    assert gsm.segments(text) == segments


def test_folding_saves_segments() -> None:
    text = "Pensez-vous que cette personne est en danger ? Où êtes-vous ? " * 2
    assert gsm.segments(text) == 2  # UCS-2: 124 characters
    assert gsm.encode(text).segments == 1
