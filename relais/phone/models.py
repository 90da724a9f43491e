"""What the SMS channel keeps besides the inbox: one row per sender, one per SMS sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base, utcnow


class SmsSender(Base):
    """A phone number that texted Relais: its current conversation and the channel's state.

    Updated with compare-and-swap statements, so several API workers agree without locks.
    """

    __tablename__ = "sms_senders"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(32), unique=True)  # E.164
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"))
    # When the "too many messages" answer was last sent (once per rate-limit window).
    rate_notice_at: Mapped[datetime | None] = mapped_column()
    # When the holding reply was sent during the current outage of the assistant (cleared once
    # the assistant answers this sender again).
    holding_reply_at: Mapped[datetime | None] = mapped_column()
    # The inbox id of the last STOP (or ARRET...): replies to earlier messages are never sent.
    opted_out_message_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SmsDelivery(Base):
    """One SMS sent to a sender: the replies it carries, its cost and what the provider says.

    `via` is "twiml" (in the webhook's answer: Twilio sends it) or "rest" (sent through the
    telephony port); `status` follows Twilio's status callbacks (queued, sent, delivered,
    undelivered, failed); "blocked" means it was not sent (opt-out, no number).
    """

    __tablename__ = "sms_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("inbox_messages.id"), index=True)
    outbound_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    via: Mapped[str] = mapped_column(String(8))
    encoding: Mapped[str] = mapped_column(String(8))
    segments: Mapped[int] = mapped_column(default=0)
    provider_sid: Mapped[str | None] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
