"""The voice dialogue: the greeting, the caller's turns (speech, keys, silences), the
assistant's answers within the budget. The hand-off is in voice_handoff, the end of the call
in voice_outcome, the call's state in voice_state; this module is the entry point for all.

Each function answers one of Twilio's webhooks (see docs/phone.md, "Voice") with a
`VoiceAnswer`; `api/channels/twilio/voice.py` turns it into TwiML. Every answer is stored on
the call with the request it answered, so a retried webhook gets the same answer and nothing
happens twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.conversation.answering import Answerer, AnswerState
from relais.conversation.models import Conversation, InboxMessage, OutboundMessage
from relais.conversation.service import (
    accept_message,
    find_conversation,
    message_key,
    start_conversation,
)
from relais.flows.anywhere import HANDOFF
from relais.phone import voice_speech as speech
from relais.phone.numbers import normalise
from relais.phone.voice_answer import Next, VoiceAnswer
from relais.phone.voice_handoff import dial_ended, human, message_recorded
from relais.phone.voice_models import CallDirection, CallOutcome, VoiceCall
from relais.phone.voice_outcome import call_status, place_checkin_call
from relais.phone.voice_state import (
    UNKNOWN_CALL,
    UnknownCall,
    find_call,
    get_call,
    last_answer,
    remember,
    replay,
    with_turn,
)
from relais.territory.models import CommuneRecord, Territory

__all__ = [
    "UNKNOWN_CALL",
    "UnknownCall",
    "call_status",
    "caller_turn",
    "dial_ended",
    "get_call",
    "human",
    "message_recorded",
    "place_checkin_call",
    "start_call",
    "waited",
]

log = logging.getLogger(__name__)

GREETING = (
    "Bonjour, ici Relais, le service du département pour les personnes âgées isolées.",
    "Dites-moi en quelques mots ce qui vous amène. Pour parler à quelqu'un, tapez 0.",
)
NOT_HEARD = "Je ne vous ai pas entendu."
BAD_KEY = "Je n'ai pas compris cette touche."
HOLDING = "Un instant, je note."
TOO_SLOW = "Désolé, je mets trop de temps à vous répondre."
UNAVAILABLE = "Désolé, je ne peux pas vous répondre pour le moment. Votre message est bien noté."
GOODBYE = "Merci de votre appel. Au revoir."
MACHINE = "Bonjour, ici le service Relais. Nous vous rappellerons. Au revoir."

MAX_WAITS = 3
HUMAN_KEY = "0"
MAX_COMMUNE_HINTS = 400


# --- asking ---------------------------------------------------------------------------------


def _commune_names(session: Session, territory: Territory) -> list[str]:
    query = (
        select(CommuneRecord.name)
        .where(CommuneRecord.territory_id == territory.id)
        .order_by(CommuneRecord.name)
        .limit(MAX_COMMUNE_HINTS)
    )
    return list(session.scalars(query))


def _ask(
    session: Session,
    territory: Territory,
    call: VoiceCall,
    lines: list[str],
    buttons: list[dict[str, Any]],
    *,
    said_first: tuple[str, ...] = (),
    asks: bool | None = None,
) -> VoiceAnswer:
    """Says the lines (the question last) and listens; remembers the question and whether it
    waits for an answer (a silence after a mere statement ends the call)."""
    titles = [str(b["title"]) for b in buttons]
    waits = speech.asks_something(lines, titles) if asks is None else asks
    call.prompt = {"lines": lines, "buttons": buttons, "asks": waits}
    extra = _commune_names(session, territory) if speech.asks_for_commune(lines) else []
    keypad = [speech.keypad_sentence(titles)] if titles else []
    return VoiceAnswer(
        say=(*said_first, *lines, *keypad),
        next=Next.GATHER,
        turn=call.turn + 1,
        choices=tuple(titles),
        hints=tuple(speech.hints(titles, extra)),
    )


# --- the call starts ------------------------------------------------------------------------


def _greeting_of(session: Session, conversation: Conversation) -> tuple[list[str], list[Any]]:
    """What a check-in conversation was opened with (stored by start_checkin)."""
    said = list(
        session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.conversation_id == conversation.id)
            .where(OutboundMessage.in_reply_to_id.is_(None))
            .order_by(OutboundMessage.id)
        )
    )
    buttons = said[-1].buttons if said else []
    return speech.speakable_lines(m.text for m in said), list(buttons)


def start_call(
    session: Session,
    territory: Territory,
    *,
    call_sid: str,
    caller: str | None,
    callee: str | None,
    direction: str,
    answered_by: str | None = None,
    conversation_id: str | None = None,
) -> VoiceAnswer:
    """The call is answered: the greeting (or the check-in question) and the first question."""
    call = find_call(session, call_sid)
    outbound = direction.startswith("outbound")
    if call is None:
        call = _new_call(session, territory, call_sid, caller, callee, outbound, conversation_id)
    if call.last_request is not None:
        return replay(call, "start") or last_answer(call)
    conversation = session.get_one(Conversation, call.conversation_id)
    call.status = "in-progress"
    log.info("voice call %s answered (conversation %s)", call.id, conversation.id)
    if (answered_by or "").startswith("machine") or answered_by == "fax":
        call.outcome = CallOutcome.ANSWERING_MACHINE
        return remember(session, call, "start", VoiceAnswer((MACHINE,), Next.HANGUP))
    lines, buttons = _greeting_of(session, conversation) if outbound else ([], [])
    if not lines:
        lines = list(GREETING)
    answer = _ask(session, territory, call, lines, buttons, asks=True)
    return remember(session, call, "start", answer)


def _new_call(
    session: Session,
    territory: Territory,
    call_sid: str,
    caller: str | None,
    callee: str | None,
    outbound: bool,
    conversation_id: str | None,
) -> VoiceCall:
    conversation = find_conversation(session, conversation_id) if outbound else None
    if conversation is None:
        party = callee if outbound else caller
        number = normalise(party) if party else None
        conversation = start_conversation(session, territory.id, Channel.VOICE, number)
    call = VoiceCall(
        call_sid=call_sid,
        conversation_id=conversation.id,
        direction=CallDirection.OUTBOUND if outbound else CallDirection.INBOUND,
        prompt={},
    )
    session.add(call)
    try:
        session.commit()
    except IntegrityError:
        # The same webhook arrived twice at once: the other request created the call.
        session.rollback()
        return get_call(session, call_sid)
    return call


# --- the caller's turn ----------------------------------------------------------------------


def _caller_text(call: VoiceCall, speech_result: str | None, digits: str | None) -> str | None:
    """What to send to the assistant: the words said, or the chosen button's payload."""
    if digits and digits.strip():
        return speech.payload_for_digits(digits, call.prompt.get("buttons") or [])
    text = (speech_result or "").strip()
    return text or None


def _silence(
    session: Session, territory: Territory, call: VoiceCall, now: datetime, *, bad_key: bool
) -> VoiceAnswer:
    """Repeat once, rephrase once (shorter, keypad reminder), then a person."""
    call.silences += 1
    lines = list(call.prompt.get("lines") or GREETING)
    buttons = list(call.prompt.get("buttons") or [])
    asks = bool(call.prompt.get("asks", True))
    if not bad_key and not asks:
        return VoiceAnswer((GOODBYE,), Next.HANGUP)  # nothing was asked: the call is over
    first = BAD_KEY if bad_key else NOT_HEARD
    if call.silences == 1:
        return _ask(session, territory, call, lines, buttons, said_first=(first,), asks=asks)
    if call.silences == 2:
        again = speech.shorter(lines)
        return _ask(session, territory, call, again, buttons, said_first=(first,), asks=asks)
    return with_turn(human(territory, now, (first,)), call)


def _spoken(replies: list[OutboundMessage]) -> tuple[list[str], list[dict[str, Any]], bool]:
    lines = speech.speakable_lines(r.text for r in replies)
    with_buttons = [r for r in replies if r.buttons]
    buttons = list(with_buttons[-1].buttons) if with_buttons else []
    handoff = any((r.custom or {}) == HANDOFF for r in replies)
    return lines, buttons, handoff


def _say_replies(
    session: Session,
    territory: Territory,
    call: VoiceCall,
    replies: list[OutboundMessage],
    now: datetime,
) -> VoiceAnswer:
    lines, buttons, handoff = _spoken(replies)
    if call.outcome is None:
        call.outcome = CallOutcome.ANSWERED
    if handoff:
        return with_turn(human(territory, now, tuple(lines)), call)
    if speech.is_goodbye(lines):
        return VoiceAnswer(tuple(lines), Next.HANGUP)
    return _ask(session, territory, call, lines or list(call.prompt.get("lines") or []), buttons)


def _collect(
    session: Session,
    territory: Territory,
    answerer: Answerer,
    call: VoiceCall,
    message: InboxMessage,
    *,
    now: datetime,
    budget: float,
    wait: int,
) -> VoiceAnswer:
    answer = answerer.answer(call.conversation_id, message.id, budget)
    if answer.state is AnswerState.READY:
        return _say_replies(session, territory, call, answer.message_replies, now)
    if answer.state is AnswerState.UNAVAILABLE:
        said = tuple(speech.speakable_lines(r.text for r in answer.replies))
        log.warning("voice call %s: assistant unavailable, message %s queued", call.id, message.id)
        return with_turn(human(territory, now, (*said, UNAVAILABLE)), call)
    if wait >= MAX_WAITS:
        log.warning("voice call %s: no answer after %s waits", call.id, wait)
        return with_turn(human(territory, now, (TOO_SLOW,)), call)
    return VoiceAnswer((HOLDING,), Next.HOLD, turn=call.turn, wait=wait + 1)


def caller_turn(
    session: Session,
    territory: Territory,
    answerer: Answerer,
    *,
    call_sid: str,
    turn: int,
    speech_result: str | None = None,
    digits: str | None = None,
    now: datetime,
    budget: float,
) -> VoiceAnswer:
    """The caller answered (or stayed silent) to the question of `turn`."""
    call = get_call(session, call_sid)
    request = f"turn:{turn}"
    replayed = replay(call, request)
    if replayed is not None:
        return replayed
    if turn <= call.turn:
        return _again(session, territory, answerer, call, turn, now=now, budget=budget)
    call.turn = turn
    if digits and digits.strip() == HUMAN_KEY:
        call.silences = 0
        return remember(session, call, request, with_turn(human(territory, now), call))
    text = _caller_text(call, speech_result, digits)
    if text is None:
        bad_key = bool(digits and digits.strip())
        answer = _silence(session, territory, call, now, bad_key=bad_key)
        return remember(session, call, request, answer)
    call.silences = 0
    conversation = session.get_one(Conversation, call.conversation_id)
    key = message_key(Channel.VOICE, call_sid, turn)
    message = accept_message(session, conversation, text, key).message
    answer = _collect(session, territory, answerer, call, message, now=now, budget=budget, wait=0)
    return remember(session, call, request, answer)


def _again(
    session: Session,
    territory: Territory,
    answerer: Answerer,
    call: VoiceCall,
    turn: int,
    *,
    now: datetime,
    budget: float,
) -> VoiceAnswer:
    """A retry of a turn: while the first request still waits for the assistant, the retry
    waits for the same message; once the call has moved on, it gets the current answer."""
    message = _message_of(session, call.call_sid, turn) if turn == call.turn else None
    if message is None:
        return last_answer(call)
    answer = _collect(session, territory, answerer, call, message, now=now, budget=budget, wait=0)
    return remember(session, call, f"turn:{turn}", answer)


def _message_of(session: Session, call_sid: str, turn: int) -> InboxMessage | None:
    key = message_key(Channel.VOICE, call_sid, turn)
    return session.scalar(select(InboxMessage).where(InboxMessage.idempotency_key == key))


def waited(
    session: Session,
    territory: Territory,
    answerer: Answerer,
    *,
    call_sid: str,
    turn: int,
    wait: int,
    now: datetime,
    budget: float,
) -> VoiceAnswer:
    """The caller held on (`wait`-th redirect): the replies if ready, else hold on again."""
    call = get_call(session, call_sid)
    request = f"turn:{turn}:wait:{wait}"
    replayed = replay(call, request)
    if replayed is not None:
        return replayed
    message = _message_of(session, call_sid, turn)
    if message is None or turn != call.turn:
        return last_answer(call)
    answer = _collect(
        session, territory, answerer, call, message, now=now, budget=budget, wait=wait
    )
    return remember(session, call, request, answer)
