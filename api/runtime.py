"""What the API holds for its lifetime: settings, database, telephony, the answerer (the one
path to the assistant, relais.conversation.answering) and its background inbox retry."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from relais.config import Settings
from relais.conversation.answering import Answerer
from relais.conversation.assistant import Assistant
from relais.telephony.port import Telephony

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    telephony: Telephony
    assistant: Assistant
    answerer: Answerer
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def retry_once(self) -> int:
        """Answers the messages that waited while the assistant was down."""
        interval = self.settings.inbox_retry_interval_seconds
        return self.answerer.retry_waiting(timedelta(seconds=interval))

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
        self.answerer.close()
        if self._thread is not None:
            self._thread.join(timeout=10)
