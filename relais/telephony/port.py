"""The telephony port: what Relais asks of a phone provider. Adapters: console, Twilio.

Nothing outside this package knows which adapter is in use; `make_telephony` picks it from the
settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class TelephonyError(Exception):
    """The provider refused or failed; the message says why without any phone number."""


@dataclass(frozen=True, slots=True)
class SentSms:
    sid: str
    to: str


@dataclass(frozen=True, slots=True)
class PlacedCall:
    sid: str
    to: str


@dataclass(frozen=True, slots=True)
class CallInfo:
    sid: str
    status: str  # queued, ringing, in-progress, completed, busy, no-answer, failed, canceled
    duration_seconds: int | None = None


class Telephony(Protocol):
    def send_sms(self, to: str, body: str, status_callback: str | None = None) -> SentSms:
        """Sends one SMS to an E.164 number."""

    def place_call(
        self,
        to: str,
        url: str,
        status_callback: str | None = None,
        detect_machine: bool = False,
    ) -> PlacedCall:
        """Calls an E.164 number; `url` is the webhook that answers with the call's TwiML.
        `detect_machine`: the webhook is told whether a person or a machine answered
        (`AnsweredBy`)."""

    def hang_up(self, call_sid: str) -> None:
        """Ends a call in progress."""

    def get_call(self, call_sid: str) -> CallInfo:
        """The call's current state."""

    def find_call(self, to: str, since: datetime) -> CallInfo | None:
        """The latest call placed to this number since `since`, if any (a scheduler that died
        between placing a call and recording its id finds it here rather than calling twice)."""
