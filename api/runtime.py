"""What the API holds for its lifetime: settings, database, assistant, background retries."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from relais.config import Settings
from relais.conversation.assistant import Assistant
from relais.conversation.models import OutboundMessage
from relais.conversation.service import Processed, Screener, process_conversation, retry_waiting
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

    def process(self, conversation_id: str) -> Processed:
        """Answers the conversation's queued messages: safety net first, then the assistant."""
        return process_conversation(self.sessions, self.assistant, conversation_id, self.screener)

    def deliver(self, conversation_id: str, replies: list[OutboundMessage]) -> None:
        """Replies produced by a retry: web chat replies are stored and polled by the widget."""

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
        if self._thread is not None:
            self._thread.join(timeout=10)
