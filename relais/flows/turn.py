"""What one turn of a conversation decides, for the assistant to carry out: the slots to set,
what to say, and whether the form steps aside for a rule. The actions (actions/) only
translate these into Rasa events and messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relais.cases.models import Channel


@dataclass(frozen=True)
class Where:
    """The conversation a turn happens in. `address` is the person's phone number on SMS and
    voice (None on the web chat)."""

    conversation_id: str | None
    channel: Channel
    address: str | None


@dataclass(frozen=True)
class Say:
    """One message: a response of the domain (`response`), or a text with its buttons and,
    for the channel, a `custom` instruction (a hand-off to a person)."""

    response: str | None = None
    text: str | None = None
    buttons: tuple[dict[str, str], ...] = ()
    custom: dict[str, Any] | None = None


def said(*lines: str) -> list[Say]:
    return [Say(text=line) for line in lines]


def responses(*names: str) -> list[Say]:
    return [Say(response=name) for name in names]


@dataclass
class Turn:
    slots: dict[str, Any] = field(default_factory=dict)
    say: list[Say] = field(default_factory=list)
    step_aside: bool = False  # the form lets a rule answer, then asks its question again

    def then(self, other: Turn) -> Turn:
        return Turn(
            self.slots | other.slots, self.say + other.say, self.step_aside or other.step_aside
        )
