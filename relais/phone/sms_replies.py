"""The SMS channel's replies: in the webhook's TwiML, or later by the REST API.

- In time (the answer READY within `sms_answer_budget_seconds`): the replies go in the
  webhook's TwiML.
- Late (PENDING, then done), or processed by the inbox retry once the assistant is back: by
  the REST API (`deliver_late`, the SMS channel's late delivery for
  relais.conversation.answering).
- The assistant down: the safety net's replies still go out, with one holding reply per
  outage per number; the message stays queued and is answered when the assistant is back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.config import Settings
from relais.conversation.answering import Answer, AnswerState
from relais.conversation.models import Conversation, InboxMessage, InboxStatus, OutboundMessage
from relais.conversation.service import Processed
from relais.phone import outbound, sms
from relais.telephony.port import Telephony


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
    session: Session,
    replies: list[OutboundMessage],
    unavailable: bool,
    message_id: int | None,
    sender: str | None,
) -> list[OutboundMessage]:
    replies = list(replies)
    if unavailable and message_id is not None:
        holding = sms.holding_reply(session, message_id, sender)
        if holding is not None:
            replies.append(holding)
    elif replies:
        sms.assistant_answered(session, sender)  # the outage, if any, is over
    return replies


def webhook_answer(
    session: Session, settings: Settings, received: sms.Received, answer: Answer | None
) -> list[tuple[str, str]]:
    """The SMS to put in the webhook's TwiML (body, status callback URL), recorded. A PENDING
    answer puts nothing: its replies are delivered late."""
    if received.duplicate:
        return outbound.for_twiml_again(session, settings, received.message_id)
    replies = _said(session, received.said)
    if answer is not None and answer.state is not AnswerState.PENDING:
        unavailable = answer.state is AnswerState.UNAVAILABLE
        replies += _with_holding(
            session, answer.replies, unavailable, received.message_id, received.sender
        )
    return outbound.for_twiml(
        session, settings, received.conversation_id, replies, phone=received.sender
    )


def _sms_conversation(session: Session, conversation_id: str) -> Conversation | None:
    conversation = session.get(Conversation, conversation_id)
    return conversation if conversation and conversation.channel is Channel.SMS else None


def deliver_late(
    session: Session,
    conversation_id: str,
    processed: Processed,
    *,
    telephony: Telephony,
    settings: Settings,
) -> None:
    """Replies no webhook waits for (an answer past the budget, or the inbox retry once the
    assistant is back): sent by REST, in order; the holding reply if the assistant went down."""
    conversation = _sms_conversation(session, conversation_id)
    if conversation is None:
        return
    waiting = _oldest_queued(session, conversation_id)
    replies = _with_holding(
        session, processed.replies, processed.unavailable, waiting, conversation.address
    )
    session.commit()
    outbound.send_by_rest(session, telephony, settings, conversation_id, replies)
