"""Putting a caller through to a person: the on-call number during opening hours (French
public holidays off), a recorded message otherwise or when nobody answers, which becomes a
callback case holding the recording."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from relais.cases.intake import open_callback_case
from relais.cases.models import CallbackReason, Channel
from relais.conversation.models import Conversation
from relais.flows.anywhere import NOBODY_NOW, PUT_THROUGH, callback_promise, person_available
from relais.phone.voice_answer import Next, VoiceAnswer
from relais.phone.voice_models import CallOutcome
from relais.phone.voice_state import get_call, remember, replay
from relais.territory.hours import next_opening
from relais.territory.models import Territory

log = logging.getLogger(__name__)

NOBODY_ANSWERED = "Personne n'a pu répondre."
LEAVE_MESSAGE = (
    "Après le bip, laissez votre message : votre nom, votre numéro et ce qui se passe. "
    "Appuyez sur dièse quand vous avez fini."
)
RECORDED = "Merci, votre message est bien enregistré."
HANDED_OFF_STATUSES = frozenset({"completed", "answered"})


def human(territory: Territory, now: datetime, said: tuple[str, ...] = ()) -> VoiceAnswer:
    """A person: the on-call number during opening hours (holidays off), else a message."""
    if person_available(territory, now) and territory.on_call_phone:
        say = said if any(PUT_THROUGH in line for line in said) else (*said, PUT_THROUGH)
        return VoiceAnswer(say, Next.DIAL, number=territory.on_call_phone)
    return VoiceAnswer((*said, NOBODY_NOW, LEAVE_MESSAGE), Next.RECORD)


def dial_ended(
    session: Session, territory: Territory, *, call_sid: str, turn: int, dial_status: str
) -> VoiceAnswer:
    """The on-call person answered (the call is over), or nobody did: record a message."""
    call = get_call(session, call_sid)
    request = f"dial:{turn}"
    replayed = replay(call, request)
    if replayed is not None:
        return replayed
    if dial_status in HANDED_OFF_STATUSES:
        call.outcome = CallOutcome.HANDED_OFF
        answer = VoiceAnswer((), Next.HANGUP)
    else:
        answer = VoiceAnswer((NOBODY_ANSWERED, LEAVE_MESSAGE), Next.RECORD, turn=call.turn)
    return remember(session, call, request, answer)


def message_recorded(
    session: Session,
    territory: Territory,
    *,
    call_sid: str,
    turn: int,
    recording_url: str | None,
    duration_seconds: int,
    now: datetime,
) -> VoiceAnswer:
    """A message was left (or the caller said nothing): a callback case, with the recording."""
    call = get_call(session, call_sid)
    request = f"recording:{turn}"
    replayed = replay(call, request)
    if replayed is not None:
        return replayed
    conversation = session.get_one(Conversation, call.conversation_id)
    has_message = bool(recording_url) and duration_seconds > 0
    when = next_opening(territory, now)
    case = open_callback_case(
        session,
        territory,
        channel=Channel.VOICE,
        conversation_id=conversation.id,
        phone=conversation.address,
        reason=CallbackReason.VOICE_MESSAGE if has_message else CallbackReason.VOICE_NO_MESSAGE,
        recording_url=recording_url if has_message else None,
        call_back_from=when,
    )
    call.outcome = CallOutcome.RECORDED
    log.info("voice call %s: message recorded on case %s", call.id, case.id)
    lines = [RECORDED] if has_message else []
    if conversation.address:
        lines.append(callback_promise(territory, when))
    answer = VoiceAnswer((*lines, "Au revoir."), Next.HANGUP)
    return remember(session, call, request, answer)
