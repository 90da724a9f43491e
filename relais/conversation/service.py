"""Receiving messages without ever losing one, and passing them to the assistant in order.

A message is committed to the inbox before the assistant sees it. Processing claims the
oldest queued message of a conversation, and only when no other message of that conversation
is being processed, so each conversation is answered in order, by one worker at a time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from relais.cases.models import Channel
from relais.conversation.assistant import MESSAGE_KEY, Assistant, AssistantUnavailable, Reply
from relais.conversation.models import (
    Conversation,
    InboxMessage,
    InboxStatus,
    OutboundMessage,
)
from relais.db import commit_lazily, utcnow

log = logging.getLogger(__name__)
DEFAULT_STALE_AFTER = timedelta(minutes=5)


class InvalidMessage(ValueError):
    """A message that cannot be accepted; the text is French and shown to the sender."""


class UnknownConversation(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class Accepted:
    message: InboxMessage
    created: bool  # False when the idempotency key was already known


@dataclass(frozen=True, slots=True)
class Screening:
    """What the local screening (the safety net) decided about one message."""

    replies: list[Reply]  # said at once, whatever the assistant does or whether it is up
    trigger: tuple[str, dict[str, Any]] | None = None  # external intent sent instead of the text
    danger_kind: str | None = None


class Screener(Protocol):
    def screen(self, text: str) -> Screening | None:
        """Pure: the same text always gives the same screening (retries rely on it)."""

    def act(self, session: Session, conversation: Conversation, message: InboxMessage) -> None:
        """Side effects of a hit (an urgent case), in the transaction storing the replies."""


@dataclass
class Processed:
    replies: list[OutboundMessage] = field(default_factory=list)
    unavailable: bool = False  # the assistant is down: the rest of the queue waits


def start_conversation(
    session: Session, territory_id: int, channel: Channel, address: str | None = None
) -> Conversation:
    conversation = Conversation(territory_id=territory_id, channel=channel, address=address)
    session.add(conversation)
    session.flush()
    return conversation


def get_conversation(session: Session, conversation_id: str) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise UnknownConversation(conversation_id)
    return conversation


def find_conversation(session: Session, conversation_id: str | None) -> Conversation | None:
    return session.get(Conversation, conversation_id) if conversation_id else None


def message_key(channel: Channel, *parts: str | int) -> str:
    """The inbox idempotency key of an incoming message: its channel and what identifies it
    there (an SMS's MessageSid, a call and its turn, a chat session and the client's id), so
    that a retried webhook or a resent chat message is stored once."""
    return ":".join([channel.value, *(str(part) for part in parts)])


def clean_text(text: str, max_length: int) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidMessage("Le message est vide.")
    if len(cleaned) > max_length:
        raise InvalidMessage(
            f"Le message est trop long ({len(cleaned)} caractères, {max_length} au maximum)."
        )
    return cleaned


def queue_message(
    session: Session,
    conversation: Conversation,
    text: str,
    idempotency_key: str,
    *,
    claimed: bool = False,
) -> InboxMessage:
    """Adds the message to the inbox (flushed, not committed: the caller commits).

    `claimed`: the message is stored already claimed for processing (attempt 1), which the
    caller may do only when `busy(conversation)` was false after `conversation` was written
    in the same transaction (its row lock then orders this claim with `_claim_next`'s).
    """
    now = utcnow()
    message = InboxMessage(
        conversation_id=conversation.id,
        idempotency_key=idempotency_key,
        text=text,
        status=InboxStatus.PROCESSING if claimed else InboxStatus.QUEUED,
        attempts=1 if claimed else 0,
        claimed_at=now if claimed else None,
    )
    session.add(message)
    session.flush()
    return message


def busy(conversation_id: str) -> ColumnElement[bool]:
    """True while a message of the conversation waits or is being processed."""
    return exists().where(
        InboxMessage.conversation_id == conversation_id,
        InboxMessage.status.in_([InboxStatus.QUEUED, InboxStatus.PROCESSING]),
    )


def find_message(session: Session, idempotency_key: str) -> InboxMessage | None:
    query = select(InboxMessage).where(InboxMessage.idempotency_key == idempotency_key)
    return session.scalar(query)


def accept_message(
    session: Session, conversation: Conversation, text: str, idempotency_key: str
) -> Accepted:
    """Stores the message (committing it) unless its key is already known."""
    existing = find_message(session, idempotency_key)
    if existing is not None:
        return Accepted(existing, created=False)
    try:
        conversation.last_activity_at = utcnow()
        message = queue_message(session, conversation, text, idempotency_key)
        session.commit()
    except IntegrityError:
        # The same key arrived twice at once: the other request stored it.
        session.rollback()
        existing = find_message(session, idempotency_key)
        if existing is None:
            raise
        return Accepted(existing, created=False)
    return Accepted(message, created=True)


def _claim_next(session: Session, conversation_id: str) -> InboxMessage | None:
    """Claims the conversation's oldest queued message, committing with what the session
    already holds (the previous message's answer).

    The commit is durable when it claims (the attempt count must survive a crash: a retry
    reads the assistant's tracker instead of sending the message twice); otherwise it only
    completes the previous message, and may be lost in a crash of PostgreSQL: that message
    is then requeued, and its retry finds the answer in the tracker.
    """
    # Serialise claims per conversation on PostgreSQL (a no-op on SQLite, whose writes are
    # serialised anyway and where the single UPDATE below is atomic).
    session.execute(
        select(Conversation.id).where(Conversation.id == conversation_id).with_for_update()
    )
    other = aliased(InboxMessage)
    oldest_queued = (
        select(func.min(InboxMessage.id))
        .where(InboxMessage.conversation_id == conversation_id)
        .where(InboxMessage.status == InboxStatus.QUEUED)
        .scalar_subquery()
    )
    claimed = session.scalars(
        update(InboxMessage)
        .where(InboxMessage.id == oldest_queued)
        .where(
            ~exists().where(
                and_(
                    other.conversation_id == conversation_id,
                    other.status == InboxStatus.PROCESSING,
                )
            )
        )
        .values(
            status=InboxStatus.PROCESSING,
            attempts=InboxMessage.attempts + 1,
            claimed_at=utcnow(),
        )
        .returning(InboxMessage),
        execution_options={"synchronize_session": False},
    ).one_or_none()
    if claimed is None:
        commit_lazily(session)
        return None
    session.commit()
    return claimed


def _ask(assistant: Assistant, message: InboxMessage, screening: Screening | None) -> list[Reply]:
    if screening is not None and screening.trigger is not None:
        intent, entities = screening.trigger
        return assistant.trigger(message.conversation_id, intent, entities)
    key = str(message.id)
    if message.attempts > 1:
        already = assistant.replies_already_given(message.conversation_id, key)
        if already is not None:
            return already
    return assistant.send(message.conversation_id, message.text, {MESSAGE_KEY: key})


def store_replies(
    session: Session,
    conversation_id: str,
    replies: list[Reply],
    in_reply_to: InboxMessage | None = None,
) -> list[OutboundMessage]:
    """The assistant's replies as outbound messages of the conversation (the caller commits)."""
    outbound = [
        OutboundMessage(
            conversation_id=conversation_id,
            in_reply_to_id=in_reply_to.id if in_reply_to is not None else None,
            text=reply.text,
            buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
            custom=reply.custom,
        )
        for reply in replies
    ]
    session.add_all(outbound)
    return outbound


def _screen(
    session: Session, screener: Screener | None, message: InboxMessage
) -> tuple[Screening | None, list[OutboundMessage]]:
    """Runs the screening; its replies and side effects are committed once per message."""
    screening = screener.screen(message.text) if screener is not None else None
    if screening is None or screener is None or message.screened_at is not None:
        return screening, []
    screener.act(session, get_conversation(session, message.conversation_id), message)
    said = store_replies(session, message.conversation_id, screening.replies, message)
    message.screened_at = utcnow()
    message.danger_kind = screening.danger_kind
    session.commit()
    return screening, said


def _release(session: Session, message: InboxMessage, error: AssistantUnavailable) -> None:
    message.status = InboxStatus.QUEUED
    message.claimed_at = None
    message.last_error = str(error)[:200]
    session.commit()


def _complete(
    session: Session, message: InboxMessage, replies: list[Reply]
) -> list[OutboundMessage]:
    """Stores the answer; the next `_claim_next` commits it (one commit per message)."""
    outbound = store_replies(session, message.conversation_id, replies, message)
    message.status = InboxStatus.PROCESSED
    message.processed_at = utcnow()
    message.last_error = None
    session.flush()
    return outbound


def process_conversation(
    factory: sessionmaker[Session],
    assistant: Assistant,
    conversation_id: str,
    screener: Screener | None = None,
    *,
    claimed_id: int | None = None,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
) -> Processed:
    """Answers every queued message of the conversation, oldest first.

    The screening answers first (a danger is answered even when the assistant is down). If
    the assistant is unavailable, the message it was on and those after it stay queued.
    `claimed_id`: a message of the conversation already claimed when it was stored (see
    `queue_message`); it is answered first, unless it waited so long that the stale-claim
    recovery may take it back (`stale_after`): then processing claims afresh.
    """
    result = Processed()
    with factory() as session:
        message = _take_over(session, claimed_id, stale_after) if claimed_id else None
        message = message or _claim_next(session, conversation_id)
        while message is not None:
            try:
                screening, said = _screen(session, screener, message)
                result.replies.extend(said)
                replies = _ask(assistant, message, screening)
            except AssistantUnavailable as error:
                _release(session, message, error)
                log.warning("assistant unavailable, message %s kept queued", message.id)
                result.unavailable = True
                return result
            except BaseException:
                session.rollback()
                _release(session, message, AssistantUnavailable("unexpected error"))
                raise
            result.replies.extend(_complete(session, message, replies))
            message = _claim_next(session, conversation_id)
    return result


def fresh_claim(claimed_at: datetime | None, stale_after: timedelta) -> bool:
    """Whether a claim is fresh enough to be taken over: not so old (a saturated worker pool)
    that the stale-claim recovery may take it back."""
    return claimed_at is not None and claimed_at > utcnow() - stale_after / 2


def _take_over(session: Session, message_id: int, stale_after: timedelta) -> InboxMessage | None:
    """The message claimed when it was stored, if the claim is still fresh."""
    message = session.get(InboxMessage, message_id)
    if message is None or message.status is not InboxStatus.PROCESSING:
        return None
    return message if fresh_claim(message.claimed_at, stale_after) else None


def requeue_stale(factory: sessionmaker[Session], older_than: timedelta) -> int:
    """Messages left 'processing' by a worker that died go back to the queue."""
    with factory() as session:
        result = session.execute(
            update(InboxMessage)
            .where(InboxMessage.status == InboxStatus.PROCESSING)
            .where(InboxMessage.claimed_at < utcnow() - older_than)
            .values(status=InboxStatus.QUEUED, claimed_at=None)
        )
        session.commit()
        return int(result.rowcount)  # type: ignore[attr-defined]


def conversations_waiting(factory: sessionmaker[Session], older_than: timedelta) -> list[str]:
    """Conversations whose oldest queued message has waited longer than `older_than`."""
    with factory() as session:
        query = (
            select(InboxMessage.conversation_id)
            .where(InboxMessage.status == InboxStatus.QUEUED)
            .group_by(InboxMessage.conversation_id)
            .having(func.min(InboxMessage.received_at) < utcnow() - older_than)
            .order_by(func.min(InboxMessage.id))
        )
        return list(session.scalars(query))


def is_waiting(session: Session, inbox_message_id: int) -> bool:
    """Whether the message still waits for the assistant's answer."""
    status = session.scalar(select(InboxMessage.status).where(InboxMessage.id == inbox_message_id))
    return status in {InboxStatus.QUEUED, InboxStatus.PROCESSING}


def replies_to(session: Session, inbox_message_id: int) -> list[OutboundMessage]:
    query = select(OutboundMessage).where(OutboundMessage.in_reply_to_id == inbox_message_id)
    return list(session.scalars(query.order_by(OutboundMessage.id)))


def transcript(session: Session, conversation_id: str) -> list[dict[str, object]]:
    """Every message of the conversation, both ways, in the order they were written."""
    inbound = session.scalars(
        select(InboxMessage).where(InboxMessage.conversation_id == conversation_id)
    )
    outbound = session.scalars(
        select(OutboundMessage).where(OutboundMessage.conversation_id == conversation_id)
    )
    rows: list[dict[str, object]] = [
        {"direction": "in", "text": m.text, "at": m.received_at, "status": m.status.value}
        for m in inbound
    ]
    rows += [
        {"direction": "out", "text": m.text, "at": m.created_at, "buttons": m.buttons}
        for m in outbound
        if m.text or m.buttons  # instructions for the channel only: nothing was said
    ]
    rows.sort(key=lambda row: row["at"])  # type: ignore[arg-type,return-value]
    return _choices_as_said(rows)


def _choices_as_said(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """A button pressed is stored as its payload ("/deny"): shown as its title ("Non")."""
    titles: dict[str, str] = {}
    for row in rows:
        if row["direction"] == "out":
            buttons = row.get("buttons") or []
            titles = {b["payload"]: b["title"] for b in buttons}  # type: ignore[attr-defined]
        elif row["text"] in titles:
            row["text"] = titles[str(row["text"])]
    return rows
