"""The people Relais hears about: only what is needed to reach and help them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base, str_enum, utcnow


class AgeBand(StrEnum):
    UNDER_60 = "under_60"
    FROM_60_TO_74 = "60_74"
    FROM_75_TO_84 = "75_84"
    FROM_85 = "85_plus"
    UNKNOWN = "unknown"


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    commune_insee: Mapped[str | None] = mapped_column(ForeignKey("communes.insee"), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    age_band: Mapped[AgeBand] = mapped_column(str_enum(AgeBand), default=AgeBand.UNKNOWN)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    anonymised_at: Mapped[datetime | None] = mapped_column()
