"""An inbound SMS from arrival to answer, and the SMS that carry the replies.

`receive` stores the message in the inbox first (committed, keyed by Twilio's MessageSid so a
retried webhook is stored once), then decides what the channel does before the assistant:
STOP and its French variants (opt-out, one confirmation), the rate limit (one polite answer
per window, then silence), an over-long or empty message (a clear answer). Everything else
goes to the assistant. `plan` turns stored replies into SMS bodies (GSM-7 where possible,
buttons as text choices), `record` keeps what was sent and its cost in segments.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.config import Settings
from relais.consent.service import record_opt_out
from relais.conversation.models import Conversation, InboxMessage, InboxStatus, OutboundMessage
from relais.conversation.service import accept_message, start_conversation
from relais.db import utcnow
from relais.phone import keywords, senders
from relais.territory.service import get_territory

log = logging.getLogger(__name__)

OPT_OUT_CONFIRMATION = (
    "C'est noté : vous ne recevrez plus de SMS ni d'appels de notre part. "
    "Si vous nous écrivez à nouveau, nous vous répondrons."
)
RATE_LIMITED = (
    "Nous avons bien reçu vos messages. Vous en envoyez beaucoup en peu de temps : nous les "
    "gardons tous, mais ne répondrons plus pendant quelques minutes."
)
EMPTY = "Nous ne lisons que le texte des SMS. Écrivez-nous votre message en quelques mots."
HOLDING = "Message bien reçu, nous vous répondons dès que possible."


def too_long(length: int, maximum: int) -> str:
    return (
        f"Votre message est trop long ({length} caractères, {maximum} au maximum). "
        "Merci de l'envoyer en plusieurs messages plus courts."
    )


@dataclass(frozen=True, slots=True)
class Inbound:
    message_sid: str
    sender: str | None  # E.164, None when withheld or invalid
    text: str


@dataclass(frozen=True, slots=True)
class Received:
    message_id: int
    conversation_id: str
    sender: str | None
    duplicate: bool = False  # the webhook was retried: answer as the first time
    to_assistant: bool = False  # the assistant must process it
    said: tuple[int, ...] = ()  # outbound ids the channel said itself (confirmation, notice)


def idempotency_key(message_sid: str) -> str:
    return f"sms:{message_sid}"


def _conversation(session: Session, settings: Settings, sender: str | None) -> Conversation:
    territory = get_territory(session, settings.territory_code)
    if sender is None:  # nobody to answer: a conversation of its own, kept for staff
        return start_conversation(session, territory.id, Channel.SMS, None)
    return senders.current_conversation(session, territory.id, sender)


def _say(session: Session, message: InboxMessage, text: str) -> OutboundMessage:
    said = OutboundMessage(
        conversation_id=message.conversation_id, in_reply_to_id=message.id, text=text
    )
    session.add(said)
    session.flush()
    return said


def _close(message: InboxMessage, status: InboxStatus, reason: str | None = None) -> None:
    message.status = status
    message.processed_at = utcnow()
    message.last_error = reason


def _before_assistant(
    session: Session, settings: Settings, message: InboxMessage, sender: str
) -> OutboundMessage | bool | None:
    """What the channel does itself: a reply (or None for silence), or False for 'nothing,
    pass it to the assistant'."""
    window = timedelta(seconds=settings.sms_rate_limit_window_seconds)
    flooding = (
        senders.messages_in_window(session, sender, window) > settings.sms_rate_limit_messages
    )
    if keywords.is_opt_out(message.text):
        # Always recorded; confirmed unless the number is flooding (then silence, as for
        # any message over the limit).
        record_opt_out(session, phone=sender, channel=Channel.SMS.value)
        senders.record_stop(session, sender, message.id)
        _close(message, InboxStatus.PROCESSED)
        log.info("sms %s: opt-out recorded", message.id)
        return None if flooding else _say(session, message, OPT_OUT_CONFIRMATION)
    if flooding:
        _close(message, InboxStatus.UNANSWERED, "rate limited")
        log.info("sms %s: sender over the rate limit, not answered", message.id)
        if senders.claim_rate_notice(session, sender, window):
            return _say(session, message, RATE_LIMITED)
        return None
    if len(message.text) > settings.sms_max_length:
        _close(message, InboxStatus.UNANSWERED, "too long")
        return _say(session, message, too_long(len(message.text), settings.sms_max_length))
    if not message.text.strip():
        _close(message, InboxStatus.UNANSWERED, "empty")
        return _say(session, message, EMPTY)
    return False


def receive(session: Session, settings: Settings, inbound: Inbound) -> Received:
    """Stores the SMS (committed) and handles what the channel answers itself."""
    key = idempotency_key(inbound.message_sid)
    known = session.scalar(select(InboxMessage).where(InboxMessage.idempotency_key == key))
    if known is not None:
        return Received(known.id, known.conversation_id, inbound.sender, duplicate=True)
    conversation = _conversation(session, settings, inbound.sender)
    accepted = accept_message(session, conversation, inbound.text, key)
    message = accepted.message
    if not accepted.created:
        return Received(message.id, message.conversation_id, inbound.sender, duplicate=True)
    if inbound.sender is None:
        log.warning("sms %s from a withheld or invalid number: kept, never answered", message.id)
        return Received(message.id, message.conversation_id, None, to_assistant=True)
    outcome = _before_assistant(session, settings, message, inbound.sender)
    session.commit()
    if outcome is False:
        return Received(message.id, message.conversation_id, inbound.sender, to_assistant=True)
    said = (outcome.id,) if isinstance(outcome, OutboundMessage) else ()
    return Received(message.id, message.conversation_id, inbound.sender, said=said)


def holding_reply(session: Session, message_id: int, sender: str | None) -> OutboundMessage | None:
    """The assistant is down: one holding reply per outage for this number (committed)."""
    if sender is None or not senders.claim_holding_reply(session, sender):
        return None
    message = session.get_one(InboxMessage, message_id)
    said = _say(session, message, HOLDING)
    session.commit()
    log.info("sms %s: assistant unavailable, holding reply", message_id)
    return said


def assistant_answered(session: Session, sender: str | None) -> None:
    if sender is not None:
        senders.end_outage(session, sender)
        session.commit()
