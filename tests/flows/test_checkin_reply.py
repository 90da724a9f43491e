"""The SMS sent after unanswered calls asks "Répondez 1 si tout va bien, 2 si vous souhaitez
être rappelé(e)": people answer with the digit, the digit and a word, or words of their own."""

from __future__ import annotations

import pytest

from relais.flows.readers import Message, read_checkin_reply

REPLIES = [
    ("1", "ok"),
    ("1.", "ok"),
    ("1 merci", "ok"),
    (" 2 ", "callback"),
    ("2 svp", "callback"),
    ("ca va merci de vous inquieter", "ok"),
    ("pas tres bien j'ai mal au dos", "not_ok"),
    ("rappelez moi ce soir", "callback"),
]


@pytest.mark.parametrize(("text", "outcome"), REPLIES)
def test_a_reply_to_the_numbered_sms(text: str, outcome: str) -> None:
    reading = read_checkin_reply(Message(text))
    assert reading.value == outcome
    assert reading.extra["checkin_status"] == outcome
    assert reading.extra["checkin_said"] == text.strip()


@pytest.mark.parametrize("text", ["3", "12 rue des Lilas", "bonjour qui est-ce"])
def test_what_is_not_an_answer_is_asked_again(text: str) -> None:
    assert not read_checkin_reply(Message(text)).understood
