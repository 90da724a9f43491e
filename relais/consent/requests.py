"""What a person asks of Relais about themself, from any channel and any flow: no more calls
or messages (opt-out), or their data erased. The one place both are recorded."""

from __future__ import annotations

from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.consent.service import record_opt_out
from relais.followups.enrolment import stop_for_phone
from relais.followups.models import StopReason
from relais.tasks.models import StaffTask, TaskKind
from relais.tasks.service import open_task
from relais.territory.models import Territory


def withdraw_consent(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    phone: str | None,
    person_id: int | None = None,
    during: str | None = None,
) -> StaffTask:
    """An opt-out (STOP by SMS, "ne m'appelez plus" in a conversation or a check-in): consent
    to calls and SMS withdrawn for the number (when the channel gives one), its follow-up
    stopped at once, and a task for staff (campaigns, other numbers of the person)."""
    if phone:
        record_opt_out(session, phone=phone, channel=channel, person_id=person_id)
    stop_for_phone(session, territory.id, phone, StopReason.OPT_OUT)
    return open_task(
        session,
        territory_id=territory.id,
        kind=TaskKind.OPT_OUT,
        channel=channel,
        phone=phone,
        person_id=person_id,
        conversation_id=conversation_id,
        detail={"during": during} if during else {},
    )


def request_erasure(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    phone: str | None,
    during: str | None = None,
) -> StaffTask:
    """An erasure request: staff check who is asking and anonymise (within a month); the
    number's follow-up stops at once."""
    stop_for_phone(session, territory.id, phone, StopReason.ERASURE)
    return open_task(
        session,
        territory_id=territory.id,
        kind=TaskKind.ERASURE_REQUEST,
        channel=channel,
        phone=phone,
        conversation_id=conversation_id,
        detail={"during": during} if during else {},
    )
