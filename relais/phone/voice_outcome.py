"""The end of a call: its outcome on the call and in the timeline of its cases; placing
check-in calls."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Case, EventKind
from relais.cases.service import add_event
from relais.config import Settings
from relais.conversation.models import Conversation
from relais.conversation.service import find_conversation
from relais.db import utcnow
from relais.phone import routes
from relais.phone.signature import public_url
from relais.phone.voice_models import CallDirection, CallOutcome, VoiceCall
from relais.phone.voice_state import find_call
from relais.telephony.port import Telephony

log = logging.getLogger(__name__)

FINAL_STATUSES = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})


def _outcome(call: VoiceCall, status: str, answered_by: str | None) -> CallOutcome | None:
    if (answered_by or "").startswith("machine"):
        return CallOutcome.ANSWERING_MACHINE
    if status in ("busy", "no-answer", "failed", "canceled"):
        return CallOutcome(status)
    if status == "completed" and call.outcome is None:
        return CallOutcome.COMPLETED
    return call.outcome


def call_status(
    session: Session,
    *,
    call_sid: str,
    status: str,
    duration_seconds: int | None,
    answered_by: str | None = None,
    conversation_id: str | None = None,
) -> VoiceCall | None:
    """Twilio's status callback: the outcome on the call and in the timeline of its cases.

    An outbound call nobody answered never reached the voice webhook: its row is created here
    from the conversation given in the status callback URL."""
    call = find_call(session, call_sid)
    if call is None:
        conversation = find_conversation(session, conversation_id)
        if conversation is None:
            log.warning("voice status for an unknown call")
            return None
        call = VoiceCall(
            call_sid=call_sid,
            conversation_id=conversation.id,
            direction=CallDirection.OUTBOUND,
            prompt={},
        )
        session.add(call)
    if call.ended_at is not None and call.status == status:
        return call  # a retried callback
    call.status = status
    call.duration_seconds = duration_seconds
    call.outcome = _outcome(call, status, answered_by)
    call.updated_at = utcnow()
    if status in FINAL_STATUSES:
        call.ended_at = utcnow()
        _to_timeline(session, call)
    session.commit()
    return call


def _to_timeline(session: Session, call: VoiceCall) -> None:
    cases = session.scalars(select(Case).where(Case.conversation_id == call.conversation_id))
    detail = {
        "direction": call.direction.value,
        "status": call.status,
        "outcome": call.outcome.value if call.outcome else None,
        "duration_seconds": call.duration_seconds,
    }
    for case in cases:
        add_event(session, case, EventKind.CALL_ENDED, detail=detail)


def place_checkin_call(
    session: Session,
    telephony: Telephony,
    settings: Settings,
    conversation: Conversation,
    attempt_id: int | None = None,
) -> VoiceCall:
    """Calls the person of a check-in conversation; the voice webhook then says the check-in
    question (stored by start_checkin, or asked when the person picks up a planned call:
    `attempt_id`). Raises TelephonyError."""
    if not conversation.address:
        raise ValueError("a check-in call needs the person's number")
    params: dict[str, str | int] = {"conversation": conversation.id}
    if attempt_id is not None:
        params["attempt"] = attempt_id
    query = urlencode(params)
    placed = telephony.place_call(
        conversation.address,
        url=public_url(settings, routes.VOICE, query),
        status_callback=public_url(settings, routes.VOICE_STATUS, query),
        detect_machine=True,
    )
    call = VoiceCall(
        call_sid=placed.sid,
        conversation_id=conversation.id,
        direction=CallDirection.OUTBOUND,
        status="queued",
        prompt={},
    )
    session.add(call)
    session.commit()
    log.info("check-in call %s placed (conversation %s)", call.id, conversation.id)
    return call
