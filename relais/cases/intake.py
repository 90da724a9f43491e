"""Cases created from what people tell the assistant: reports, self-referrals, emergencies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import (
    ActorKind,
    Case,
    CaseStatus,
    Channel,
    IsolationLevel,
    Origin,
    ReporterRelation,
)
from relais.cases.service import add_event, due_date
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import record_consent
from relais.db import utcnow
from relais.people.models import Person
from relais.people.service import age_band
from relais.territory.models import Territory
from relais.territory.service import ensure_commune

REPORT_CONSENT_WORDING = "report-person-consent-v1"


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


DANGER_REPEAT_WINDOW = timedelta(hours=1)


def open_danger_case(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    danger_kind: str,
    observation: str,
) -> Case:
    """An urgent case for a danger caught by the safety net; a repeat within the hour in the
    same conversation is added to the open case instead of opening another one."""
    now = utcnow()
    if conversation_id is not None:
        existing = session.scalar(
            select(Case)
            .where(Case.conversation_id == conversation_id)
            .where(Case.isolation_level == IsolationLevel.URGENT)
            .where(Case.status != CaseStatus.CLOSED)
            .where(Case.created_at > now - DANGER_REPEAT_WINDOW)
            .order_by(Case.id.desc())
            .limit(1)
        )
        if existing is not None:
            add_event(session, existing, "danger_repeated", detail={"danger_kind": danger_kind})
            return existing
    case = Case(
        territory_id=territory.id,
        channel=channel,
        origin=Origin.SELF if danger_kind == "suicidal" else Origin.THIRD_PARTY,
        status=CaseStatus.NEW,
        conversation_id=conversation_id,
        observation=observation,
        danger_now=True,
        collected={"danger_kind": danger_kind},
        isolation_level=IsolationLevel.URGENT,
        created_at=now,
        due_at=due_date(territory, IsolationLevel.URGENT, now),
    )
    session.add(case)
    add_event(
        session,
        case,
        "created",
        actor_kind=ActorKind.SYSTEM,
        detail={"channel": channel.value, "danger_kind": danger_kind, "by": "safety_net"},
    )
    return case


def open_callback_case(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    phone: str | None,
    reason: str,
    recording_url: str | None = None,
) -> Case:
    """Someone asked for a human when nobody could answer: a professional calls back."""
    now = utcnow()
    collected: dict[str, Any] = {"request": "callback", "reason": reason}
    if recording_url:
        collected["recording_url"] = recording_url
    case = Case(
        territory_id=territory.id,
        channel=channel,
        origin=Origin.SELF,
        status=CaseStatus.NEW,
        conversation_id=conversation_id,
        reporter_phone=phone,
        collected=collected,
        created_at=now,
        due_at=due_date(territory, None, now),
    )
    session.add(case)
    add_event(
        session, case, "callback_requested", detail={"channel": channel.value, "reason": reason}
    )
    return case
