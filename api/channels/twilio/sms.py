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
from relais.phone import channel, outbound, sms

router = APIRouter(prefix="/twilio/sms", tags=["twilio"])

TWIML = "application/xml"


def _twiml(messages: list[tuple[str, str]]) -> Response:
    answer = MessagingResponse()
    for body, status_callback in messages:
        answer.message(body, action=status_callback, method="POST")
    return Response(str(answer), media_type=TWIML)


@router.post("")
def inbound_sms(form: SignedForm, runtime: RuntimeDep, session: SessionDep) -> Response:
    try:
        message = channel.inbound(form)
    except channel.BadWebhook as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from error
    received = sms.receive(session, runtime.settings, message)
    processed = None
    if received.to_assistant:
        budget = runtime.settings.sms_answer_budget_seconds
        processed = runtime.process_within(received.conversation_id, budget, received.claimed)
    return _twiml(channel.webhook_answer(session, runtime.settings, received, processed))


@router.post("/status")
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
