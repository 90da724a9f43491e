"""Conversations, the inbox of inbound messages and the assistant's replies."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relais.cases.models import Channel
from relais.db import Base, str_enum, utcnow


def new_conversation_id() -> str:
    return uuid.uuid4().hex


class InboxStatus(StrEnum):
    QUEUED = "queued"  # stored, waiting for the assistant (new, or the assistant was down)
    PROCESSING = "processing"  # claimed by one worker
    PROCESSED = "processed"
    # Kept but deliberately not passed to the assistant (an SMS sender over the rate limit).
    UNANSWERED = "unanswered"


class Conversation(Base):
    """One exchange with one person on one channel; its id is the assistant's sender id."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_conversation_id)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    address: Mapped[str | None] = mapped_column(String(32), index=True)  # E.164 phone number
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)


class InboxMessage(Base):
    """An inbound message, written before anything else happens to it."""

    __tablename__ = "inbox_messages"
    __table_args__ = (Index("ix_inbox_messages_pending", "status", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[InboxStatus] = mapped_column(str_enum(InboxStatus), default=InboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column()
    processed_at: Mapped[datetime | None] = mapped_column()
    # Set once the local screening (the safety net) has run, so a retry never answers twice.
    screened_at: Mapped[datetime | None] = mapped_column()
    danger_kind: Mapped[str | None] = mapped_column(String(32))


class OutboundMessage(Base):
    """What the assistant (or staff, or the system) said to the person."""

    __tablename__ = "outbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("inbox_messages.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    custom: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
