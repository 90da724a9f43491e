"""STOP and its French variants are recognised before the assistant; sentences are not."""

from __future__ import annotations

import pytest

from relais.phone.keywords import is_opt_out


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "stop",
        "Stop",
        " stop ",
        "STOP.",
        "Stop !",
        "ARRET",
        "arrêt",
        "ARRÊT",
        "Arrete",
        "ARRÊTE",
        "arrêté",
        "ARRETT",
        "arrett !!",
        "\nStop\n",
        "« stop »",
    ],
)
def test_opt_out_words(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text", ["stop je me suis trompé", "arrêtez de m'écrire s'il vous plaît", "stopper", "", "non"]
)
def test_sentences_go_to_the_assistant(text: str) -> None:
    assert not is_opt_out(text)
