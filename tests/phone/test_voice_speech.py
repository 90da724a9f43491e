"""What the voice reads aloud and how keys map to choices (pure functions)."""

from __future__ import annotations

import pytest

from relais.phone.voice_speech import (
    hints,
    keypad_sentence,
    payload_for_digits,
    shorter,
    speakable,
)

BUTTONS = [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}]


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Voir https://relais.example/aide ou www.creuse.fr.", "Voir ou."),
        ("Écrivez à contact@creuse.fr pour en savoir plus.", "Écrivez à pour en savoir plus."),
        ("Appelez le +33555000000.", "Appelez le 05 55 00 00 00."),
        ("Appelez le 15/112 **tout de suite**.", "Appelez le 15 ou 112 tout de suite."),
        (
            "Votre signalement porte le numéro RL-2026-000012.",
            "Votre signalement porte le numéro R L, 2026, 12.",
        ),
        ("Comment allez-vous ?", "Comment allez-vous ?"),
        ("Jusqu'à 1 h.", "Jusqu'à 1 heure."),
        (
            "Du lundi au vendredi, de 9 h à 17 h 30.",
            "Du lundi au vendredi, de 9 heures à 17 heures 30.",
        ),
        ("https://relais.example", ""),
    ],
)
def test_replies_are_read_without_what_cannot_be_spoken(text: str, spoken: str) -> None:
    assert speakable(text) == spoken


def test_every_choice_is_offered_on_the_keypad_in_order() -> None:
    assert keypad_sentence(["Oui", "Non", "Je ne sais pas"]) == (
        "Tapez 1 pour Oui, tapez 2 pour Non, tapez 3 pour Je ne sais pas."
    )
    assert keypad_sentence([]) == ""


@pytest.mark.parametrize(
    ("digits", "payload"),
    [("1", "/affirm"), ("2", "/deny"), ("2#", "/deny"), ("3", None), ("*", None)],
)
def test_a_key_is_the_payload_of_the_button_it_names(digits: str, payload: str | None) -> None:
    assert payload_for_digits(digits, BUTTONS) == payload


def test_hints_hold_the_choices_and_the_domain_words_within_twilio_limits() -> None:
    words = hints(["Ça va", "Ça ne va pas"], ["Guéret", "Saint-Vaury", "x" * 101] * 300)
    assert words[:2] == ["ça va", "ça ne va pas"]
    assert "oui" in words
    assert "saint-vaury" in words
    assert len(words) == len(set(words))
    assert all(len(w) <= 100 for w in words)


def test_the_rephrased_question_is_only_the_last_question() -> None:
    lines = [
        "Merci.",
        "Je vais vous poser des questions. Dans quelle commune vit-elle ? Ou son code postal.",
    ]
    assert shorter(lines) == ["Dans quelle commune vit-elle ?"]
