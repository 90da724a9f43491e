"""The answer a followed person gave to a check-in call or SMS."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base, str_enum, utcnow


class CheckinOutcome(StrEnum):
    OK = "ok"  # "ça va"
    NOT_OK = "not_ok"  # "ça ne va pas": a case for staff
    CALLBACK = "callback"  # "rappelez-moi plus tard"
    OPT_OUT = "opt_out"  # no more calls: consent withdrawn
    UNCLEAR = "unclear"  # an answer nobody could read, even asked again: staff call back


class CheckinAnswer(Base):
    __tablename__ = "checkin_answers"
    __table_args__ = (Index("ix_checkin_answers_phone_answered", "phone", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"))
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[CheckinOutcome] = mapped_column(str_enum(CheckinOutcome))
    detail: Mapped[str | None] = mapped_column(Text)  # what the person said, if anything
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
