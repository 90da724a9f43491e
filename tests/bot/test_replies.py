"""What the assistant says is read aloud and sent by SMS: short messages, characters of the SMS
alphabet once accents are folded (the SMS channel folds them), at most 9 buttons for the
keypad."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from relais.config import ROOT

DOMAIN = sorted((ROOT / "bot" / "domain").glob("*.yml"))
# GSM 03.38 basic set, as the SMS channel sends it after folding accents it lacks.
GSM7 = set(
    "@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà{}"
)
SMS_SEGMENT = 160


def _folded(text: str) -> str:
    return "".join(
        char if char in GSM7 else unicodedata.normalize("NFKD", char)[0] for char in text
    )


def _texts(path: Path) -> list[str]:
    found = re.findall(r"^\s*(?:- )?text: \"(.*)\"\s*$", path.read_text(), flags=re.M)
    return [t.replace('\\"', '"') for t in found]


TEXTS = [(path.name, text) for path in DOMAIN for text in _texts(path)]


def test_the_domain_has_texts() -> None:
    assert len(TEXTS) > 60


@pytest.mark.parametrize(("file", "text"), TEXTS)
def test_a_reply_fits_one_sms_in_the_sms_alphabet(file: str, text: str) -> None:
    sendable = _folded(text.replace("{first_name}", "Jeanne"))
    assert set(sendable) <= GSM7, set(sendable) - GSM7
    assert len(sendable) <= SMS_SEGMENT


@pytest.mark.parametrize("path", DOMAIN, ids=[p.name for p in DOMAIN])
def test_every_choice_fits_the_keypad(path: Path) -> None:
    for block in re.split(r"\n  utter_", path.read_text()):
        for variation in block.split("- text:")[1:]:
            assert variation.count("payload:") <= 9
