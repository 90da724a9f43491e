"""Creating cases and reading the queue. Plain functions taking a session; callers commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import (
    ActorKind,
    Case,
    CaseEvent,
    CaseStatus,
    Channel,
    IsolationLevel,
    Origin,
    ReporterRelation,
)
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import record_consent
from relais.db import utcnow
from relais.people.models import Person
from relais.people.service import age_band
from relais.territory.calendar import add_working_days
from relais.territory.models import Territory
from relais.territory.service import ensure_commune

REPORT_CONSENT_WORDING = "report-person-consent-v1"
QUALIFICATION_WORKING_DAYS = 2
DUE_WORKING_DAYS = {IsolationLevel.HIGH: 2, IsolationLevel.MEDIUM: 5, IsolationLevel.LOW: 10}
LEVEL_ORDER = [
    IsolationLevel.URGENT,
    IsolationLevel.HIGH,
    IsolationLevel.MEDIUM,
    IsolationLevel.LOW,
]


class PersonConsent(StrEnum):
    """What a reporter says of the person's agreement to be contacted."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReportInput:
    """What a third party told the assistant about someone."""

    channel: Channel
    commune_insee: str
    observation: str
    person_consent: PersonConsent
    conversation_id: str | None = None
    reporter_relation: ReporterRelation | None = None
    reporter_phone: str | None = None
    reporter_wants_feedback: bool = False
    first_name: str | None = None
    address: str | None = None
    approximate_age: int | None = None
    danger_now: bool | None = None
    collected: dict[str, Any] = field(default_factory=dict)


def due_date(territory: Territory, level: IsolationLevel | None, start: datetime) -> datetime:
    """Urgent 4 h; high 2, medium 5, low 10 working days; unassessed: 2 to qualify it."""
    if level is IsolationLevel.URGENT:
        return start + timedelta(hours=4)
    days = DUE_WORKING_DAYS[level] if level else QUALIFICATION_WORKING_DAYS
    departement = territory.departements[0] if territory.departements else None
    return add_working_days(start, days, territory.timezone, departement)


def add_event(
    session: Session,
    case: Case,
    kind: str,
    *,
    actor_kind: ActorKind = ActorKind.SYSTEM,
    actor_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    event = CaseEvent(
        case=case, kind=kind, actor_kind=actor_kind, actor_id=actor_id, detail=detail or {}
    )
    session.add(event)
    return event


def create_report_case(session: Session, territory: Territory, report: ReportInput) -> Case:
    """A third party's report. Without the person's own agreement it starts as aller-vers."""
    ensure_commune(session, report.commune_insee)
    consented = report.person_consent is PersonConsent.YES
    level = IsolationLevel.URGENT if report.danger_now else None
    person = Person(
        territory_id=territory.id,
        commune_insee=report.commune_insee,
        age_band=age_band(report.approximate_age),
        first_name=report.first_name if consented else None,
        address=report.address,
    )
    now = utcnow()
    case = Case(
        territory_id=territory.id,
        channel=report.channel,
        origin=Origin.THIRD_PARTY,
        status=CaseStatus.NEW if consented else CaseStatus.AWAITING_CONTACT,
        person=person,
        commune_insee=report.commune_insee,
        conversation_id=report.conversation_id,
        reporter_relation=report.reporter_relation,
        reporter_phone=report.reporter_phone,
        reporter_wants_feedback=report.reporter_wants_feedback,
        observation=report.observation,
        danger_now=report.danger_now,
        collected=report.collected,
        isolation_level=level,
        created_at=now,
        due_at=due_date(territory, level, now),
    )
    session.add(case)
    session.flush()
    record_consent(
        session,
        subject=ConsentSubject.PERSON,
        source=ConsentSource.THIRD_PARTY,
        scope=ConsentScope.CONTACT,
        decision=_PERSON_CONSENT_DECISION[report.person_consent],
        channel=report.channel,
        wording_version=REPORT_CONSENT_WORDING,
        person_id=person.id,
        case_id=case.id,
    )
    add_event(
        session,
        case,
        "created",
        actor_kind=ActorKind.ASSISTANT,
        detail={"channel": report.channel.value, "origin": Origin.THIRD_PARTY.value},
    )
    return case


_PERSON_CONSENT_DECISION = {
    PersonConsent.YES: ConsentDecision.GIVEN,
    PersonConsent.NO: ConsentDecision.REFUSED,
    PersonConsent.UNKNOWN: ConsentDecision.UNKNOWN,
}


def queue_order() -> list[Any]:
    """Most urgent level first, then the nearest due date. A case not yet assessed ranks
    with `high`: it is due for qualification within the same two working days."""
    ranks = {level.value: rank for rank, level in enumerate(LEVEL_ORDER)}
    level_rank = sql_case(ranks, value=Case.isolation_level, else_=ranks[IsolationLevel.HIGH])
    return [level_rank, Case.due_at.asc(), Case.id.asc()]


def list_cases(
    session: Session,
    *,
    territory_id: int | None = None,
    statuses: Sequence[CaseStatus] | None = None,
    limit: int | None = None,
) -> list[Case]:
    query = select(Case).order_by(*queue_order())
    if territory_id is not None:
        query = query.where(Case.territory_id == territory_id)
    if statuses:
        query = query.where(Case.status.in_(statuses))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
