"""Consent records: who agreed (or refused, or withdrew) to what, how and when."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base, str_enum, utcnow


class ConsentSubject(StrEnum):
    PERSON = "person"  # the older person concerned
    REPORTER = "reporter"  # the neighbour, relative or professional who raised the situation


class ConsentSource(StrEnum):
    SELF = "self"  # said by the subject themself
    THIRD_PARTY = "third_party"  # what a reporter says of the person's wishes: not consent
    STAFF = "staff"  # obtained by a professional, e.g. by phone


class ConsentScope(StrEnum):
    CONTACT = "contact"
    SHARE_WITH_PARTNER = "share_with_partner"
    CHECKIN_CALLS = "checkin_calls"
    SMS = "sms"
    REPORTER_FEEDBACK = "reporter_feedback"


class ConsentDecision(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    UNKNOWN = "unknown"


class ConsentRecord(Base):
    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[ConsentSubject] = mapped_column(str_enum(ConsentSubject))
    source: Mapped[ConsentSource] = mapped_column(str_enum(ConsentSource))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    scope: Mapped[ConsentScope] = mapped_column(str_enum(ConsentScope))
    decision: Mapped[ConsentDecision] = mapped_column(str_enum(ConsentDecision))
    channel: Mapped[str] = mapped_column(String(16))
    wording_version: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
