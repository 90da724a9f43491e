"""What follows each check-in attempt: the retry ladder, the SMS fallback, the person's answer,
the alert to the referent when nobody was reached. Every step is a line in the timeline of the
person's case.

The ladder of one planned call (settings, docs/followups.md):
1. the call; not reached (no answer, busy, failed, answering machine, picked up then hung up
   without answering) → up to `checkin_retries` more calls, `checkin_retry_minutes` apart,
   inside the calling hours;
2. with "call + SMS", one SMS ("Répondez 1 si tout va bien, 2 si vous souhaitez être
   rappelé(e)"), answered within `checkin_sms_reply_minutes`;
3. still nobody → a case "personne injoignable" for the referent (urgent when the planned call
   before was not answered either).
An answer ends the ladder: fine → the next planned call; not fine → a case for the referent,
due the same day; "rappelez-moi" → one more call later the same day (at most twice a slot);
"ne m'appelez plus" → the follow-up stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.intake import open_unreached_case
from relais.cases.models import Case, EventKind
from relais.cases.service import add_event
from relais.config import Settings
from relais.followups import planning
from relais.followups.models import (
    AttemptKind,
    AttemptOutcome,
    AttemptReason,
    AttemptState,
    CheckinAttempt,
    CheckinOutcome,
    FollowUp,
    FollowUpChannel,
    FollowUpStatus,
)
from relais.territory.models import Territory

MAX_CALLBACKS = 2  # "rappelez-moi plus tard" asked more often in one slot ends the slot
CLOSED = frozenset({AttemptState.DONE, AttemptState.CANCELLED})


@dataclass(frozen=True)
class Ladder:
    retries: int = 2
    retry_delay: timedelta = timedelta(minutes=30)
    callback_delay: timedelta = timedelta(minutes=60)
    sms_reply_wait: timedelta = timedelta(minutes=180)

    @classmethod
    def from_settings(cls, settings: Settings) -> Ladder:
        return cls(
            retries=settings.checkin_retries,
            retry_delay=timedelta(minutes=settings.checkin_retry_minutes),
            callback_delay=timedelta(minutes=settings.checkin_callback_minutes),
            sms_reply_wait=timedelta(minutes=settings.checkin_sms_reply_minutes),
        )


def timeline(
    session: Session, followup: FollowUp, kind: EventKind, attempt: CheckinAttempt, **extra: Any
) -> None:
    detail = {
        "followup_id": followup.id,
        "attempt_id": attempt.id,
        "try": attempt.try_number,
        "reason": attempt.reason.value,
    } | extra
    add_event(session, session.get_one(Case, followup.case_id), kind, detail=detail)


def _close(attempt: CheckinAttempt, result: AttemptState, outcome: AttemptOutcome) -> None:
    attempt.result, attempt.outcome = result, outcome
    attempt.state = AttemptState.DONE
    attempt.finished_at = attempt.finished_at or attempt.updated_at


def not_reached(
    session: Session,
    territory: Territory,
    ladder: Ladder,
    attempt: CheckinAttempt,
    result: AttemptState,
    now: datetime,
) -> None:
    """The call ended without an answer (or the SMS got none in time): the next rung."""
    if attempt.state in CLOSED:
        return
    _close(attempt, result, AttemptOutcome.NOT_REACHED)
    attempt.finished_at = now
    followup = session.get_one(FollowUp, attempt.followup_id)
    kind = EventKind.CHECKIN_CALL if attempt.kind is AttemptKind.CALL else EventKind.CHECKIN_SMS
    timeline(session, followup, kind, attempt, result=result.value)
    if followup.status is not FollowUpStatus.ACTIVE:
        return
    _next_rung(session, territory, ladder, followup, attempt, now)


def _misses(session: Session, attempt: CheckinAttempt) -> int:
    """Calls of the slot not reached in a row, this one included (since the last answer)."""
    earlier = session.scalars(
        select(CheckinAttempt)
        .where(
            CheckinAttempt.followup_id == attempt.followup_id,
            CheckinAttempt.slot_at == attempt.slot_at,
            CheckinAttempt.kind == AttemptKind.CALL,
            CheckinAttempt.state == AttemptState.DONE,
        )
        .order_by(CheckinAttempt.try_number.desc())
    )
    count = 0
    for previous in earlier:
        if previous.outcome is not AttemptOutcome.NOT_REACHED:
            break
        count += 1
    return count


def _next_rung(
    session: Session,
    territory: Territory,
    ladder: Ladder,
    followup: FollowUp,
    attempt: CheckinAttempt,
    now: datetime,
) -> None:
    hours = planning.calling_hours(session, territory, followup)
    if attempt.kind is AttemptKind.CALL and _misses(session, attempt) <= ladder.retries:
        planning.add_attempt(
            session,
            followup,
            slot_at=attempt.slot_at,
            due_at=hours.next_allowed(now + ladder.retry_delay),
            kind=AttemptKind.CALL,
            reason=AttemptReason.RETRY,
        )
    elif attempt.kind is AttemptKind.CALL and followup.channel is FollowUpChannel.CALL_SMS:
        planning.add_attempt(
            session,
            followup,
            slot_at=attempt.slot_at,
            due_at=hours.next_allowed(now),
            kind=AttemptKind.SMS,
            reason=AttemptReason.SMS_FALLBACK,
        )
    else:
        escalate(session, territory, followup, attempt, now)


def escalate(
    session: Session,
    territory: Territory,
    followup: FollowUp,
    attempt: CheckinAttempt,
    now: datetime,
) -> Case:
    """Nobody reached after the whole ladder: a case "personne injoignable" for the referent,
    then the next planned call."""
    followup.unreached_streak += 1
    tries = session.scalar(
        select(CheckinAttempt.try_number)
        .where(CheckinAttempt.followup_id == followup.id, CheckinAttempt.slot_at == attempt.slot_at)
        .order_by(CheckinAttempt.try_number.desc())
        .limit(1)
    )
    case = open_unreached_case(
        session,
        territory,
        person_id=followup.person_id,
        phone=followup.phone,
        structure_id=followup.structure_id,
        assignee_id=followup.referent_id,
        streak=followup.unreached_streak,
        tries=tries or attempt.try_number,
        followup_case_id=followup.case_id,
        now=now,
    )
    attempt.case_id = case.id
    level = case.isolation_level.value if case.isolation_level else None
    timeline(
        session,
        followup,
        EventKind.CHECKIN_ESCALATED,
        attempt,
        case_id=case.id,
        reference=case.reference,
        level=level,
        streak=followup.unreached_streak,
    )
    planning.plan_next(session, territory, followup, now)
    return case


def answered(
    session: Session,
    territory: Territory,
    ladder: Ladder,
    attempt: CheckinAttempt,
    outcome: CheckinOutcome,
    case: Case | None,
    now: datetime,
) -> None:
    """The person answered the check-in (by voice or SMS): the ladder ends with what they said."""
    if attempt.state in CLOSED and attempt.outcome is not AttemptOutcome.NOT_REACHED:
        return
    result = AttemptState.ANSWERED if attempt.kind is AttemptKind.CALL else AttemptState.SENT
    _close(attempt, result, AttemptOutcome(outcome.value))
    attempt.finished_at = now
    attempt.case_id = case.id if case else attempt.case_id
    followup = session.get_one(FollowUp, attempt.followup_id)
    followup.unreached_streak = 0
    extra: dict[str, Any] = {"outcome": outcome.value}
    if case is not None:
        extra |= {"case_id": case.id, "reference": case.reference}
    timeline(session, followup, EventKind.CHECKIN_ANSWERED, attempt, **extra)
    if followup.status is not FollowUpStatus.ACTIVE:
        return
    planning.cancel_planned(session, followup)  # an SMS answered late overtakes the ladder
    if outcome is CheckinOutcome.CALLBACK and _callbacks(session, attempt) <= MAX_CALLBACKS:
        hours = planning.calling_hours(session, territory, followup)
        planning.add_attempt(
            session,
            followup,
            slot_at=attempt.slot_at,
            due_at=hours.next_allowed(now + ladder.callback_delay),
            kind=AttemptKind.CALL,
            reason=AttemptReason.CALLBACK,
        )
        return
    planning.plan_next(session, territory, followup, now)


def _callbacks(session: Session, attempt: CheckinAttempt) -> int:
    return len(
        session.scalars(
            select(CheckinAttempt.id).where(
                CheckinAttempt.followup_id == attempt.followup_id,
                CheckinAttempt.slot_at == attempt.slot_at,
                CheckinAttempt.outcome == AttemptOutcome.CALLBACK,
            )
        ).all()
    )
