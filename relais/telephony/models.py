"""What the console adapter records instead of sending: the phone simulator shows it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base, utcnow


class ConsoleRecord(Base):
    __tablename__ = "console_telephony"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # sms, call
    to: Mapped[str] = mapped_column(String(32), index=True)
    from_number: Mapped[str] = mapped_column(String(32))
    body: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    status_callback: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
