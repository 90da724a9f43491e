"""The directory of structures (CNSA guide, annexe 3 fiche) and the communes they cover."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relais.db import Base, str_enum, utcnow

if TYPE_CHECKING:
    from relais.territory.models import CommuneRecord


class StructureKind(StrEnum):
    CLIC = "clic"
    CCAS = "ccas"
    CITIZEN_TEAM = "citizen_team"
    ASSOCIATION = "association"
    DEPARTEMENT = "departement"
    HEALTH = "health"
    OTHER = "other"


class Service(StrEnum):
    """What a structure offers; routing matches these against the orientation."""

    VISITS = "visits"
    CALLS = "calls"
    ACTIVITIES = "activities"
    TRANSPORT = "transport"
    SOCIAL_EVALUATION = "social_evaluation"
    CAREGIVER_SUPPORT = "caregiver_support"


structure_communes = Table(
    "structure_communes",
    Base.metadata,
    Column("structure_id", ForeignKey("structures.id", ondelete="CASCADE"), primary_key=True),
    Column("commune_insee", ForeignKey("communes.insee"), primary_key=True, index=True),
)


class Structure(Base):
    __tablename__ = "structures"

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[StructureKind] = mapped_column(str_enum(StructureKind))
    active: Mapped[bool] = mapped_column(default=True)
    # The annexe 3 fiche, field by field.
    objectives: Mapped[str] = mapped_column(Text, default="")
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    populations: Mapped[str] = mapped_column(Text, default="")
    zone: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    methods: Mapped[str] = mapped_column(Text, default="")
    volunteers: Mapped[str] = mapped_column(Text, default="")
    funding: Mapped[str] = mapped_column(Text, default="")
    reception_site: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[str] = mapped_column(Text, default="")
    open_weekends: Mapped[bool] = mapped_column(default=False)
    contact_modes: Mapped[str] = mapped_column(Text, default="")
    referent: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    communes: Mapped[list[CommuneRecord]] = relationship(
        secondary=structure_communes, order_by="CommuneRecord.name"
    )
