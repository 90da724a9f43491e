"""Cases the follow-up of a person opens for their referent: an answer that is not fine
("ça ne va pas", or nobody could read it), or a person the check-in calls did not reach."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from relais.cases.intake.common import opened
from relais.cases.models import (
    ActorKind,
    Case,
    CaseStatus,
    Channel,
    IntakeKind,
    IsolationLevel,
    Origin,
)
from relais.cases.service import due_date
from relais.db import utcnow
from relais.people.models import Person
from relais.territory.calendar import add_working_days
from relais.territory.models import Territory


def open_unreached_case(
    session: Session,
    territory: Territory,
    *,
    person_id: int,
    phone: str | None,
    structure_id: int | None,
    assignee_id: int | None,
    streak: int,
    tries: int,
    followup_case_id: int,
    now: datetime | None = None,
) -> Case:
    """ "Personne injoignable": the calls of a planned check-in (and the SMS, if any) reached
    nobody. Urgent from the second planned check-in in a row; otherwise due the next working
    day."""
    now = now or utcnow()
    person = session.get(Person, person_id)
    level = IsolationLevel.URGENT if streak >= 2 else IsolationLevel.HIGH
    record: dict[str, Any] = {
        "kind": IntakeKind.UNREACHED.value,
        "phone": phone,
        "streak": streak,
        "tries": tries,
        "followup_case_id": followup_case_id,
    }
    case = Case(
        territory_id=territory.id,
        channel=Channel.VOICE,
        origin=Origin.CHECKIN,
        status=CaseStatus.NEW,
        person=person,
        commune_insee=person.commune_insee if person else None,
        isolation_level=level,
        structure_id=structure_id,
        assignee_id=assignee_id,
        collected=record,
        created_at=now,
        due_at=_deadline(territory, level, now),
    )
    detail = {"origin": Origin.CHECKIN.value, "level": level.value}
    return opened(session, case, detail, actor_kind=ActorKind.SYSTEM)


def _deadline(territory: Territory, level: IsolationLevel, now: datetime) -> datetime:
    if level is IsolationLevel.URGENT:
        return due_date(territory, level, now)
    departement = territory.departements[0] if territory.departements else None
    return add_working_days(now, 1, territory.timezone, departement)
