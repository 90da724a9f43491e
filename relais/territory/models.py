"""A territory (the département, CCAS or CLIC running Relais) and the communes it knows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base, utcnow


class Territory(Base):
    __tablename__ = "territories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    departements: Mapped[list[str]] = mapped_column(JSON, default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    on_call_phone: Mapped[str | None] = mapped_column(String(32))
    opening_hours: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # When Relais may place check-in calls (local "HH:MM"); never on public holidays.
    calling_from: Mapped[str] = mapped_column(String(5), default="09:00", server_default="09:00")
    calling_until: Mapped[str] = mapped_column(String(5), default="19:00", server_default="19:00")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommuneRecord(Base):
    """One commune of the official list, stored so that cases and structures can refer to it."""

    __tablename__ = "communes"

    insee: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    departement: Mapped[str] = mapped_column(String(3), index=True)
    postcodes: Mapped[str] = mapped_column(String(200))
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), index=True)
