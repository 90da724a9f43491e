"""The SMS channel around the assistant: what a webhook answers, what is sent later.

- In time (within `sms_answer_budget_seconds`): the replies go in the webhook's TwiML.
- Late, or processed by the inbox retry once the assistant is back: by the REST API.
- The assistant down: the safety net's replies still go out, with one holding reply per
  outage per number; the message stays queued and is answered when the assistant is back.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.config import Settings
from relais.conversation.models import Conversation, InboxMessage, InboxStatus, OutboundMessage
from relais.conversation.service import Processed
from relais.phone import numbers, outbound, sms
from relais.telephony.port import Telephony


class BadWebhook(ValueError):
    """A webhook without the fields Twilio always sends; the text is French."""


def inbound(form: Mapping[str, str]) -> sms.Inbound:
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    if not sid or len(sid) > 64:
        raise BadWebhook("Champ MessageSid absent ou invalide.")
    return sms.Inbound(sid, numbers.normalise(form.get("From", "")), form.get("Body", ""))


def _said(session: Session, ids: tuple[int, ...]) -> list[OutboundMessage]:
    if not ids:
        return []
    return list(session.scalars(select(OutboundMessage).where(OutboundMessage.id.in_(ids))))


def _oldest_queued(session: Session, conversation_id: str) -> int | None:
    return session.scalar(
        select(InboxMessage.id)
        .where(InboxMessage.conversation_id == conversation_id)
        .where(InboxMessage.status == InboxStatus.QUEUED)
        .order_by(InboxMessage.id)
        .limit(1)
    )


def _with_holding(
    session: Session, processed: Processed, message_id: int | None, sender: str | None
) -> list[OutboundMessage]:
    replies = list(processed.replies)
    if processed.unavailable and message_id is not None:
        holding = sms.holding_reply(session, message_id, sender)
        if holding is not None:
            replies.append(holding)
    elif processed.replies:
        sms.assistant_answered(session, sender)
    return replies


def webhook_answer(
    session: Session, settings: Settings, received: sms.Received, processed: Processed | None
) -> list[tuple[str, str]]:
    """The SMS to put in the webhook's TwiML (body, status callback URL), recorded."""
    if received.duplicate:
        return outbound.for_twiml_again(session, settings, received.message_id)
    replies = _said(session, received.said)
    if processed is not None:
        replies += _with_holding(session, processed, received.message_id, received.sender)
    return outbound.for_twiml(
        session, settings, received.conversation_id, replies, phone=received.sender
    )


def _sms_conversation(session: Session, conversation_id: str) -> Conversation | None:
    conversation = session.get(Conversation, conversation_id)
    return conversation if conversation and conversation.channel is Channel.SMS else None


def finish_late(
    session: Session,
    telephony: Telephony,
    settings: Settings,
    conversation_id: str,
    processed: Processed,
) -> None:
    """Processing ended after the webhook answered: its replies (or the holding reply) by REST."""
    conversation = _sms_conversation(session, conversation_id)
    if conversation is None:
        return
    waiting = _oldest_queued(session, conversation_id)
    replies = _with_holding(session, processed, waiting, conversation.address)
    session.commit()
    outbound.send_by_rest(session, telephony, settings, conversation_id, replies)


def deliver_later(
    session: Session,
    telephony: Telephony,
    settings: Settings,
    conversation_id: str,
    replies: list[OutboundMessage],
) -> None:
    """Replies of the inbox retry (the assistant is back): sent by REST, in order."""
    conversation = _sms_conversation(session, conversation_id)
    if conversation is None:
        return
    if _oldest_queued(session, conversation_id) is None:
        sms.assistant_answered(session, conversation.address)
        session.commit()
    outbound.send_by_rest(session, telephony, settings, conversation_id, replies)
