"""What staff and scripts read of follow-ups: the list (the Suivis page, `relais followups
list`), one follow-up's panel on its case page, and the check-in figures of the dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relais.cases.models import Case, CaseStatus
from relais.cases.scope import Scope
from relais.directory.models import Structure
from relais.followups import planning
from relais.followups.enrolment import followup_filter
from relais.followups.models import (
    AttemptKind,
    AttemptOutcome,
    AttemptState,
    CheckinAttempt,
    FollowUp,
    FollowUpStatus,
)
from relais.people.models import Person
from relais.staff.models import StaffUser
from relais.territory.models import Territory


class Standing(StrEnum):
    """Where a follow-up stands today, as the Suivis page shows and filters it."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


def standing(followup: FollowUp, today: date) -> Standing:
    if followup.status is FollowUpStatus.PROPOSED:
        return Standing.PROPOSED
    if followup.status is FollowUpStatus.STOPPED:
        return Standing.STOPPED
    if planning.schedule_of(followup).paused_on(today):
        return Standing.PAUSED
    return Standing.ACTIVE


@dataclass(frozen=True)
class FollowUpRow:
    followup: FollowUp
    first_name: str | None
    commune_insee: str | None
    standing: Standing
    next_attempt: CheckinAttempt | None
    last_attempt: CheckinAttempt | None
    alerts_today: tuple[Case, ...]  # cases its check-ins opened today, still open

    @property
    def alert(self) -> bool:
        return bool(self.alerts_today)


def _latest_attempts(session: Session, ids: Sequence[int]) -> dict[int, CheckinAttempt]:
    finished = (
        select(CheckinAttempt.followup_id, func.max(CheckinAttempt.id).label("last"))
        .where(CheckinAttempt.followup_id.in_(ids))
        .where(CheckinAttempt.state.not_in((AttemptState.PLANNED, AttemptState.CANCELLED)))
        .group_by(CheckinAttempt.followup_id)
        .subquery()
    )
    rows = session.scalars(
        select(CheckinAttempt).join(finished, CheckinAttempt.id == finished.c.last)
    )
    return {a.followup_id: a for a in rows}


def _next_attempts(session: Session, ids: Sequence[int]) -> dict[int, CheckinAttempt]:
    rows = session.scalars(
        select(CheckinAttempt)
        .where(CheckinAttempt.followup_id.in_(ids), CheckinAttempt.state == AttemptState.PLANNED)
        .order_by(CheckinAttempt.due_at.desc())
    )
    return {a.followup_id: a for a in rows}  # the earliest wins (ordered last)


def _alerts(session: Session, ids: Sequence[int], since: datetime) -> dict[int, list[Case]]:
    rows = session.execute(
        select(CheckinAttempt.followup_id, Case)
        .join(Case, Case.id == CheckinAttempt.case_id)
        .where(CheckinAttempt.followup_id.in_(ids), Case.created_at >= since)
        .where(Case.status != CaseStatus.CLOSED)
        .order_by(Case.id)
    )
    found: dict[int, list[Case]] = {}
    for followup_id, case in rows:
        found.setdefault(followup_id, []).append(case)
    return found


def start_of_day(territory: Territory, now: datetime) -> datetime:
    local = now.astimezone(planning.calling_zone(territory))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def rows(
    session: Session,
    territory: Territory,
    scope: Scope | None,
    now: datetime,
    *,
    standings: frozenset[Standing] | None = None,
    alerts_only: bool = False,
    structure_id: int | None = None,
) -> list[FollowUpRow]:
    """The follow-ups in the caller's scope: today's alerts first, then by next call."""
    query = select(FollowUp, Person.first_name, Person.commune_insee).join(
        Person, Person.id == FollowUp.person_id
    )
    query = query.where(followup_filter(scope, territory.id))
    if structure_id is not None:
        query = query.where(FollowUp.structure_id == structure_id)
    found = session.execute(query.order_by(FollowUp.id)).all()
    ids = [f.id for f, _, _ in found]
    latest, upcoming = _latest_attempts(session, ids), _next_attempts(session, ids)
    alerts = _alerts(session, ids, start_of_day(territory, now))
    today = planning.local_date(territory, now)
    result = [
        FollowUpRow(
            followup=f,
            first_name=first_name,
            commune_insee=insee,
            standing=standing(f, today),
            next_attempt=upcoming.get(f.id),
            last_attempt=latest.get(f.id),
            alerts_today=tuple(alerts.get(f.id, [])),
        )
        for f, first_name, insee in found
    ]
    if standings:
        result = [r for r in result if r.standing in standings]
    if alerts_only:
        result = [r for r in result if r.alert]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(
        result,
        key=lambda r: (
            not r.alert,
            r.standing is Standing.STOPPED,
            r.standing is not Standing.PROPOSED,
            r.next_attempt.due_at if r.next_attempt else far,
        ),
    )


def attempts_of(session: Session, followup_id: int, limit: int = 20) -> list[CheckinAttempt]:
    """The follow-up's latest attempts, newest first (the panel's history)."""
    return list(
        session.scalars(
            select(CheckinAttempt)
            .where(CheckinAttempt.followup_id == followup_id)
            .where(CheckinAttempt.state != AttemptState.CANCELLED)
            .order_by(CheckinAttempt.due_at.desc(), CheckinAttempt.id.desc())
            .limit(limit)
        )
    )


def followups_of_case(
    session: Session, territory: Territory, scope: Scope | None, case_id: int
) -> list[FollowUp]:
    return list(
        session.scalars(
            select(FollowUp)
            .where(FollowUp.case_id == case_id, followup_filter(scope, territory.id))
            .order_by(FollowUp.id.desc())
        )
    )


# --- figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekFigures:
    week_start: date
    calls_placed: int
    reached: int
    not_ok: int
    escalations: int


def weekly_figures(
    session: Session,
    territory: Territory,
    now: datetime,
    *,
    structure_id: int | None = None,
    weeks: int = 8,
) -> list[WeekFigures]:
    """Check-in calls placed, people reached, "ça ne va pas" answers and escalations, per
    week (Monday to Sunday, territory time), the latest week first; a structure's own
    follow-ups only when `structure_id` is given."""
    today = planning.local_date(territory, now)
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    since = datetime.combine(first, datetime.min.time(), planning.calling_zone(territory))
    query = (
        select(CheckinAttempt)
        .join(FollowUp, FollowUp.id == CheckinAttempt.followup_id)
        .where(FollowUp.territory_id == territory.id)
        .where(CheckinAttempt.placed_at >= since)
    )
    if structure_id is not None:
        query = query.where(FollowUp.structure_id == structure_id)
    counts: dict[date, dict[str, int]] = {
        first + timedelta(weeks=i): dict.fromkeys(("calls", "reached", "not_ok", "esc"), 0)
        for i in range(weeks)
    }
    for attempt in session.scalars(query):
        assert attempt.placed_at is not None
        day = planning.local_date(territory, attempt.placed_at)
        week = counts[day - timedelta(days=day.weekday())]
        _count(week, attempt)
    return [
        WeekFigures(start, c["calls"], c["reached"], c["not_ok"], c["esc"])
        for start, c in sorted(counts.items(), reverse=True)
    ]


def _count(week: dict[str, int], attempt: CheckinAttempt) -> None:
    if attempt.kind is AttemptKind.CALL:
        week["calls"] += 1
    answered = attempt.outcome not in (None, AttemptOutcome.NOT_REACHED)
    week["reached"] += int(answered)
    week["not_ok"] += int(attempt.outcome in (AttemptOutcome.NOT_OK, AttemptOutcome.UNCLEAR))
    week["esc"] += int(
        attempt.outcome is AttemptOutcome.NOT_REACHED and attempt.case_id is not None
    )


def as_json(row: FollowUpRow, territory: Territory) -> dict[str, Any]:
    """One follow-up as `relais followups list --json` prints it."""
    f = row.followup
    zone = planning.calling_zone(territory)

    def local(at: datetime | None) -> str | None:
        return at.astimezone(zone).isoformat() if at else None

    last = row.last_attempt
    return {
        "id": f.id,
        "phone": f.phone,
        "first_name": row.first_name,
        "case_id": f.case_id,
        "days": list(f.days),
        "time": f.at_time,
        "channel": f.channel.value,
        "status": row.standing.value,
        "structure_id": f.structure_id,
        "referent_id": f.referent_id,
        "starts_on": f.starts_on.isoformat(),
        "ends_on": f.ends_on.isoformat() if f.ends_on else None,
        "next_call": local(row.next_attempt.due_at) if row.next_attempt else None,
        "last_attempt": None
        if last is None
        else {
            "due_at": local(last.due_at),
            "kind": last.kind.value,
            "try": last.try_number,
            "state": (last.result or last.state).value,
            "outcome": last.outcome.value if last.outcome else None,
        },
        "alerts_today": [c.reference for c in row.alerts_today],
    }


@dataclass(frozen=True)
class Panel:
    """A follow-up as its case page shows it."""

    followup: FollowUp
    standing: Standing
    upcoming: list[datetime]  # the next planned calls (none placed yet)
    attempts: list[CheckinAttempt]
    structure_name: str | None
    referent_name: str | None


def panels(
    session: Session, territory: Territory, scope: Scope | None, case_id: int, now: datetime
) -> list[Panel]:
    found = []
    today = planning.local_date(territory, now)
    for followup in followups_of_case(session, territory, scope, case_id):
        upcoming = (
            [s.due for s in planning.upcoming(session, territory, followup, now, UPCOMING_SHOWN)]
            if followup.status is not FollowUpStatus.STOPPED
            else []
        )
        structure = session.get(Structure, followup.structure_id) if followup.structure_id else None
        referent = session.get(StaffUser, followup.referent_id) if followup.referent_id else None
        found.append(
            Panel(
                followup=followup,
                standing=standing(followup, today),
                upcoming=upcoming,
                attempts=attempts_of(session, followup.id),
                structure_name=structure.name if structure else None,
                referent_name=(referent.display_name or referent.email) if referent else None,
            )
        )
    return found


UPCOMING_SHOWN = 3
