"""Routing: which structures can take a case, from its commune and its orientation."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from relais.cases.models import Orientation
from relais.directory.models import Service, Structure, structure_communes

SERVICES_FOR_ORIENTATION: dict[Orientation, tuple[Service, ...]] = {
    Orientation.EMERGENCY_SERVICES: (),
    Orientation.SOCIAL_EVALUATION: (Service.SOCIAL_EVALUATION,),
    Orientation.CITIZEN_VISITS: (Service.VISITS, Service.CALLS),
    Orientation.ACTIVITIES_INFORMATION: (Service.ACTIVITIES,),
}


def structures_for(
    session: Session, territory_id: int, commune_insee: str, services: Iterable[Service]
) -> list[Structure]:
    """Active structures covering the commune and offering at least one of the services,
    the most local first (fewest communes covered), then by name."""
    wanted = {s.value for s in services}
    query = (
        select(Structure)
        .join(structure_communes, structure_communes.c.structure_id == Structure.id)
        .where(Structure.territory_id == territory_id)
        .where(Structure.active.is_(True))
        .where(structure_communes.c.commune_insee == commune_insee)
        .options(selectinload(Structure.communes))
    )
    found = [s for s in session.scalars(query) if wanted & set(s.services)]
    return sorted(found, key=lambda s: (len(s.communes), s.name))


def structures_for_orientation(
    session: Session, territory_id: int, commune_insee: str, orientation: Orientation
) -> list[Structure]:
    services = SERVICES_FOR_ORIENTATION[orientation]
    if not services:
        return []
    return structures_for(session, territory_id, commune_insee, services)
