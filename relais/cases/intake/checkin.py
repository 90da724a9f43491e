"""A followed person's answer to a check-in that staff must follow up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from relais.cases.intake.common import opened
from relais.cases.models import Case, CaseStatus, Channel, IntakeKind, Origin
from relais.cases.service import due_date
from relais.db import utcnow
from relais.people.models import Person
from relais.territory.models import Territory


def open_checkin_case(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    person_id: int | None,
    phone: str | None,
    answer: str,
    detail: str | None,
    structure_id: int | None = None,
    assignee_id: int | None = None,
    due_at: datetime | None = None,
) -> Case:
    """A followed person answered "ça ne va pas" (or nobody could read the answer) to a
    check-in: staff call them back. `answer` is the check-in outcome (CheckinOutcome); a
    follow-up gives its referent (structure, staff member) and a deadline the same day."""
    now = utcnow()
    person = session.get(Person, person_id) if person_id is not None else None
    record: dict[str, Any] = {
        "kind": IntakeKind.CHECKIN.value,
        "answer": answer,
        "detail": detail,
        "phone": phone,
    }
    case = Case(
        territory_id=territory.id,
        channel=channel,
        origin=Origin.CHECKIN,
        status=CaseStatus.NEW,
        person=person,
        commune_insee=person.commune_insee if person else None,
        conversation_id=conversation_id,
        observation=detail,
        collected=record,
        structure_id=structure_id,
        assignee_id=assignee_id,
        created_at=now,
        due_at=due_at or due_date(territory, None, now),
    )
    return opened(session, case, {"channel": channel.value, "origin": Origin.CHECKIN.value})
