"""A voice call's state: one row per CallSid, and the answer given to its last webhook, so
that a retried webhook gets the same answer and nothing happens twice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.db import utcnow
from relais.phone.voice_answer import Next, VoiceAnswer
from relais.phone.voice_models import VoiceCall

UNKNOWN_CALL = "Désolé, cet appel n'est plus en cours. Merci de rappeler. Au revoir."


class UnknownCall(LookupError):
    """A webhook about a call Relais never answered (or whose state was lost)."""


def get_call(session: Session, call_sid: str) -> VoiceCall:
    call = session.scalar(select(VoiceCall).where(VoiceCall.call_sid == call_sid))
    if call is None:
        raise UnknownCall(call_sid)
    return call


def find_call(session: Session, call_sid: str) -> VoiceCall | None:
    return session.scalar(select(VoiceCall).where(VoiceCall.call_sid == call_sid))


def replay(call: VoiceCall, request: str) -> VoiceAnswer | None:
    if call.last_request == request and call.last_answer:
        return VoiceAnswer.from_json(call.last_answer)
    return None


def remember(session: Session, call: VoiceCall, request: str, answer: VoiceAnswer) -> VoiceAnswer:
    call.last_request = request
    call.last_answer = answer.to_json()
    call.updated_at = utcnow()
    session.commit()
    return answer


def last_answer(call: VoiceCall) -> VoiceAnswer:
    if call.last_answer:
        return VoiceAnswer.from_json(call.last_answer)
    return VoiceAnswer((UNKNOWN_CALL,), Next.HANGUP)


def with_turn(answer: VoiceAnswer, call: VoiceCall) -> VoiceAnswer:
    return VoiceAnswer(
        answer.say,
        answer.next,
        turn=call.turn,
        wait=answer.wait,
        choices=answer.choices,
        hints=answer.hints,
        number=answer.number,
    )
