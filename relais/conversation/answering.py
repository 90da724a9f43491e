"""Answering a message within a time budget: the one path every channel takes to the assistant.

A channel stores the message in the inbox first (relais.conversation.service), then asks
`Answerer.answer(conversation_id, message_id, budget)`. The assistant runs in a worker thread;
the channel waits at most its budget (Twilio hangs up on a webhook after 15 s; a chat visitor
should not stare at a spinner) and gets:

- READY: the assistant answered. `replies` are what this wait's processing produced (the
  message's answer, and the answers to messages that waited before it): the channel says or
  sends them. `message_replies` are the replies to this very message, wherever produced.
- PENDING: still thinking. Processing goes on; when it ends, its replies go to the channel's
  late delivery (an SMS by the REST API; nothing for the voice, whose redirect comes back for
  them, nor for the web chat, whose widget reads the transcript).
- UNAVAILABLE: the assistant is down. The message stays queued and the inbox retry answers it
  when the assistant is back, through the same late delivery; `replies` are what was said anyway
  (the safety net's).

A message is answered once however many requests wait for it (a webhook retried by Twilio
waits for the same work). The database is the source of truth: a wait served by another API
process still finds the replies there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Channel
from relais.conversation.assistant import Assistant
from relais.conversation.models import Conversation, OutboundMessage
from relais.conversation.service import (
    Processed,
    Screener,
    conversations_waiting,
    is_waiting,
    process_conversation,
    replies_to,
    requeue_stale,
)

log = logging.getLogger(__name__)
POLL_SECONDS = 0.1


class AnswerState(StrEnum):
    READY = "ready"  # the assistant answered the message
    PENDING = "pending"  # still thinking: the replies come later
    UNAVAILABLE = "unavailable"  # the assistant is down; the message waits in the inbox


@dataclass(frozen=True)
class Answer:
    state: AnswerState
    replies: list[OutboundMessage] = field(default_factory=list)
    message_replies: list[OutboundMessage] = field(default_factory=list)


# What happens to replies nobody waits for any more, by channel: (session, conversation id,
# what the processing produced).
LateDelivery = Callable[[Session, str, Processed], None]


def nothing_to_deliver(session: Session, conversation_id: str, processed: Processed) -> None:
    """Channels that fetch their replies themselves (voice redirect, web chat transcript)."""


class Answerer:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        assistant: Assistant,
        screener: Screener | None,
        *,
        stale_after: timedelta,
        late: Mapping[Channel, LateDelivery],
        workers: int = 32,
    ) -> None:
        self._sessions = sessions
        self._assistant = assistant
        self._screener = screener
        self._stale_after = stale_after
        self._late = late
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answer")
        self._running: dict[int, Future[Processed]] = {}
        self._waited_out: set[int] = set()  # messages whose waiter gave up: delivered late
        self._lock = threading.RLock()  # a done callback may run inside _start

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def answer(
        self,
        conversation_id: str,
        message_id: int,
        budget_seconds: float,
        *,
        claimed: bool = False,
    ) -> Answer:
        """The assistant's answer to the inbox message, if it comes within the budget.
        `claimed`: the message was stored already claimed (relais.phone.sms.receive)."""
        deadline = time.monotonic() + budget_seconds
        ready = self._ready(message_id, [])
        if ready is not None:
            return ready
        future = self._start(conversation_id, message_id, claimed)
        try:
            processed = self._wait(future, message_id, deadline)
        except FutureTimeout:
            return Answer(AnswerState.PENDING)
        except Exception:
            log.exception("answering message %s failed", message_id)
            return Answer(AnswerState.UNAVAILABLE, self._replies(message_id))
        if processed.unavailable:
            return Answer(AnswerState.UNAVAILABLE, processed.replies)
        # Another worker may hold an earlier message of the conversation: ours comes after it,
        # and that worker's caller delivers its replies.
        while True:
            ready = self._ready(message_id, processed.replies)
            if ready is not None or time.monotonic() >= deadline:
                return ready or Answer(AnswerState.PENDING, processed.replies)
            time.sleep(POLL_SECONDS)

    def _wait(self, future: Future[Processed], message_id: int, deadline: float) -> Processed:
        """The processing's result; FutureTimeout past the deadline, and then its replies are
        delivered late (decided under the lock that the done callback takes, so that replies
        are neither lost nor delivered twice)."""
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            with self._lock:
                if not future.done():
                    self._waited_out.add(message_id)
                    raise
        return future.result()

    def retry_waiting(self, waiting_for: timedelta) -> int:
        """Answers the queued messages once the assistant is back, each conversation in
        order, and hands the replies to the late delivery; returns how many were answered."""
        requeue_stale(self._sessions, self._stale_after)
        answered = 0
        for conversation_id in conversations_waiting(self._sessions, waiting_for):
            processed = self._process(conversation_id, None)
            if processed.replies:
                self._deliver_late(conversation_id, processed)
                answered += len({r.in_reply_to_id for r in processed.replies})
            if processed.unavailable:
                break
        return answered

    def _process(self, conversation_id: str, claimed_id: int | None) -> Processed:
        return process_conversation(
            self._sessions,
            self._assistant,
            conversation_id,
            self._screener,
            claimed_id=claimed_id,
            stale_after=self._stale_after,
        )

    def _start(self, conversation_id: str, message_id: int, claimed: bool) -> Future[Processed]:
        with self._lock:
            future = self._running.get(message_id)
            if future is None:
                claimed_id = message_id if claimed else None
                future = self._pool.submit(self._process, conversation_id, claimed_id)
                self._running[message_id] = future
                # Once done, forgotten (even if nobody waits any more) and, if nobody waited
                # until the end, delivered late.
                future.add_done_callback(lambda done: self._done(conversation_id, message_id, done))
            return future

    def _done(self, conversation_id: str, message_id: int, future: Future[Processed]) -> None:
        with self._lock:
            if self._running.get(message_id) is future:
                del self._running[message_id]
            late = message_id in self._waited_out
            self._waited_out.discard(message_id)
        if future.cancelled():
            return
        if future.exception() is not None:
            log.error(
                "processing of conversation %s failed: %r", conversation_id, future.exception()
            )
            return
        if late:
            self._deliver_late(conversation_id, future.result())

    def _deliver_late(self, conversation_id: str, processed: Processed) -> None:
        try:
            with self._sessions() as session:
                conversation = session.get(Conversation, conversation_id)
                if conversation is None:
                    return
                self._late.get(conversation.channel, nothing_to_deliver)(
                    session, conversation_id, processed
                )
        except Exception:
            log.exception("late delivery of conversation %s failed", conversation_id)

    def _ready(self, message_id: int, replies: list[OutboundMessage]) -> Answer | None:
        with self._sessions() as session:
            if is_waiting(session, message_id):
                return None
            return Answer(AnswerState.READY, replies, replies_to(session, message_id))

    def _replies(self, message_id: int) -> list[OutboundMessage]:
        with self._sessions() as session:
            return replies_to(session, message_id)
