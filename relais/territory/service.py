"""Territories and the communes stored for them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.territory.communes import Commune, Resolution, load_communes
from relais.territory.models import CommuneRecord, Territory


class UnknownTerritory(LookupError):
    pass


class UnknownCommune(LookupError):
    pass


def get_territory(session: Session, code: str) -> Territory:
    territory = session.scalar(select(Territory).where(Territory.code == code))
    if territory is None:
        raise UnknownTerritory(f"no territory with code {code!r}; run `relais seed demo`?")
    return territory


def _record(commune: Commune, territory_id: int | None) -> CommuneRecord:
    return CommuneRecord(
        insee=commune.insee,
        name=commune.name,
        departement=commune.departement,
        postcodes=" ".join(commune.postcodes),
        territory_id=territory_id,
    )


def load_territory_communes(session: Session, territory: Territory) -> int:
    """Stores every commune of the territory's départements; returns how many were added."""
    known = set(
        session.scalars(
            select(CommuneRecord.insee).where(CommuneRecord.departement.in_(territory.departements))
        )
    )
    communes = load_communes().in_departements(territory.departements)
    new = [_record(c, territory.id) for c in communes if c.insee not in known]
    session.add_all(new)
    return len(new)


def ensure_commune(session: Session, insee: str) -> CommuneRecord:
    """The stored commune, adding it from the official list if it lies outside the territory."""
    record = session.get(CommuneRecord, insee)
    if record is not None:
        return record
    commune = load_communes().by_insee(insee)
    if commune is None:
        raise UnknownCommune(f"no commune with INSEE code {insee!r}")
    record = _record(commune, None)
    session.add(record)
    session.flush()
    return record


def resolve_commune(territory: Territory, text: str) -> Resolution:
    """A commune from what someone typed or said, preferring the territory's départements."""
    return load_communes().resolve(text, territory.departements)
