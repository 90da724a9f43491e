"""What the API holds for its lifetime: settings, database, assistant, background retries."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from relais.config import Settings
from relais.conversation.assistant import Assistant
from relais.conversation.models import InboxMessage, OutboundMessage
from relais.conversation.service import (
    Processed,
    Screener,
    fresh_claim,
    process_conversation,
    retry_waiting,
)
from relais.phone import channel as sms
from relais.telephony.port import Telephony

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    assistant: Assistant
    telephony: Telephony
    screener: Screener
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=32, thread_name_prefix="process")
    )

    def process(self, conversation_id: str, claimed: InboxMessage | None = None) -> Processed:
        """Answers the conversation's queued messages: safety net first, then the assistant.
        `claimed`: a message stored already claimed (detached), answered first."""
        stale = timedelta(seconds=self.settings.inbox_stale_processing_seconds)
        return process_conversation(
            self.sessions,
            self.assistant,
            conversation_id,
            self.screener,
            fresh_claim(claimed, stale),
        )

    def process_within(
        self, conversation_id: str, budget_seconds: float, claimed: InboxMessage | None = None
    ) -> Processed | None:
        """`process`, if it ends within the budget; otherwise None, and its replies are handed
        to `deliver` when it ends (the caller has stopped waiting for them)."""
        future = self._pool.submit(self.process, conversation_id, claimed)
        try:
            return future.result(timeout=budget_seconds)
        except FutureTimeout:
            future.add_done_callback(lambda done: self._late(conversation_id, done))
            return None

    def _late(self, conversation_id: str, done: Future[Processed]) -> None:
        error = done.exception()
        if error is not None:
            log.error("processing of conversation %s failed: %r", conversation_id, error)
            return
        try:
            with self.sessions() as session:
                sms.finish_late(
                    session, self.telephony, self.settings, conversation_id, done.result()
                )
        except Exception:
            log.exception("late delivery of conversation %s failed", conversation_id)

    def deliver(self, conversation_id: str, replies: list[OutboundMessage]) -> None:
        """Replies no request is waiting for (a retry once the assistant is back, or an answer
        past the SMS webhook's budget): SMS are sent through the telephony port; web chat
        replies are stored and polled by the widget."""
        with self.sessions() as session:
            sms.deliver_later(session, self.telephony, self.settings, conversation_id, replies)

    def retry_once(self) -> int:
        interval = self.settings.inbox_retry_interval_seconds
        return retry_waiting(
            self.sessions,
            self.assistant,
            self.deliver,
            waiting_for=timedelta(seconds=interval),
            stale_after=timedelta(seconds=self.settings.inbox_stale_processing_seconds),
            screener=self.screener,
        )

    def _retry_loop(self) -> None:
        while not self._stop.wait(self.settings.inbox_retry_interval_seconds):
            try:
                self.retry_once()
            except Exception:
                log.exception("inbox retry failed; trying again later")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._retry_loop, name="inbox-retry", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._thread is not None:
            self._thread.join(timeout=10)
