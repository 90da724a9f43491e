"""The voice dialogue: a call's state, its turns, silences, the hand-off and its outcome.

Each function answers one of Twilio's webhooks (see docs/phone.md, "Voix") with a
`VoiceAnswer`; `api/channels/twilio/voice.py` turns it into TwiML. Every answer is stored on
the call with the request it answered, so a retried webhook gets the same answer and nothing
happens twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import phonenumbers
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relais.cases.intake import open_callback_case
from relais.cases.models import Case, Channel
from relais.cases.service import add_event
from relais.config import Settings
from relais.conversation.models import Conversation, InboxMessage, OutboundMessage
from relais.conversation.service import accept_message, find_conversation, start_conversation
from relais.db import utcnow
from relais.flows.anywhere import HANDOFF, callback_promise
from relais.phone import voice_speech as speech
from relais.phone.signature import public_url
from relais.phone.voice_answer import Next, VoiceAnswer
from relais.phone.voice_models import CallDirection, CallOutcome, VoiceCall
from relais.phone.voice_worker import AnswerRunner, AnswerState
from relais.telephony.port import Telephony
from relais.territory.hours import is_open, next_opening
from relais.territory.models import CommuneRecord, Territory

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
PUT_THROUGH = "Je vous passe un membre de l'équipe. Restez en ligne, s'il vous plaît."
NOBODY_NOW = "Personne n'est disponible en ce moment."
NOBODY_ANSWERED = "Personne n'a pu répondre."
LEAVE_MESSAGE = (
    "Après le bip, laissez votre message : votre nom, votre numéro et ce qui se passe. "
    "Appuyez sur dièse quand vous avez fini."
)
RECORDED = "Merci, votre message est bien enregistré."
GOODBYE = "Merci de votre appel. Au revoir."
MACHINE = "Bonjour, ici le service Relais. Nous vous rappellerons. Au revoir."
UNKNOWN_CALL = "Désolé, cet appel n'est plus en cours. Merci de rappeler. Au revoir."

MAX_WAITS = 3
SILENCES_BEFORE_HUMAN = 3
HUMAN_KEY = "0"
FINAL_STATUSES = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})
HANDED_OFF_STATUSES = frozenset({"completed", "answered"})
MAX_COMMUNE_HINTS = 400


class UnknownCall(LookupError):
    """A webhook about a call Relais never answered (or whose state was lost)."""


def caller_number(raw: str | None) -> str | None:
    """The caller's number in E.164, or None when withheld or invalid.

    Minimal private helper until the SMS channel's normaliser lands (relais/phone/numbers.py).
    """
    if not raw:
        return None
    try:
        parsed = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# --- the call's state ---------------------------------------------------------------------


def get_call(session: Session, call_sid: str) -> VoiceCall:
    call = session.scalar(select(VoiceCall).where(VoiceCall.call_sid == call_sid))
    if call is None:
        raise UnknownCall(call_sid)
    return call


def _find_call(session: Session, call_sid: str) -> VoiceCall | None:
    return session.scalar(select(VoiceCall).where(VoiceCall.call_sid == call_sid))


def _replay(call: VoiceCall, request: str) -> VoiceAnswer | None:
    if call.last_request == request and call.last_answer:
        return VoiceAnswer.from_json(call.last_answer)
    return None


def _remember(session: Session, call: VoiceCall, request: str, answer: VoiceAnswer) -> VoiceAnswer:
    call.last_request = request
    call.last_answer = answer.to_json()
    call.updated_at = utcnow()
    session.commit()
    return answer


def _last(call: VoiceCall) -> VoiceAnswer:
    if call.last_answer:
        return VoiceAnswer.from_json(call.last_answer)
    return VoiceAnswer((UNKNOWN_CALL,), Next.HANGUP)


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


def human(territory: Territory, now: datetime, said: tuple[str, ...] = ()) -> VoiceAnswer:
    """A person: the on-call number during opening hours (holidays off), else a message."""
    if territory.on_call_phone and is_open(territory, now):
        say = said if any(PUT_THROUGH in line for line in said) else (*said, PUT_THROUGH)
        return VoiceAnswer(say, Next.DIAL, number=territory.on_call_phone)
    return VoiceAnswer((*said, NOBODY_NOW, LEAVE_MESSAGE), Next.RECORD)


def _with_turn(answer: VoiceAnswer, call: VoiceCall) -> VoiceAnswer:
    return VoiceAnswer(
        answer.say,
        answer.next,
        turn=call.turn,
        wait=answer.wait,
        choices=answer.choices,
        hints=answer.hints,
        number=answer.number,
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
    call = _find_call(session, call_sid)
    outbound = direction.startswith("outbound")
    if call is None:
        call = _new_call(session, territory, call_sid, caller, callee, outbound, conversation_id)
    if call.last_request is not None:
        return _replay(call, "start") or _last(call)
    conversation = session.get_one(Conversation, call.conversation_id)
    call.status = "in-progress"
    log.info("voice call %s answered (conversation %s)", call.id, conversation.id)
    if (answered_by or "").startswith("machine") or answered_by == "fax":
        call.outcome = CallOutcome.ANSWERING_MACHINE
        return _remember(session, call, "start", VoiceAnswer((MACHINE,), Next.HANGUP))
    lines, buttons = _greeting_of(session, conversation) if outbound else ([], [])
    if not lines:
        lines = list(GREETING)
    answer = _ask(session, territory, call, lines, buttons, asks=True)
    return _remember(session, call, "start", answer)


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
        number = caller_number(callee if outbound else caller)
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
    return _with_turn(human(territory, now, (first,)), call)


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
        return _with_turn(human(territory, now, tuple(lines)), call)
    if speech.is_goodbye(lines):
        return VoiceAnswer(tuple(lines), Next.HANGUP)
    return _ask(session, territory, call, lines or list(call.prompt.get("lines") or []), buttons)


def _collect(
    session: Session,
    territory: Territory,
    runner: AnswerRunner,
    call: VoiceCall,
    message: InboxMessage,
    *,
    now: datetime,
    budget: float,
    wait: int,
) -> VoiceAnswer:
    answer = runner.wait(message.id, call.conversation_id, budget)
    if answer.state is AnswerState.READY:
        return _say_replies(session, territory, call, answer.replies, now)
    if answer.state is AnswerState.UNAVAILABLE:
        said = tuple(speech.speakable_lines(r.text for r in answer.replies))
        log.warning("voice call %s: assistant unavailable, message %s queued", call.id, message.id)
        return _with_turn(human(territory, now, (*said, UNAVAILABLE)), call)
    if wait >= MAX_WAITS:
        log.warning("voice call %s: no answer after %s waits", call.id, wait)
        return _with_turn(human(territory, now, (TOO_SLOW,)), call)
    return VoiceAnswer((HOLDING,), Next.HOLD, turn=call.turn, wait=wait + 1)


def caller_turn(
    session: Session,
    territory: Territory,
    runner: AnswerRunner,
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
    replayed = _replay(call, request)
    if replayed is not None:
        return replayed
    if turn <= call.turn:
        return _again(session, territory, runner, call, turn, now=now, budget=budget)
    call.turn = turn
    if digits and digits.strip() == HUMAN_KEY:
        call.silences = 0
        return _remember(session, call, request, _with_turn(human(territory, now), call))
    text = _caller_text(call, speech_result, digits)
    if text is None:
        bad_key = bool(digits and digits.strip())
        answer = _silence(session, territory, call, now, bad_key=bad_key)
        return _remember(session, call, request, answer)
    call.silences = 0
    conversation = session.get_one(Conversation, call.conversation_id)
    message = accept_message(session, conversation, text, f"voice:{call_sid}:{turn}").message
    answer = _collect(session, territory, runner, call, message, now=now, budget=budget, wait=0)
    return _remember(session, call, request, answer)


def _again(
    session: Session,
    territory: Territory,
    runner: AnswerRunner,
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
        return _last(call)
    answer = _collect(session, territory, runner, call, message, now=now, budget=budget, wait=0)
    return _remember(session, call, f"turn:{turn}", answer)


def _message_of(session: Session, call_sid: str, turn: int) -> InboxMessage | None:
    key = f"voice:{call_sid}:{turn}"
    return session.scalar(select(InboxMessage).where(InboxMessage.idempotency_key == key))


def waited(
    session: Session,
    territory: Territory,
    runner: AnswerRunner,
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
    replayed = _replay(call, request)
    if replayed is not None:
        return replayed
    message = _message_of(session, call_sid, turn)
    if message is None or turn != call.turn:
        return _last(call)
    answer = _collect(session, territory, runner, call, message, now=now, budget=budget, wait=wait)
    return _remember(session, call, request, answer)


# --- the hand-off ---------------------------------------------------------------------------


def dial_ended(
    session: Session, territory: Territory, *, call_sid: str, turn: int, dial_status: str
) -> VoiceAnswer:
    """The on-call person answered (the call is over), or nobody did: record a message."""
    call = get_call(session, call_sid)
    request = f"dial:{turn}"
    replayed = _replay(call, request)
    if replayed is not None:
        return replayed
    if dial_status in HANDED_OFF_STATUSES:
        call.outcome = CallOutcome.HANDED_OFF
        answer = VoiceAnswer((), Next.HANGUP)
    else:
        answer = VoiceAnswer((NOBODY_ANSWERED, LEAVE_MESSAGE), Next.RECORD, turn=call.turn)
    return _remember(session, call, request, answer)


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
    replayed = _replay(call, request)
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
        reason="voice_message" if has_message else "voice_no_message",
        recording_url=recording_url if has_message else None,
        call_back_from=when,
    )
    call.outcome = CallOutcome.RECORDED
    log.info("voice call %s: message recorded on case %s", call.id, case.id)
    lines = [RECORDED] if has_message else []
    if conversation.address:
        lines.append(callback_promise(territory, when))
    answer = VoiceAnswer((*lines, "Au revoir."), Next.HANGUP)
    return _remember(session, call, request, answer)


# --- the end of the call --------------------------------------------------------------------


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
    call = _find_call(session, call_sid)
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
        add_event(session, case, "call_ended", detail=detail)


def place_checkin_call(
    session: Session, telephony: Telephony, settings: Settings, conversation: Conversation
) -> VoiceCall:
    """Calls the person of a check-in conversation (opened with start_checkin); the voice
    webhook then says the stored check-in question. Raises TelephonyError."""
    if not conversation.address:
        raise ValueError("a check-in call needs the person's number")
    query = urlencode({"conversation": conversation.id})
    placed = telephony.place_call(
        conversation.address,
        url=public_url(settings, "/twilio/voice", query),
        status_callback=public_url(settings, "/twilio/voice/status", query),
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
