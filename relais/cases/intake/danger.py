"""Urgent cases: a danger the safety net caught, a reporter saying "danger now", an emergency
only the NLU saw. One conversation is one situation: a repeat adds to the open case."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from relais.cases.intake.common import open_urgent_case
from relais.cases.models import (
    ActorKind,
    Case,
    CaseDanger,
    CaseStatus,
    Channel,
    EventKind,
    IntakeKind,
    IsolationLevel,
    Orientation,
    Origin,
)
from relais.cases.service import add_event, due_date
from relais.db import utcnow
from relais.territory.models import Territory
from relais.territory.service import ensure_commune


def open_danger_case(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    danger: CaseDanger,
    observation: str,
) -> Case:
    """An urgent case for a danger; a repeat within the hour in the same conversation is added
    to the open case instead of opening another one."""
    now = utcnow()
    existing = open_urgent_case(session, conversation_id)
    if existing is not None:
        add_event(session, existing, EventKind.DANGER_REPEATED, detail={"danger": danger.value})
        return existing
    case = Case(
        territory_id=territory.id,
        channel=channel,
        origin=Origin.SELF if danger is CaseDanger.SUICIDAL else Origin.THIRD_PARTY,
        status=CaseStatus.NEW,
        conversation_id=conversation_id,
        observation=observation,
        danger_now=True,
        collected={"kind": IntakeKind.DANGER.value, "danger": danger.value},
        isolation_level=IsolationLevel.URGENT,
        proposed_orientation=Orientation.EMERGENCY_SERVICES,
        created_at=now,
        due_at=due_date(territory, IsolationLevel.URGENT, now),
    )
    session.add(case)
    add_event(
        session,
        case,
        EventKind.CREATED,
        actor_kind=ActorKind.SYSTEM,
        detail={"channel": channel.value, "danger": danger.value, "by": "safety_net"},
    )
    return case


def add_to_danger_case(
    session: Session,
    conversation_id: str,
    gathered: dict[str, Any] | None,
    commune_insee: str | None = None,
) -> Case | None:
    """What a form had gathered when a danger interrupted it (a report's or a self-referral's
    record), added to the urgent case (the commune matters most to the team on its way).
    None when there is no urgent case to add to."""
    case = open_urgent_case(session, conversation_id)
    if case is None or not gathered:
        return case
    if commune_insee is not None and case.commune_insee is None:
        ensure_commune(session, commune_insee)
        case.commune_insee = commune_insee
    case.collected = (case.collected or {}) | {"in_progress": gathered}
    add_event(session, case, EventKind.DETAILS_ADDED, actor_kind=ActorKind.ASSISTANT)
    return case
