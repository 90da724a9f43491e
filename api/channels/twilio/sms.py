"""Twilio's SMS webhooks: `POST /twilio/sms` (an inbound SMS) and `/twilio/sms/status`.

Thin: the signature check (`SignedForm`), then `relais.phone`. The answer is TwiML: the
replies when the assistant answered within the budget, else an empty `<Response/>` (the
replies then go through the REST API).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from twilio.twiml.messaging_response import MessagingResponse

from api.channels.twilio.security import SignedForm
from api.deps import RuntimeDep, SessionDep
from relais.phone import numbers, outbound, routes, sms, sms_replies

MAX_SID_LENGTH = 64
MISSING_SID = "Champ MessageSid absent ou invalide."

router = APIRouter(prefix=routes.SMS, tags=["twilio"])

TWIML = "application/xml"


def _twiml(messages: list[tuple[str, str]]) -> Response:
    answer = MessagingResponse()
    for body, status_callback in messages:
        answer.message(body, action=status_callback, method="POST")
    return Response(str(answer), media_type=TWIML)


def _inbound(form: dict[str, str]) -> sms.Inbound:
    """Twilio's form as the SMS channel reads it (400 without the message's id)."""
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    if not sid or len(sid) > MAX_SID_LENGTH:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, MISSING_SID)
    return sms.Inbound(sid, numbers.normalise(form.get("From", "")), form.get("Body", ""))


@router.post("")
def inbound_sms(form: SignedForm, runtime: RuntimeDep, session: SessionDep) -> Response:
    received = sms.receive(session, runtime.settings, _inbound(form))
    answer = None
    if received.to_assistant:
        answer = runtime.answerer.answer(
            received.conversation_id,
            received.message_id,
            runtime.settings.sms_answer_budget_seconds,
            claimed=received.claimed,
        )
    return _twiml(sms_replies.webhook_answer(session, runtime.settings, received, answer))


@router.post(routes.SMS_STATUS.removeprefix(routes.SMS))
def sms_status(
    form: SignedForm,
    session: SessionDep,
    delivery: Annotated[int | None, Query()] = None,
) -> Response:
    outbound.update_status(
        session,
        delivery_id=delivery,
        provider_sid=form.get("MessageSid", "") or form.get("SmsSid", ""),
        status=form.get("MessageStatus", "") or form.get("SmsStatus", "") or "unknown",
        error_code=form.get("ErrorCode"),
    )
    session.commit()
    return _twiml([])
