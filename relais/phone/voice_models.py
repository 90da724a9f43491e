"""The state of each phone call Relais answers or places (one row per Twilio CallSid)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base, str_enum, utcnow


class CallDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallOutcome(StrEnum):
    ANSWERED = "answered"  # the caller talked with the assistant
    HANDED_OFF = "handed_off"  # a member of the team took the call
    RECORDED = "recorded"  # a message was left: a callback case holds it
    ANSWERING_MACHINE = "answering_machine"
    NO_ANSWER = "no-answer"
    BUSY = "busy"
    FAILED = "failed"
    CANCELED = "canceled"
    COMPLETED = "completed"  # ended without any of the above


class VoiceCall(Base):
    __tablename__ = "voice_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    direction: Mapped[CallDirection] = mapped_column(str_enum(CallDirection))
    turn: Mapped[int] = mapped_column(default=0)  # the last caller turn handled
    silences: Mapped[int] = mapped_column(default=0)  # consecutive turns without any answer
    status: Mapped[str] = mapped_column(String(32), default="in-progress")  # Twilio's CallStatus
    outcome: Mapped[CallOutcome | None] = mapped_column(str_enum(CallOutcome))
    duration_seconds: Mapped[int | None] = mapped_column()
    # What was last asked: {"lines": [...], "buttons": [{"title", "payload"}...]}.
    prompt: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The last webhook answered and the answer given: a retried webhook gets the same answer.
    last_request: Mapped[str | None] = mapped_column(String(64))
    last_answer: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()
