"""One row per number that texts Relais: its conversation, rate limit, outage and opt-out state.

Several API workers may receive messages from the same number at once: every change is a
compare-and-swap UPDATE, so exactly one of them wins (no lock held across a request).

- Conversation: a number keeps its SMS conversation until it has been silent for
  `CONVERSATION_EXPIRY` (24 h); the next message then starts a new conversation (a new
  assistant session), so a report finished yesterday does not swallow today's message.
- Opt-out: STOP records the inbox id of the STOP message. No reply to a message received
  before it is ever sent (answers still queued, holding replies…); a message written after it
  is answered as usual: the person wrote again. The consent records stay as they are.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ScalarSelect, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.conversation.models import Conversation, InboxMessage
from relais.conversation.service import start_conversation
from relais.db import utcnow
from relais.phone.models import SmsSender
from relais.territory.service import get_territory

CONVERSATION_EXPIRY = timedelta(hours=24)


def get_sender(session: Session, phone: str) -> SmsSender:
    sender = session.scalar(select(SmsSender).where(SmsSender.phone == phone))
    if sender is not None:
        return sender
    session.add(SmsSender(phone=phone))
    try:
        session.commit()
    except IntegrityError:  # the same number's other message created it just now
        session.rollback()
    return session.scalars(select(SmsSender).where(SmsSender.phone == phone)).one()


def find_sender(session: Session, phone: str) -> SmsSender | None:
    return session.scalar(select(SmsSender).where(SmsSender.phone == phone))


def _known(session: Session, phone: str) -> tuple[SmsSender, Conversation | None] | None:
    """The sender and its conversation, in one statement."""
    row = session.execute(
        select(SmsSender, Conversation)
        .outerjoin(Conversation, Conversation.id == SmsSender.conversation_id)
        .where(SmsSender.phone == phone)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def current_conversation(session: Session, territory_code: str, phone: str) -> Conversation:
    """The number's SMS conversation, or a new one after 24 h of silence (committed)."""
    known = _known(session, phone)
    sender, conversation = known if known else (get_sender(session, phone), None)
    if conversation is not None and conversation.last_activity_at > utcnow() - CONVERSATION_EXPIRY:
        return conversation
    seen = sender.conversation_id
    territory = get_territory(session, territory_code)
    fresh = start_conversation(session, territory.id, Channel.SMS, phone)
    swapped = session.execute(
        update(SmsSender)
        .where(SmsSender.id == sender.id)
        .where(
            SmsSender.conversation_id.is_(None)
            if seen is None
            else SmsSender.conversation_id == seen
        )
        .values(conversation_id=fresh.id)
        .execution_options(synchronize_session=False)
    )
    if swapped.rowcount == 1:  # type: ignore[attr-defined]
        session.commit()
        return fresh
    session.rollback()  # another worker started it first: use theirs
    winner = session.scalars(
        select(SmsSender.conversation_id).where(SmsSender.id == sender.id)
    ).one()
    return session.get_one(Conversation, winner)


def in_window(phone: str, window: timedelta) -> ScalarSelect[int]:
    """How many SMS the number sent in the window (every conversation, every outcome)."""
    return (
        select(func.count(InboxMessage.id))
        .join(Conversation, Conversation.id == InboxMessage.conversation_id)
        .where(Conversation.address == phone, Conversation.channel == Channel.SMS)
        .where(InboxMessage.received_at > utcnow() - window)
        .scalar_subquery()
    )


def messages_in_window(session: Session, phone: str, window: timedelta) -> int:
    """How many SMS the number sent in the window (every conversation, every outcome)."""
    return int(session.scalar(select(in_window(phone, window))) or 0)


def claim_rate_notice(session: Session, phone: str, window: timedelta) -> bool:
    """True for exactly one message per window: the one that gets the polite answer."""
    now = utcnow()
    claimed = session.execute(
        update(SmsSender)
        .where(SmsSender.phone == phone)
        .where(or_(SmsSender.rate_notice_at.is_(None), SmsSender.rate_notice_at < now - window))
        .values(rate_notice_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def claim_holding_reply(session: Session, phone: str) -> bool:
    """True once per outage of the assistant: the holding reply is sent then, not again."""
    claimed = session.execute(
        update(SmsSender)
        .where(SmsSender.phone == phone, SmsSender.holding_reply_at.is_(None))
        .values(holding_reply_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def end_outage(session: Session, phone: str) -> None:
    """The assistant answered this number again: a next outage gets its holding reply."""
    session.execute(
        update(SmsSender)
        .where(SmsSender.phone == phone, SmsSender.holding_reply_at.is_not(None))
        .values(holding_reply_at=None)
        .execution_options(synchronize_session=False)
    )


def record_stop(session: Session, phone: str, message_id: int) -> None:
    session.execute(
        update(SmsSender)
        .where(SmsSender.phone == phone)
        .where(
            or_(
                SmsSender.opted_out_message_id.is_(None),
                SmsSender.opted_out_message_id < message_id,
            )
        )
        .values(opted_out_message_id=message_id)
        .execution_options(synchronize_session=False)
    )


def may_answer(session: Session, phone: str, message_id: int) -> bool:
    """Whether a reply to this message may be sent: not if the number said STOP after it."""
    stop = session.scalar(select(SmsSender.opted_out_message_id).where(SmsSender.phone == phone))
    return stop is None or message_id >= stop


def use_conversation(session: Session, phone: str, conversation_id: str) -> None:
    """The number's SMS go to this conversation from now on (an SMS Relais starts itself, such
    as a check-in: the person's answer must reach it). Committed."""
    sender = get_sender(session, phone)
    sender.conversation_id = conversation_id
    session.commit()
