"""Who texted: French metropolitan and overseas numbers, abroad, withheld, invalid."""

from __future__ import annotations

import pytest

from relais.phone.numbers import is_french, normalise


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+33612345678", "+33612345678"),
        ("06 12 34 56 78", "+33612345678"),
        ("0555123456", "+33555123456"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe mobile, national form
        ("+590690123456", "+590690123456"),
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("0694 12 34 56", "+594694123456"),  # Guyane
        ("0692 12 34 56", "+262692123456"),  # La Réunion
        ("+262639012345", "+262639012345"),  # Mayotte
        ("+508551234", "+508551234"),  # Saint-Pierre-et-Miquelon
        ("+68987123456", "+68987123456"),  # Polynésie française
        ("+687751234", "+687751234"),  # Nouvelle-Calédonie
        ("+681721234", "+681721234"),  # Wallis-et-Futuna
    ],
)
def test_french_numbers_metropolitan_and_overseas(raw: str, e164: str) -> None:
    assert normalise(raw) == e164
    assert is_french(e164)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+32470123456", "+32470123456"),
        ("+4915112345678", "+4915112345678"),
        ("+14155552671", "+14155552671"),
    ],
)
def test_numbers_from_abroad_are_kept_in_e164(raw: str, e164: str) -> None:
    assert normalise(raw) == e164
    assert not is_french(e164)


@pytest.mark.parametrize(
    "raw", ["", "  ", "anonymous", "Anonymous", "+266696687", "restricted", "unknown", "private"]
)
def test_a_withheld_number_gives_nobody_to_answer(raw: str) -> None:
    assert normalise(raw) is None


@pytest.mark.parametrize(
    "raw", ["12345", "+33 1", "0612", "Relais", "+999123456789", "36179", "x" * 60]
)
def test_an_invalid_number_gives_nobody_to_answer(raw: str) -> None:
    assert normalise(raw) is None
