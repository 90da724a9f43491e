"""Follow-ups (who is called, when, by which channel, who is alerted), each planned check-in
call or SMS (an attempt, with its state and outcome), and the answers people gave."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
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


class FollowUpChannel(StrEnum):
    CALL = "call"
    SMS = "sms"
    CALL_SMS = "call_sms"  # calls, then one SMS when the calls did not reach the person


class FollowUpStatus(StrEnum):
    PROPOSED = "proposed"  # the person asked for it; staff confirm it
    ACTIVE = "active"  # calls are planned (a pause may hold some of them)
    STOPPED = "stopped"


class PauseReason(StrEnum):
    HOSPITAL = "hospital"
    AWAY = "away"
    OTHER = "other"


class StopReason(StrEnum):
    OPT_OUT = "opt_out"  # the person asked for no more calls (any channel)
    ERASURE = "erasure"  # the person asked for their data to be erased
    ENDED = "ended"  # the end date passed
    NO_LONGER_NEEDED = "no_longer_needed"
    MOVED = "moved"  # moved away or into a care home
    DECEASED = "deceased"
    OTHER = "other"


class FollowUp(Base):
    """A person called on set days at a set local time (10:00 stays 10:00 across
    daylight-saving changes), and the referent alerted when something is wrong."""

    __tablename__ = "followups"
    __table_args__ = (
        # One follow-up per number that is not stopped: a duplicate is refused, even in a race.
        Index(
            "uq_followups_phone_open",
            "territory_id",
            "phone",
            unique=True,
            sqlite_where=text("status != 'stopped'"),
            postgresql_where=text("status != 'stopped'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))  # blanked on erasure
    days: Mapped[list[str]] = mapped_column(JSON, default=list)  # "mon" … "sun"
    at_time: Mapped[str] = mapped_column(String(5))  # local "HH:MM"
    channel: Mapped[FollowUpChannel] = mapped_column(str_enum(FollowUpChannel))
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("structures.id"), index=True)
    referent_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date | None] = mapped_column()
    status: Mapped[FollowUpStatus] = mapped_column(str_enum(FollowUpStatus))
    paused_from: Mapped[date | None] = mapped_column()
    paused_until: Mapped[date | None] = mapped_column()
    pause_reason: Mapped[PauseReason | None] = mapped_column(str_enum(PauseReason))
    stop_reason: Mapped[StopReason | None] = mapped_column(str_enum(StopReason))
    note: Mapped[str | None] = mapped_column(Text)  # the pause's or the stop's words
    unreached_streak: Mapped[int] = mapped_column(default=0)  # planned calls in a row
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consent_records.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    stopped_at: Mapped[datetime | None] = mapped_column()


class AttemptKind(StrEnum):
    CALL = "call"
    SMS = "sms"


class AttemptReason(StrEnum):
    SCHEDULED = "scheduled"  # the planned day and time
    RETRY = "retry"  # the call before did not reach the person
    CALLBACK = "callback"  # the person asked to be called back later
    SMS_FALLBACK = "sms_fallback"  # the calls did not reach the person: one SMS


class AttemptState(StrEnum):
    PLANNED = "planned"
    PLACING = "placing"  # claimed by the scheduler; the provider is being asked
    RINGING = "ringing"  # the provider took it (queued, ringing)
    ANSWERED = "answered"  # picked up: the check-in is under way
    SENT = "sent"  # an SMS left: its answer is awaited
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    FAILED = "failed"
    MACHINE = "machine"  # an answering machine took it: a short message, not reached
    DONE = "done"  # its outcome is known and what follows is planned
    CANCELLED = "cancelled"  # stopped or paused before it was placed


# Attempts being placed or under way (they count against the concurrent calls).
IN_FLIGHT = frozenset({AttemptState.PLACING, AttemptState.RINGING, AttemptState.ANSWERED})
# How a call ended without reaching anyone.
NOT_REACHED = frozenset(
    {AttemptState.NO_ANSWER, AttemptState.BUSY, AttemptState.FAILED, AttemptState.MACHINE}
)


class AttemptOutcome(StrEnum):
    OK = "ok"
    NOT_OK = "not_ok"
    CALLBACK = "callback"
    OPT_OUT = "opt_out"
    UNCLEAR = "unclear"
    NOT_REACHED = "not_reached"


class CheckinAttempt(Base):
    """One check-in call or SMS: planned for `due_at`, placed once, moved by the provider's
    status callbacks, concluded by the person's answer or by not reaching them."""

    __tablename__ = "checkin_attempts"
    __table_args__ = (
        UniqueConstraint("followup_id", "slot_at", "try_number", name="uq_checkin_attempts_try"),
        Index("ix_checkin_attempts_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    followup_id: Mapped[int] = mapped_column(ForeignKey("followups.id"), index=True)
    slot_at: Mapped[datetime] = mapped_column()  # the planned day and time it belongs to
    try_number: Mapped[int] = mapped_column(default=1)
    kind: Mapped[AttemptKind] = mapped_column(str_enum(AttemptKind))
    reason: Mapped[AttemptReason] = mapped_column(str_enum(AttemptReason))
    due_at: Mapped[datetime] = mapped_column()
    state: Mapped[AttemptState] = mapped_column(str_enum(AttemptState))
    result: Mapped[AttemptState | None] = mapped_column(str_enum(AttemptState))  # how it ended
    outcome: Mapped[AttemptOutcome | None] = mapped_column(str_enum(AttemptOutcome))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column()
    provider_sid: Mapped[str | None] = mapped_column(String(64), index=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))  # an alert it opened
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    placed_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
