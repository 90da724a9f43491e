"""What the kinds of intake share: one conversation is one situation, the commune a record
names, the consent decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import ActorKind, Case, CaseStatus, EventKind, IsolationLevel
from relais.cases.service import add_event
from relais.consent.models import ConsentDecision
from relais.db import utcnow
from relais.territory.service import ensure_commune

# Within the hour, a report or a self-referral that follows a danger caught in the same
# conversation completes the urgent case instead of opening another.
SAME_SITUATION_WINDOW = timedelta(hours=1)


def open_urgent_case(session: Session, conversation_id: str | None) -> Case | None:
    """The urgent case opened in this conversation within the hour, if any."""
    if conversation_id is None:
        return None
    return session.scalar(
        select(Case)
        .where(Case.conversation_id == conversation_id)
        .where(Case.isolation_level == IsolationLevel.URGENT)
        .where(Case.status != CaseStatus.CLOSED)
        .where(Case.created_at > utcnow() - SAME_SITUATION_WINDOW)
        .order_by(Case.id.desc())
        .limit(1)
    )


def opened(
    session: Session,
    case: Case,
    detail: dict[str, Any],
    *,
    event: EventKind = EventKind.CREATED,
    actor_kind: ActorKind = ActorKind.ASSISTANT,
) -> Case:
    """A new case stored, with the first line of its timeline."""
    session.add(case)
    session.flush()
    add_event(session, case, event, actor_kind=actor_kind, detail=detail)
    return case


def commune_record(session: Session, insee: str | None, said: str | None) -> dict[str, Any]:
    """The commune as a record keeps it: the official one (its name and first postcode), or
    the words said when none was recognised."""
    if insee is None:
        return {"commune_said": said} if said else {}
    record = ensure_commune(session, insee)
    postcode = record.postcodes.split()[0] if record.postcodes else ""
    return {"commune": {"insee": insee, "name": record.name, "postcode": postcode}}


def decision(value: bool | None) -> ConsentDecision:
    if value is None:
        return ConsentDecision.UNKNOWN
    return ConsentDecision.GIVEN if value else ConsentDecision.REFUSED
