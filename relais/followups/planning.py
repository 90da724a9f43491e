"""Planned calls as rows: the next call of a follow-up, planned again when its schedule
changes, cancelled when it stops. The rule of when is in relais.followups.schedule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relais.cases.models import Case, EventKind
from relais.cases.service import add_event
from relais.db import utcnow
from relais.followups.models import (
    AttemptKind,
    AttemptReason,
    AttemptState,
    CheckinAttempt,
    FollowUp,
    FollowUpChannel,
    FollowUpStatus,
    StopReason,
)
from relais.followups.schedule import WEEKDAYS, CallingHours, Schedule, Slot, slots
from relais.people.models import Person
from relais.territory.calendar import departement_of
from relais.territory.models import Territory

# Attempts not concluded yet: at most one per follow-up.
PENDING = frozenset(
    {
        AttemptState.PLANNED,
        AttemptState.PLACING,
        AttemptState.RINGING,
        AttemptState.ANSWERED,
        AttemptState.SENT,
    }
)


def territory_hours(territory: Territory) -> tuple[time, time]:
    return time.fromisoformat(territory.calling_from), time.fromisoformat(territory.calling_until)


def calling_zone(territory: Territory) -> ZoneInfo:
    return ZoneInfo(territory.timezone)


def local_date(territory: Territory, now: datetime) -> date:
    return now.astimezone(calling_zone(territory)).date()


def calling_hours(session: Session, territory: Territory, followup: FollowUp) -> CallingHours:
    """The territory's hours, with the public holidays of the person's own département."""
    insee = session.scalar(select(Person.commune_insee).where(Person.id == followup.person_id))
    departement = departement_of(insee) or (
        territory.departements[0] if territory.departements else None
    )
    opens, closes = territory_hours(territory)
    return CallingHours(territory.timezone, opens, closes, departement)


def schedule_of(followup: FollowUp) -> Schedule:
    return Schedule(
        days=frozenset(WEEKDAYS.index(d) for d in followup.days),
        at=time.fromisoformat(followup.at_time),
        starts_on=followup.starts_on,
        ends_on=followup.ends_on,
        paused_from=followup.paused_from,
        paused_until=followup.paused_until,
    )


def upcoming(
    session: Session, territory: Territory, followup: FollowUp, after: datetime, count: int
) -> list[Slot]:
    """The next `count` planned calls after `after`, without planning any."""
    found: list[Slot] = []
    if count <= 0:
        return found
    for slot in slots(schedule_of(followup), calling_hours(session, territory, followup), after):
        found.append(slot)
        if len(found) >= count:
            break
    return found


def pending_attempt(session: Session, followup_id: int) -> CheckinAttempt | None:
    return session.scalar(
        select(CheckinAttempt)
        .where(CheckinAttempt.followup_id == followup_id, CheckinAttempt.state.in_(PENDING))
        .order_by(CheckinAttempt.due_at)
        .limit(1)
    )


def first_kind(followup: FollowUp) -> AttemptKind:
    return AttemptKind.SMS if followup.channel is FollowUpChannel.SMS else AttemptKind.CALL


def plan_next(
    session: Session, territory: Territory, followup: FollowUp, now: datetime
) -> CheckinAttempt | None:
    """The follow-up's next planned call, unless one is already pending. A follow-up past its
    end date has no next call: it stops (reason "ended")."""
    if followup.status is not FollowUpStatus.ACTIVE or followup.phone is None:
        return None
    pending = pending_attempt(session, followup.id)
    if pending is not None:
        return pending
    slot = next(iter(upcoming(session, territory, followup, now, 1)), None)
    if slot is None:
        if _past_its_end(session, territory, followup, now):
            end(session, followup)
        return None  # paused with no end: planned again when resumed
    return add_attempt(
        session,
        followup,
        slot_at=slot.planned,
        due_at=slot.due,
        kind=first_kind(followup),
        reason=AttemptReason.SCHEDULED,
    )


def _past_its_end(
    session: Session, territory: Territory, followup: FollowUp, now: datetime
) -> bool:
    if followup.ends_on is None:
        return False
    unpaused = replace(schedule_of(followup), paused_from=None, paused_until=None)
    hours = calling_hours(session, territory, followup)
    return next(slots(unpaused, hours, now), None) is None


def add_attempt(
    session: Session,
    followup: FollowUp,
    *,
    slot_at: datetime,
    due_at: datetime,
    kind: AttemptKind,
    reason: AttemptReason,
) -> CheckinAttempt | None:
    """One more attempt for the slot (its try number follows the slot's last). None when
    another process planned the same try at the same moment."""
    last = session.scalar(
        select(func.max(CheckinAttempt.try_number)).where(
            CheckinAttempt.followup_id == followup.id, CheckinAttempt.slot_at == slot_at
        )
    )
    attempt = CheckinAttempt(
        followup_id=followup.id,
        slot_at=slot_at,
        try_number=(last or 0) + 1,
        kind=kind,
        reason=reason,
        due_at=due_at,
        state=AttemptState.PLANNED,
        detail={},
    )
    try:
        with session.begin_nested():
            session.add(attempt)
            session.flush()
    except IntegrityError:
        return None
    return attempt


def cancel_planned(session: Session, followup: FollowUp) -> int:
    """Planned attempts not placed yet are cancelled (calls under way end normally)."""
    result = session.execute(
        update(CheckinAttempt)
        .where(CheckinAttempt.followup_id == followup.id)
        .where(CheckinAttempt.state == AttemptState.PLANNED)
        .values(state=AttemptState.CANCELLED, updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def replan(
    session: Session, territory: Territory, followup: FollowUp, now: datetime
) -> CheckinAttempt | None:
    """The schedule changed (days, time, pause): the planned call is planned again."""
    cancel_planned(session, followup)
    return plan_next(session, territory, followup, now)


def end(session: Session, followup: FollowUp) -> None:
    """The end date passed: the follow-up stops by itself."""
    followup.status = FollowUpStatus.STOPPED
    followup.stop_reason, followup.stopped_at = StopReason.ENDED, utcnow()
    case = session.get_one(Case, followup.case_id)
    detail = {"followup_id": followup.id, "reason": StopReason.ENDED.value}
    add_event(session, case, EventKind.FOLLOWUP_STOPPED, detail=detail)


def active_without_plan(session: Session, territory_id: int, limit: int) -> list[FollowUp]:
    """Active follow-ups with nothing pending (a sweep plans their next call)."""
    pending = select(CheckinAttempt.id).where(
        CheckinAttempt.followup_id == FollowUp.id, CheckinAttempt.state.in_(PENDING)
    )
    query = (
        select(FollowUp)
        .where(FollowUp.territory_id == territory_id)
        .where(FollowUp.status == FollowUpStatus.ACTIVE, FollowUp.phone.is_not(None))
        .where(~pending.exists())
        .order_by(FollowUp.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def sweep(session: Session, territory: Territory, now: datetime, limit: int = 500) -> int:
    """Plans the next call of active follow-ups that have none (after a crash, an edit made
    elsewhere); returns how many were planned."""
    planned = 0
    for followup in active_without_plan(session, territory.id, limit):
        if plan_next(session, territory, followup, now) is not None:
            planned += 1
    return planned
