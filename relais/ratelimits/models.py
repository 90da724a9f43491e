"""One row per counted hit; rows older than their window are deleted as new hits come."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base


class RateHit(Base):
    __tablename__ = "rate_hits"
    __table_args__ = (
        Index("ix_rate_hits_bucket_key_at", "bucket", "key_hash", "at"),
        Index("ix_rate_hits_bucket_at", "bucket", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32))  # what is limited: "chat_session"…
    key_hash: Mapped[str] = mapped_column(String(64))  # who: never the address itself
    at: Mapped[datetime] = mapped_column()
