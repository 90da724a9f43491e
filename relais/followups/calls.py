"""A planned check-in call as the provider reports it: picked up (the check-in starts then),
ringing, answered, ended. Twilio's status callbacks and `AnsweredBy` move the attempt; its end
moves the ladder (relais.followups.ladder).

The check-in dialogue starts when the person picks up, not when the call is placed: placing a
call needs no assistant, and nothing is said to a phone nobody answers.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.conversation.assistant import Assistant, AssistantUnavailable
from relais.conversation.models import OutboundMessage
from relais.conversation.service import find_conversation
from relais.followups.ladder import CLOSED, Ladder, not_reached
from relais.followups.models import AttemptState, CheckinAttempt, FollowUp
from relais.followups.service import CheckinRefused, start_checkin
from relais.people.models import Person
from relais.phone import voice
from relais.phone.voice_answer import Next, VoiceAnswer
from relais.phone.voice_models import CallOutcome
from relais.territory.models import Territory

log = logging.getLogger(__name__)

# Twilio's CallStatus → the attempt's state while the call goes on, or how it ended.
UNDER_WAY = {
    "queued": AttemptState.RINGING,
    "initiated": AttemptState.RINGING,
    "ringing": AttemptState.RINGING,
    "in-progress": AttemptState.ANSWERED,
    "answered": AttemptState.ANSWERED,
}
ENDED = {
    "busy": AttemptState.BUSY,
    "no-answer": AttemptState.NO_ANSWER,
    "failed": AttemptState.FAILED,
    "canceled": AttemptState.FAILED,
    # Picked up and hung up without answering the check-in (an answer would have ended the
    # attempt already): not reached.
    "completed": AttemptState.ANSWERED,
}
ASSISTANT_DOWN = (
    "Bonjour, ici Relais, le service du département qui prend de vos nouvelles.",
    "Nous ne pouvons pas vous parler pour le moment : nous vous rappellerons. Au revoir.",
)


def is_machine(answered_by: str | None) -> bool:
    return (answered_by or "").startswith("machine") or answered_by == "fax"


def _attempt(session: Session, attempt_id: int | None, call_sid: str) -> CheckinAttempt | None:
    if attempt_id is not None:
        return session.get(CheckinAttempt, attempt_id)
    return session.scalar(select(CheckinAttempt).where(CheckinAttempt.provider_sid == call_sid))


def answer_call(
    session: Session,
    territory: Territory,
    assistant: Assistant,
    *,
    call_sid: str,
    caller: str | None,
    callee: str | None,
    direction: str,
    answered_by: str | None,
    conversation_id: str | None,
    attempt_id: int | None,
) -> VoiceAnswer:
    """Every call's first webhook. A planned check-in call that a person picks up opens its
    check-in first (the greeting by first name, "comment allez-vous ?"); an answering machine
    hears a short message and the call counts as not reached."""
    attempt = _attempt(session, attempt_id, call_sid) if attempt_id is not None else None
    if attempt is not None and not is_machine(answered_by):
        if attempt.state not in CLOSED:
            attempt.state = AttemptState.ANSWERED
            attempt.provider_sid = attempt.provider_sid or call_sid
        unavailable = _open_checkin(session, assistant, attempt)
        session.commit()
        if unavailable is not None:
            return unavailable
    return voice.start_call(
        session,
        territory,
        call_sid=call_sid,
        caller=caller,
        callee=callee,
        direction=direction,
        answered_by=answered_by,
        conversation_id=conversation_id,
    )


def _open_checkin(
    session: Session, assistant: Assistant, attempt: CheckinAttempt
) -> VoiceAnswer | None:
    conversation = find_conversation(session, attempt.conversation_id)
    if conversation is None or _greeted(session, conversation.id):
        return None
    followup = session.get_one(FollowUp, attempt.followup_id)
    first_name = session.scalar(select(Person.first_name).where(Person.id == followup.person_id))
    try:
        start_checkin(session, assistant, conversation, first_name)
    except AssistantUnavailable:
        log.warning("check-in attempt %s: assistant unavailable when answered", attempt.id)
        return VoiceAnswer(ASSISTANT_DOWN, Next.HANGUP)
    except CheckinRefused:
        return VoiceAnswer((voice.GOODBYE,), Next.HANGUP)
    return None


def _greeted(session: Session, conversation_id: str) -> bool:
    said = session.scalar(
        select(OutboundMessage.id).where(OutboundMessage.conversation_id == conversation_id)
    )
    return said is not None


def call_status(
    session: Session,
    territory: Territory,
    ladder: Ladder,
    *,
    call_sid: str,
    status: str,
    duration_seconds: int | None,
    answered_by: str | None,
    conversation_id: str | None,
    attempt_id: int | None,
    now: datetime,
) -> None:
    """Twilio's status callback: the call's outcome (relais.phone.voice), then the attempt."""
    call = voice.call_status(
        session,
        call_sid=call_sid,
        status=status,
        duration_seconds=duration_seconds,
        answered_by=answered_by,
        conversation_id=conversation_id,
    )
    attempt = _attempt(session, attempt_id, call_sid)
    if attempt is None:
        return
    machine = is_machine(answered_by) or (
        call is not None and call.outcome is CallOutcome.ANSWERING_MACHINE
    )
    progress(session, territory, ladder, attempt, call_sid, status, machine, now)
    session.commit()


def progress(
    session: Session,
    territory: Territory,
    ladder: Ladder,
    attempt: CheckinAttempt,
    call_sid: str,
    status: str,
    machine: bool,
    now: datetime,
) -> None:
    """One status of the call applied to its attempt (never backwards, never twice)."""
    if attempt.provider_sid is None:
        attempt.provider_sid = call_sid  # placed by a scheduler that died before noting it
    if attempt.state in CLOSED:
        return
    ended = ENDED.get(status)
    if ended is not None:
        result = AttemptState.MACHINE if machine else ended
        not_reached(session, territory, ladder, attempt, result, now)
        return
    under_way = UNDER_WAY.get(status)
    if under_way is AttemptState.ANSWERED or attempt.state is AttemptState.PLACING:
        attempt.state = under_way or attempt.state
        attempt.updated_at = now
