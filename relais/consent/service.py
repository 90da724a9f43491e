"""Recording consent. Records are appended, never updated: the latest one is what holds."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.consent.models import (
    ConsentDecision,
    ConsentRecord,
    ConsentScope,
    ConsentSource,
    ConsentSubject,
)


def record_consent(
    session: Session,
    *,
    subject: ConsentSubject,
    source: ConsentSource,
    scope: ConsentScope,
    decision: ConsentDecision,
    channel: str,
    wording_version: str,
    person_id: int | None = None,
    case_id: int | None = None,
    phone: str | None = None,
    recorded_by_id: int | None = None,
) -> ConsentRecord:
    if person_id is None and phone is None and case_id is None:
        raise ValueError("a consent record needs a subject: a person, a case or a phone number")
    record = ConsentRecord(
        subject=subject,
        source=source,
        scope=scope,
        decision=decision,
        channel=channel,
        wording_version=wording_version,
        person_id=person_id,
        case_id=case_id,
        phone=phone,
        recorded_by_id=recorded_by_id,
    )
    session.add(record)
    return record


def consent_records_for_case(session: Session, case_id: int) -> list[ConsentRecord]:
    query = select(ConsentRecord).where(ConsentRecord.case_id == case_id)
    return list(session.scalars(query.order_by(ConsentRecord.id)))


OPT_OUT_WORDING = "opt-out-v1"
OPT_OUT_SCOPES = (ConsentScope.CHECKIN_CALLS, ConsentScope.SMS)


def record_opt_out(
    session: Session, *, phone: str, channel: str, person_id: int | None = None
) -> list[ConsentRecord]:
    """The person at `phone` wants no more calls or messages: withdraw both, from any channel."""
    return [
        record_consent(
            session,
            subject=ConsentSubject.PERSON,
            source=ConsentSource.SELF,
            scope=scope,
            decision=ConsentDecision.WITHDRAWN,
            channel=channel,
            wording_version=OPT_OUT_WORDING,
            person_id=person_id,
            phone=phone,
        )
        for scope in OPT_OUT_SCOPES
    ]


def latest_decision(session: Session, *, phone: str, scope: ConsentScope) -> ConsentDecision | None:
    """The decision that holds now for this number and scope (the latest record), if any."""
    query = (
        select(ConsentRecord.decision)
        .where(ConsentRecord.phone == phone, ConsentRecord.scope == scope)
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        .limit(1)
    )
    return session.scalar(query)
