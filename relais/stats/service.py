"""The dashboard's figures for a territory, a commune or a structure. Aggregates only.

Scope: admins, coordinators and viewers see their territory; a partner sees the cases of
their structure. Each figure is one GROUP BY query, so the cost does not grow with the
number of pages shown.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from relais.cases import wording
from relais.cases.models import Case, CaseStatus
from relais.cases.scope import Scope
from relais.consent.models import ConsentDecision, ConsentRecord, ConsentScope, ConsentSubject
from relais.db import utcnow
from relais.directory.models import Structure
from relais.staff.models import Role
from relais.territory.models import CommuneRecord, Territory

WEEKS = 12


@dataclass(frozen=True)
class StatsFilters:
    commune_insee: str | None = None
    structure_id: int | None = None


@dataclass(frozen=True)
class Week:
    start: datetime  # Monday 00:00, territory time
    reported: int
    oriented: int


@dataclass
class Dashboard:
    total: int
    by_channel: list[tuple[str, int]]
    by_origin: list[tuple[str, int]]
    by_level: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_commune: list[tuple[str, int]]
    by_structure: list[tuple[str, int]]
    median_hours_to_orientation: float | None
    oriented_count: int
    overdue: int
    consent: list[tuple[str, int]]  # the person's latest answer about being contacted
    weeks: list[Week]

    @property
    def max_week(self) -> int:
        return max([1, *(max(w.reported, w.oriented) for w in self.weeks)])


def _condition(scope: Scope, filters: StatsFilters) -> ColumnElement[bool]:
    conditions = [Case.territory_id == scope.territory_id]
    if scope.role is Role.PARTNER:
        conditions.append(Case.structure_id == (scope.structure_id or -1))
    if filters.commune_insee:
        conditions.append(Case.commune_insee == filters.commune_insee)
    if filters.structure_id is not None:
        conditions.append(Case.structure_id == filters.structure_id)
    return and_(*conditions)


def _grouped(
    session: Session, column: Any, where: ColumnElement[bool], names: dict[Any, str]
) -> list[tuple[str, int]]:
    rows = session.execute(select(column, func.count()).where(where).group_by(column))
    counted = [
        (wording.label(names, value) if value is not None else "Non renseigné", n)
        for value, n in rows
    ]
    return sorted(counted, key=lambda pair: -pair[1])


def _named(session: Session, query: Any) -> list[tuple[str, int]]:
    return [(name or "Non renseigné", n) for name, n in session.execute(query)]


def _weeks(session: Session, where: ColumnElement[bool], tz: ZoneInfo, now: datetime) -> list[Week]:
    local = now.astimezone(tz)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    starts = [monday - timedelta(weeks=i) for i in reversed(range(WEEKS))]
    since = starts[0]
    reported = [0] * WEEKS
    oriented = [0] * WEEKS

    def count(into: list[int], at: datetime | None) -> None:
        index = -1 if at is None else (at.astimezone(tz) - since).days // 7
        if 0 <= index < WEEKS:
            into[index] += 1

    for (created,) in session.execute(
        select(Case.created_at).where(where, Case.created_at >= since)
    ):
        count(reported, created)
    query = select(Case.oriented_at).where(where, Case.oriented_at >= since)
    for (at,) in session.execute(query):
        count(oriented, at)
    return [Week(s, r, o) for s, r, o in zip(starts, reported, oriented, strict=True)]


def _consent(session: Session, where: ColumnElement[bool]) -> list[tuple[str, int]]:
    """Per case, the latest record of the person's agreement to be contacted."""
    latest = (
        select(func.max(ConsentRecord.id))
        .join(Case, Case.id == ConsentRecord.case_id)
        .where(
            where,
            ConsentRecord.subject == ConsentSubject.PERSON,
            ConsentRecord.scope == ConsentScope.CONTACT,
        )
        .group_by(ConsentRecord.case_id)
    )
    query = (
        select(ConsentRecord.decision, func.count())
        .where(ConsentRecord.id.in_(latest.scalar_subquery()))
        .group_by(ConsentRecord.decision)
    )
    counts = {ConsentDecision(d): n for d, n in session.execute(query)}
    return [(wording.CONSENT_DECISION[d], counts.get(d, 0)) for d in ConsentDecision]


def dashboard(session: Session, scope: Scope, filters: StatsFilters) -> Dashboard:
    """The figures of the scope's territory, weeks counted in the territory's time."""
    territory = session.get(Territory, scope.territory_id)
    timezone = territory.timezone if territory else "Europe/Paris"
    now = utcnow()
    where = _condition(scope, filters)
    total = session.scalar(select(func.count()).select_from(Case).where(where)) or 0
    delays = [
        (oriented - created).total_seconds() / 3600
        for created, oriented in session.execute(
            select(Case.created_at, Case.oriented_at).where(where, Case.oriented_at.is_not(None))
        )
        if oriented is not None
    ]
    overdue = session.scalar(
        select(func.count())
        .select_from(Case)
        .where(where, Case.status != CaseStatus.CLOSED, Case.due_at < now)
    )
    by_commune = (
        select(CommuneRecord.name, func.count())
        .select_from(Case)
        .outerjoin(CommuneRecord, CommuneRecord.insee == Case.commune_insee)
        .where(where)
        .group_by(CommuneRecord.name)
        .order_by(func.count().desc())
        .limit(20)
    )
    by_structure = (
        select(Structure.name, func.count())
        .select_from(Case)
        .outerjoin(Structure, Structure.id == Case.structure_id)
        .where(where)
        .group_by(Structure.name)
        .order_by(func.count().desc())
    )
    return Dashboard(
        total=total,
        by_channel=_grouped(session, Case.channel, where, wording.CHANNEL),
        by_origin=_grouped(session, Case.origin, where, wording.ORIGIN),
        by_level=_grouped(session, Case.isolation_level, where, wording.LEVEL),
        by_status=_grouped(session, Case.status, where, wording.STATUS),
        by_commune=_named(session, by_commune),
        by_structure=_named(session, by_structure),
        median_hours_to_orientation=round(statistics.median(delays), 1) if delays else None,
        oriented_count=len(delays),
        overdue=overdue or 0,
        consent=_consent(session, where),
        weeks=_weeks(session, where, ZoneInfo(timezone), now),
    )


def export_csv(board: Dashboard) -> str:
    """The aggregated figures only: one line per (indicator, category, value)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["indicateur", "categorie", "valeur"])
    writer.writerow(["dossiers", "total", board.total])
    sections = [
        ("canal", board.by_channel),
        ("origine", board.by_origin),
        ("niveau", board.by_level),
        ("statut", board.by_status),
        ("commune", board.by_commune),
        ("structure", board.by_structure),
        ("accord_contact", board.consent),
    ]
    for name, pairs in sections:
        for category, value in pairs:
            writer.writerow([name, category, value])
    median = board.median_hours_to_orientation
    writer.writerow(["delai_median_orientation_heures", "", "" if median is None else median])
    writer.writerow(["en_retard", "", board.overdue])
    for week in board.weeks:
        day = week.start.date().isoformat()
        writer.writerow(["signalements_semaine", day, week.reported])
        writer.writerow(["orientations_semaine", day, week.oriented])
    return "\ufeff" + out.getvalue()
