"""A third party's report about someone: the case, and what is kept of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from relais.cases.intake.common import commune_record, decision, open_urgent_case, opened
from relais.cases.models import (
    ActorKind,
    Case,
    CaseStatus,
    Channel,
    EventKind,
    IntakeKind,
    IsolationLevel,
    Orientation,
    Origin,
    ReporterRelation,
)
from relais.cases.service import add_event, due_date
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import record_consent
from relais.db import utcnow
from relais.people.models import AgeBand, Person
from relais.people.service import age_band
from relais.territory.models import Territory
from relais.territory.service import ensure_commune

REPORT_CONSENT_WORDING = "report-person-consent-v1"
REPORTER_CONSENT_WORDING = "report-reporter-contact-v1"


class PersonConsent(StrEnum):
    """What a reporter says of the person's agreement to be contacted."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReportInput:
    """What a third party told the assistant about someone.

    `commune_insee` is None when the commune could not be recognised (`commune_said` keeps the
    words); `complete` is False when the conversation stopped before the last question, and
    `stop_reason` says why ("opt_out", "erase_data", "goodbye", "session_expired").
    """

    channel: Channel
    commune_insee: str | None
    observation: str
    person_consent: PersonConsent
    conversation_id: str | None = None
    reporter_relation: ReporterRelation | None = None
    reporter_relation_said: str | None = None
    reporter_phone: str | None = None
    reporter_contact_ok: bool | None = None  # None: not asked
    reporter_wants_feedback: bool = False
    first_name: str | None = None
    address: str | None = None
    approximate_age: int | None = None
    age_band: AgeBand | None = None
    danger_now: bool | None = None
    commune_said: str | None = None
    opening: str | None = None
    complete: bool = True
    stop_reason: str | None = None
    said: dict[str, str] = field(default_factory=dict)  # each answer's words, by question


def report_record(session: Session, report: ReportInput) -> dict[str, Any]:
    """The report as `Case.collected` keeps it: typed values, rendered in French only when
    shown (relais.cases.describe)."""
    record: dict[str, Any] = {
        "kind": IntakeKind.REPORT.value,
        "opening": report.opening,
        "relation": report.reporter_relation.value if report.reporter_relation else None,
        "relation_said": report.reporter_relation_said,
        "address": report.address,
        "age": report.approximate_age,
        "age_band": (report.age_band or AgeBand.UNKNOWN).value,
        "observation": report.observation or None,
        "danger_now": report.danger_now,
        "person_consent": report.person_consent.value,
        "reporter_phone": report.reporter_phone,
        "reporter_contact_ok": report.reporter_contact_ok,
        "wants_feedback": report.reporter_wants_feedback,
        "complete": report.complete,
        "stop_reason": report.stop_reason,
        "said": dict(report.said),
    }
    return record | commune_record(session, report.commune_insee, report.commune_said)


def create_report_case(session: Session, territory: Territory, report: ReportInput) -> Case:
    """A third party's report. Without the person's own agreement it starts as aller-vers and
    keeps the minimum: no first name. A danger makes it urgent."""
    if report.commune_insee is not None:
        ensure_commune(session, report.commune_insee)
    consented = report.person_consent is PersonConsent.YES
    person = Person(
        territory_id=territory.id,
        commune_insee=report.commune_insee,
        age_band=report.age_band or age_band(report.approximate_age),
        first_name=report.first_name if consented else None,
        address=report.address or None,
    )
    record = report_record(session, report)
    case = open_urgent_case(session, report.conversation_id)
    if case is not None:
        _complete_urgent_case(session, case, report, person, record)
    else:
        case = _new_report_case(session, territory, report, person, record)
    _record_report_consents(session, case, person, report)
    return case


def _new_report_case(
    session: Session,
    territory: Territory,
    report: ReportInput,
    person: Person,
    record: dict[str, Any],
) -> Case:
    consented = report.person_consent is PersonConsent.YES
    level = IsolationLevel.URGENT if report.danger_now else None
    now = utcnow()
    case = Case(
        territory_id=territory.id,
        channel=report.channel,
        origin=Origin.THIRD_PARTY,
        status=CaseStatus.NEW if consented or report.danger_now else CaseStatus.AWAITING_CONTACT,
        person=person,
        commune_insee=report.commune_insee,
        conversation_id=report.conversation_id,
        reporter_relation=report.reporter_relation,
        reporter_phone=report.reporter_phone,
        reporter_wants_feedback=report.reporter_wants_feedback,
        observation=observation(report),
        danger_now=report.danger_now,
        collected=record,
        isolation_level=level,
        proposed_orientation=Orientation.EMERGENCY_SERVICES if report.danger_now else None,
        created_at=now,
        due_at=due_date(territory, level, now),
    )
    detail: dict[str, Any] = {"channel": report.channel.value, "origin": Origin.THIRD_PARTY.value}
    if not report.complete:
        detail["incomplete"] = True
    return opened(session, case, detail)


def observation(report: ReportInput) -> str:
    parts = [p for p in (report.opening, report.observation) if p]
    return "\n".join(dict.fromkeys(parts))


def _complete_urgent_case(
    session: Session, case: Case, report: ReportInput, person: Person, record: dict[str, Any]
) -> None:
    """The report told after a danger in the same conversation completes the urgent case."""
    session.add(person)
    case.person = person
    case.commune_insee = case.commune_insee or report.commune_insee
    case.reporter_relation = report.reporter_relation
    case.reporter_phone = report.reporter_phone or case.reporter_phone
    case.reporter_wants_feedback = report.reporter_wants_feedback
    case.origin = Origin.THIRD_PARTY
    case.collected = (case.collected or {}) | {IntakeKind.REPORT.value: record}
    case.observation = "\n".join(p for p in (case.observation, observation(report)) if p)
    session.flush()
    add_event(
        session,
        case,
        EventKind.REPORT_ADDED,
        actor_kind=ActorKind.ASSISTANT,
        detail={"channel": report.channel.value, "incomplete": not report.complete},
    )


_PERSON_CONSENT_DECISION = {
    PersonConsent.YES: ConsentDecision.GIVEN,
    PersonConsent.NO: ConsentDecision.REFUSED,
    PersonConsent.UNKNOWN: ConsentDecision.UNKNOWN,
}


def _record_report_consents(
    session: Session, case: Case, person: Person, report: ReportInput
) -> None:
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
    reporter: dict[str, Any] = {
        "subject": ConsentSubject.REPORTER,
        "source": ConsentSource.SELF,
        "channel": report.channel,
        "wording_version": REPORTER_CONSENT_WORDING,
        "case_id": case.id,
        "phone": report.reporter_phone,
    }
    if report.reporter_phone or report.reporter_contact_ok is not None:
        given = ConsentDecision.GIVEN if report.reporter_phone else ConsentDecision.REFUSED
        record_consent(session, scope=ConsentScope.CONTACT, decision=given, **reporter)
    if report.reporter_phone and report.complete:
        feedback = decision(report.reporter_wants_feedback)
        record_consent(session, scope=ConsentScope.REPORTER_FEEDBACK, decision=feedback, **reporter)
