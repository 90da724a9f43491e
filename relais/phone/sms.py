"""An inbound SMS, from its arrival to the assistant.

`receive` stores the message in the inbox first (committed, keyed by Twilio's MessageSid so a
retried webhook is stored once), then decides what the channel does before the assistant:
STOP and its French variants (opt-out, one confirmation), the rate limit (one polite answer
per window, then silence), an over-long or empty message (a clear answer). Everything else
goes to the assistant (relais.conversation.answering). The SMS that carry the replies are
built and recorded by relais.phone.outbound, and sent in the webhook's answer or later by
relais.phone.sms_replies.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import Enum

from sqlalchemy import literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.config import Settings
from relais.consent.requests import withdraw_consent
from relais.conversation.models import Conversation, InboxMessage, InboxStatus, OutboundMessage
from relais.conversation.service import busy, message_key, queue_message, start_conversation
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
    # The message was stored already claimed for processing (nothing else of its
    # conversation was waiting): processing takes the claim over (`claimed_id`).
    claimed: bool = False


def idempotency_key(message_sid: str) -> str:
    return message_key(Channel.SMS, message_sid)


def _conversation(session: Session, settings: Settings, sender: str | None) -> Conversation:
    if sender is None:  # nobody to answer: a conversation of its own, kept for staff
        territory = get_territory(session, settings.territory_code)
        return start_conversation(session, territory.id, Channel.SMS, None)
    return senders.current_conversation(session, settings.territory_code, sender)


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


class Route(Enum):
    """What the channel does with a message before (or instead of) the assistant."""

    ASSISTANT = "assistant"
    OPT_OUT = "opt-out"
    FLOOD = "rate limited"
    TOO_LONG = "too long"
    EMPTY = "empty"


def _route(settings: Settings, text: str, flooding: bool) -> Route:
    if keywords.is_opt_out(text):
        return Route.OPT_OUT
    if flooding:
        return Route.FLOOD
    if len(text) > settings.sms_max_length:
        return Route.TOO_LONG
    if not text.strip():
        return Route.EMPTY
    return Route.ASSISTANT


def _before_assistant(
    session: Session,
    settings: Settings,
    message: InboxMessage,
    sender: str,
    route: Route,
    flooding: bool,
) -> OutboundMessage | None:
    """What the channel does itself: a reply, or None for silence."""
    if route is Route.OPT_OUT:
        # Always recorded; confirmed unless the number is flooding (then silence, as for
        # any message over the limit).
        withdraw_consent(
            session,
            get_territory(session, settings.territory_code),
            channel=Channel.SMS,
            conversation_id=message.conversation_id,
            phone=sender,
            during="sms_stop",
        )
        senders.record_stop(session, sender, message.id)
        _close(message, InboxStatus.PROCESSED)
        log.info("sms %s: opt-out recorded", message.id)
        return None if flooding else _say(session, message, OPT_OUT_CONFIRMATION)
    _close(message, InboxStatus.UNANSWERED, route.value)
    if route is Route.FLOOD:
        log.info("sms %s: sender over the rate limit, not answered", message.id)
        window = timedelta(seconds=settings.sms_rate_limit_window_seconds)
        if senders.claim_rate_notice(session, sender, window):
            return _say(session, message, RATE_LIMITED)
        return None
    if route is Route.TOO_LONG:
        return _say(session, message, too_long(len(message.text), settings.sms_max_length))
    return _say(session, message, EMPTY)


def _known(session: Session, key: str, sender: str | None) -> Received | None:
    known = session.execute(
        select(InboxMessage.id, InboxMessage.conversation_id).where(
            InboxMessage.idempotency_key == key
        )
    ).one_or_none()
    if known is None:
        return None
    return Received(known.id, known.conversation_id, sender, duplicate=True)


def receive(session: Session, settings: Settings, inbound: Inbound) -> Received:
    """Stores the SMS and handles what the channel answers itself, in one durable commit.

    The conversation's row is written first (its last activity), which orders this
    transaction with any other storing or claiming a message of the same conversation; the
    rate-limit count and whether a message of the conversation is still waiting are then
    read in one statement. A message for the assistant with nothing waiting before it is
    stored already claimed (`Received.claimed`), which spares processing a claim.
    """
    key = idempotency_key(inbound.message_sid)
    if (known := _known(session, key, inbound.sender)) is not None:
        return known
    conversation = _conversation(session, settings, inbound.sender)
    conversation.last_activity_at = utcnow()
    session.flush()
    window = timedelta(seconds=settings.sms_rate_limit_window_seconds)
    count = senders.in_window(inbound.sender, window) if inbound.sender else literal(0)
    earlier, waiting = session.execute(select(count, busy(conversation.id))).one()
    flooding = earlier + 1 > settings.sms_rate_limit_messages
    route = _route(settings, inbound.text, flooding) if inbound.sender else Route.ASSISTANT
    claim = route is Route.ASSISTANT and not waiting
    try:
        message = queue_message(session, conversation, inbound.text, key, claimed=claim)
        outcome = None
        if inbound.sender is not None and route is not Route.ASSISTANT:
            outcome = _before_assistant(session, settings, message, inbound.sender, route, flooding)
        session.commit()
    except IntegrityError:  # the same MessageSid arrived twice at once: the other stored it
        session.rollback()
        if (known := _known(session, key, inbound.sender)) is not None:
            return known
        raise
    received = Received(message.id, message.conversation_id, inbound.sender)
    if route is Route.ASSISTANT:
        if inbound.sender is None:
            log.warning(
                "sms %s from a withheld or invalid number: kept, never answered", message.id
            )
        return replace(received, to_assistant=True, claimed=claim)
    return replace(received, said=(outcome.id,) if outcome is not None else ())


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
    """The assistant answered the number again (the caller commits)."""
    if sender is not None:
        senders.end_outage(session, sender)
