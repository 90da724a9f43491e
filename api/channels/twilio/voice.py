"""Twilio voice webhooks: read the signed form, call relais.phone.voice, answer TwiML.

The contract (fields, query parameters, TwiML) is in docs/phone.md, section "Voice".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import Response
from twilio.twiml.voice_response import Gather, VoiceResponse

from api.channels.twilio.security import SignedForm
from api.deps import AssistantDep, NowDep, SessionDep, SettingsDep
from relais.config import Settings
from relais.conversation.answering import Answerer
from relais.followups import calls
from relais.followups.ladder import Ladder
from relais.phone import routes, voice
from relais.phone.signature import public_url
from relais.phone.voice_answer import Next, VoiceAnswer
from relais.territory.service import get_territory

router = APIRouter(prefix=routes.VOICE, tags=["twilio voice"])

PAUSE_SECONDS = 1
MAX_RECORDING_SECONDS = 120
MAX_SID_LENGTH = 64
MAX_ID = 2**31 - 1
MISSING_SID = "Identifiant d'appel (CallSid) absent ou invalide."


def get_answerer(request: Request) -> Answerer:
    answerer: Answerer = request.app.state.runtime.answerer
    return answerer


AnswererDep = Annotated[Answerer, Depends(get_answerer)]


def _url(settings: Settings, path: str, **query: int) -> str:
    return public_url(settings, path, urlencode(query))


def _say(response: VoiceResponse | Gather, settings: Settings, lines: tuple[str, ...]) -> None:
    for line in lines:
        response.say(line, voice=settings.voice_name, language=settings.voice_language)


def _gather(response: VoiceResponse, settings: Settings, answer: VoiceAnswer) -> None:
    action = _url(settings, routes.VOICE_TURN, turn=answer.turn)
    gather = Gather(
        input="dtmf speech",
        action=action,
        method="POST",
        language=settings.voice_language,
        speech_timeout="auto",
        action_on_empty_result=True,
        hints=", ".join(answer.hints) or None,
        num_digits=1 if answer.choices else None,
    )
    _say(gather, settings, answer.say)
    response.append(gather)
    response.redirect(action, method="POST")


def twiml(answer: VoiceAnswer, settings: Settings) -> str:
    response = VoiceResponse()
    if answer.next is Next.GATHER:
        _gather(response, settings, answer)
        return str(response)
    _say(response, settings, answer.say)
    if answer.next is Next.HOLD:
        response.pause(length=PAUSE_SECONDS)
        response.redirect(
            _url(settings, routes.VOICE_TURN, turn=answer.turn, wait=answer.wait), "POST"
        )
    elif answer.next is Next.DIAL:
        dial = response.dial(
            action=_url(settings, routes.VOICE_DIAL, turn=answer.turn),
            method="POST",
            timeout=settings.voice_dial_timeout_seconds,
        )
        dial.number(answer.number)
    elif answer.next is Next.RECORD:
        response.record(
            action=_url(settings, routes.VOICE_RECORDING, turn=answer.turn),
            method="POST",
            max_length=MAX_RECORDING_SECONDS,
            play_beep=True,
            finish_on_key="#",
        )
    else:
        response.hangup()
    return str(response)


def _xml(body: str) -> Response:
    return Response(content=body, media_type="application/xml")


def _speak(answer: VoiceAnswer, settings: Settings) -> Response:
    return _xml(twiml(answer, settings))


def _answer(settings: Settings, webhook: Callable[[], VoiceAnswer]) -> Response:
    """What relais.phone.voice answers, as TwiML; a call Relais does not know is hung up."""
    try:
        answer = webhook()
    except voice.UnknownCall:
        answer = VoiceAnswer((voice.UNKNOWN_CALL,), Next.HANGUP)
    return _speak(answer, settings)


def _call_sid(form: dict[str, str]) -> str:
    call_sid = form.get("CallSid", "").strip()
    if not call_sid or len(call_sid) > MAX_SID_LENGTH:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, MISSING_SID)
    return call_sid


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@router.post("")
def call_started(
    form: SignedForm,
    session: SessionDep,
    settings: SettingsDep,
    assistant: AssistantDep,
    conversation: Annotated[str | None, Query(max_length=32)] = None,
    attempt: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    territory = get_territory(session, settings.territory_code)
    answer = calls.answer_call(
        session,
        territory,
        assistant,
        call_sid=_call_sid(form),
        caller=form.get("From"),
        callee=form.get("To"),
        direction=form.get("Direction", "inbound"),
        answered_by=form.get("AnsweredBy"),
        conversation_id=conversation,
        attempt_id=attempt,
    )
    return _speak(answer, settings)


@router.post(routes.VOICE_TURN.removeprefix(routes.VOICE))
def caller_turn(
    form: SignedForm,
    session: SessionDep,
    settings: SettingsDep,
    answerer: AnswererDep,
    now: NowDep,
    turn: Annotated[int, Query(ge=1)],
    wait: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    territory = get_territory(session, settings.territory_code)
    call_sid = form.get("CallSid", "")
    budget = settings.voice_answer_budget_seconds
    if wait:
        return _answer(
            settings,
            lambda: voice.waited(
                session,
                territory,
                answerer,
                call_sid=call_sid,
                turn=turn,
                wait=wait,
                now=now,
                budget=budget,
            ),
        )
    return _answer(
        settings,
        lambda: voice.caller_turn(
            session,
            territory,
            answerer,
            call_sid=call_sid,
            turn=turn,
            speech_result=form.get("SpeechResult"),
            digits=form.get("Digits"),
            now=now,
            budget=budget,
        ),
    )


@router.post(routes.VOICE_DIAL.removeprefix(routes.VOICE))
def dial_ended(
    form: SignedForm,
    session: SessionDep,
    settings: SettingsDep,
    turn: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    territory = get_territory(session, settings.territory_code)
    return _answer(
        settings,
        lambda: voice.dial_ended(
            session,
            territory,
            call_sid=_call_sid(form),
            turn=turn,
            dial_status=form.get("DialCallStatus", ""),
        ),
    )


@router.post(routes.VOICE_RECORDING.removeprefix(routes.VOICE))
def message_recorded(
    form: SignedForm,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    turn: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    territory = get_territory(session, settings.territory_code)
    return _answer(
        settings,
        lambda: voice.message_recorded(
            session,
            territory,
            call_sid=_call_sid(form),
            turn=turn,
            recording_url=form.get("RecordingUrl") or None,
            duration_seconds=_int(form.get("RecordingDuration")),
            now=now,
        ),
    )


@router.post(routes.VOICE_STATUS.removeprefix(routes.VOICE))
def call_status(
    form: SignedForm,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    conversation: Annotated[str | None, Query(max_length=32)] = None,
    attempt: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    calls.call_status(
        session,
        get_territory(session, settings.territory_code),
        Ladder.from_settings(settings),
        call_sid=_call_sid(form),
        status=form.get("CallStatus", ""),
        duration_seconds=_int(form.get("CallDuration")) if form.get("CallDuration") else None,
        answered_by=form.get("AnsweredBy"),
        conversation_id=conversation,
        attempt_id=attempt,
        now=now,
    )
    return _xml(str(VoiceResponse()))
