"""Someone to call back: asked for a person when nobody could answer, asked to be called
back, or left a message on the phone. One conversation has one callback case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.intake.common import opened
from relais.cases.models import (
    ActorKind,
    CallbackReason,
    Case,
    CaseStatus,
    Channel,
    EventKind,
    IntakeKind,
    Origin,
)
from relais.cases.service import add_event, due_date
from relais.db import utcnow
from relais.territory.models import Territory


def open_callback_case(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    phone: str | None,
    reason: CallbackReason,
    recording_url: str | None = None,
    said: str | None = None,
    number_said: str | None = None,
    call_back_from: datetime | None = None,
) -> Case:
    """A professional calls back. `said`: the person's words asking; `number_said`: a number
    given that nobody could read (kept for staff). A second request in the same conversation
    adds to the first case."""
    existing = callback_case_of(session, conversation_id)
    if existing is not None:
        if phone and not existing.reporter_phone:
            existing.reporter_phone = phone
            existing.collected = existing.collected | {"phone": phone}
        detail = {"reason": reason.value}
        add_event(session, existing, EventKind.CALLBACK_REQUESTED_AGAIN, detail=detail)
        return existing
    record: dict[str, Any] = {
        "kind": IntakeKind.CALLBACK.value,
        "reason": reason.value,
        "recording_url": recording_url,
        "said": said,
        "number_said": number_said,
        "phone": phone,
        "call_back_from": call_back_from.isoformat() if call_back_from else None,
    }
    now = utcnow()
    case = Case(
        territory_id=territory.id,
        channel=channel,
        origin=Origin.SELF,
        status=CaseStatus.NEW,
        conversation_id=conversation_id,
        reporter_phone=phone,
        collected=record,
        created_at=now,
        due_at=due_date(territory, None, now),
    )
    detail = {"channel": channel.value, "reason": reason.value}
    return opened(
        session, case, detail, event=EventKind.CALLBACK_REQUESTED, actor_kind=ActorKind.SYSTEM
    )


def callback_case_of(session: Session, conversation_id: str | None) -> Case | None:
    """The conversation's callback case still open: one conversation has one."""
    if conversation_id is None:
        return None
    candidates = session.scalars(
        select(Case)
        .where(Case.conversation_id == conversation_id)
        .where(Case.status != CaseStatus.CLOSED)
        .order_by(Case.id.desc())
    )
    return next((c for c in candidates if is_callback(c.collected or {})), None)


def is_callback(collected: dict[str, Any]) -> bool:
    return collected.get("kind") == IntakeKind.CALLBACK.value
