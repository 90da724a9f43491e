"""What Relais answers to one voice webhook, independent of TwiML: things to say, then what
happens next (listen, hold on, put through to a person, record a message, hang up)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Next(StrEnum):
    GATHER = "gather"  # listen to the caller's answer (speech or keypad) for `turn`
    HOLD = "hold"  # the assistant is still thinking: come back with `wait`
    DIAL = "dial"  # put the caller through to `number`
    RECORD = "record"  # record a message for a callback
    HANGUP = "hangup"


@dataclass(frozen=True)
class VoiceAnswer:
    say: tuple[str, ...]
    next: Next
    turn: int = 0
    wait: int = 0
    choices: tuple[str, ...] = ()  # keypad choices, in order: "1" is the first
    hints: tuple[str, ...] = ()
    number: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VoiceAnswer:
        return cls(
            say=tuple(data["say"]),
            next=Next(data["next"]),
            turn=int(data["turn"]),
            wait=int(data["wait"]),
            choices=tuple(data["choices"]),
            hints=tuple(data["hints"]),
            number=data["number"],
        )
