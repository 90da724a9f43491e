"""Asking the assistant within the phone's time budget.

Twilio hangs up on a webhook that has not answered within 15 seconds. The assistant runs in a
background thread; the webhook waits for it at most the budget, then says a holding phrase and
comes back (a redirect) to pick the replies up. The database is the source of truth: a wait
request served by another API process still finds the replies.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from relais.conversation.models import OutboundMessage
from relais.conversation.service import Processed, is_waiting, replies_to

log = logging.getLogger(__name__)
POLL_SECONDS = 0.1


class AnswerState(StrEnum):
    READY = "ready"  # the assistant answered the message
    PENDING = "pending"  # still thinking: say a holding phrase and come back
    UNAVAILABLE = "unavailable"  # the assistant is down; the message waits in the inbox


@dataclass(frozen=True)
class Answer:
    state: AnswerState
    # Ready: every reply to the message. Unavailable: what was said anyway (the safety net).
    replies: list[OutboundMessage] = field(default_factory=list)


class AnswerRunner:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        process: Callable[[str], Processed],
        workers: int = 8,
    ) -> None:
        self._sessions = sessions
        self._process = process
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="voice-answer")
        self._running: dict[int, Future[Processed]] = {}
        self._lock = threading.RLock()  # a done callback may run inside _start

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def wait(self, message_id: int, conversation_id: str, budget_seconds: float) -> Answer:
        """The assistant's answer to the inbox message, if it comes within the budget."""
        deadline = time.monotonic() + budget_seconds
        ready = self._ready(message_id)
        if ready is not None:
            self._drop(message_id)
            return ready
        future = self._start(message_id, conversation_id)
        try:
            processed = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            return self._ready(message_id) or Answer(AnswerState.PENDING)
        except Exception:
            log.exception("voice answer failed for message %s", message_id)
            return Answer(AnswerState.UNAVAILABLE, self._replies(message_id))
        ready = self._ready(message_id)
        if ready is not None:
            return ready
        if processed.unavailable:
            return Answer(AnswerState.UNAVAILABLE, self._replies(message_id))
        # Another worker holds an earlier message of the conversation: ours comes after it.
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            ready = self._ready(message_id)
            if ready is not None:
                return ready
        return Answer(AnswerState.PENDING)

    def _start(self, message_id: int, conversation_id: str) -> Future[Processed]:
        with self._lock:
            future = self._running.get(message_id)
            if future is None:
                future = self._pool.submit(self._process, conversation_id)
                self._running[message_id] = future
                # Forgotten once done, even if the caller hung up and nobody waits any more.
                future.add_done_callback(lambda done: self._forget(message_id, done))
            return future

    def _forget(self, message_id: int, future: Future[Processed]) -> None:
        with self._lock:
            if self._running.get(message_id) is future:
                del self._running[message_id]

    def _drop(self, message_id: int) -> None:
        with self._lock:
            self._running.pop(message_id, None)

    def _ready(self, message_id: int) -> Answer | None:
        with self._sessions() as session:
            if is_waiting(session, message_id):
                return None
            return Answer(AnswerState.READY, replies_to(session, message_id))

    def _replies(self, message_id: int) -> list[OutboundMessage]:
        with self._sessions() as session:
            return replies_to(session, message_id)
