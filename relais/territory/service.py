"""Territories and the communes stored for them."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.audit import service as audit
from relais.territory.communes import (
    Commune,
    Resolution,
    ResolutionStatus,
    load_communes,
    normalise,
)
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


_LIVES = frozenset(
    {"habite", "habitent", "vit", "vivent", "reside", "residant", "residente", "demeure"}
    | {"demeurant", "domicilie", "domiciliee", "domicilies", "chez elle", "chez lui"}
)
_LIVES_WITHIN = 8  # words between "domiciliée" and the commune ("12 rue des Écoles à …")
# Who lives there, said in an answer: the person themself, or the person reported.
_I_LIVE = ("j habite", "je vis", "je demeure", "je reside", "chez moi a", "je suis de", "moi c est")
_THEY_LIVE = (
    "elle habite",
    "il habite",
    "elle vit",
    "il vit",
    "elle demeure",
    "il demeure",
    "domicilie",
    "domiciliee",
    "demeurant",
    "residant",
    "residente",
    "chez elle a",
    "chez lui a",
    "elle est de",
    "il est de",
)
_SAID_WITHIN = 4


def resolve_residence(territory: Territory, text: str) -> Commune | None:
    """The commune where the person lives, from a sentence that may name others ("assistante
    sociale au CH de Guéret … domiciliée 12 rue des Écoles à Saint-Vaury"): the only commune
    named, or the one said right after where someone lives. None when unsure."""
    resolution = resolve_commune(territory, text)
    if resolution.commune is not None:
        return resolution.commune
    if resolution.status is not ResolutionStatus.AMBIGUOUS:
        return None
    names = {normalise(c.name) for c in resolution.candidates}
    if len(names) < 2:
        return None  # namesakes: the postcode is asked
    words = normalise(text).split()
    lives_at = [
        i for i, w in enumerate(words) if w in _LIVES or " ".join(words[i : i + 2]) in _LIVES
    ]
    near = [
        c
        for c in resolution.candidates
        if any(0 < at - i <= _LIVES_WITHIN for i in lives_at for at in _positions(words, c.name))
    ]
    return near[0] if len({c.insee for c in near}) == 1 else None


def residence_said(territory: Territory, text: str, *, of_self: bool) -> Commune | None:
    """A commune said in passing in an answer, only when it is where the person lives ("j'habite
    à Felletin", "elle vit à Guéret"), never a place named for another reason ("mon fils habite
    à Lyon")."""
    words = normalise(text).split()
    phrases = [p.split() for p in (_I_LIVE if of_self else _THEY_LIVE)]
    starts = [i + len(p) for i in range(len(words)) for p in phrases if words[i : i + len(p)] == p]
    if not starts:
        return None
    commune = resolve_residence(territory, text)
    if commune is None:
        return None
    at = _positions(words, commune.name)
    return commune if any(0 <= a - s <= _SAID_WITHIN for s in starts for a in at) else None


def _positions(words: list[str], name: str) -> list[int]:
    key = normalise(name).split()
    return [i for i in range(len(words)) if words[i : i + len(key)] == key]


class InvalidHours(ValueError):
    """Calling hours that cannot be used; the message is French."""


def set_calling_hours(
    session: Session, territory: Territory, opens: str, closes: str, *, actor_id: int | None
) -> Territory:
    """When Relais may place check-in calls (admins). Calls already planned outside the new
    hours move to the next allowed time when they fall due."""
    try:
        start, end = time.fromisoformat(opens.strip()), time.fromisoformat(closes.strip())
    except ValueError:
        raise InvalidHours("Indiquez des heures au format HH:MM, par exemple 09:00.") from None
    if end <= start:
        raise InvalidHours("La fin des heures d'appel doit être après leur début.")
    if (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) < MIN_CALLING_MINUTES:
        raise InvalidHours("Laissez au moins deux heures d'appel par jour.")
    before = (territory.calling_from, territory.calling_until)
    territory.calling_from, territory.calling_until = f"{start:%H:%M}", f"{end:%H:%M}"
    audit.record(
        session,
        action="territory.calling_hours",
        object_type="territory",
        object_id=territory.id,
        actor_id=actor_id,
        actor_label=f"staff:{actor_id}" if actor_id else "cli",
        detail={"before": list(before), "after": [territory.calling_from, territory.calling_until]},
    )
    return territory


MIN_CALLING_MINUTES = 120
