"""Due dates, timeline events and reading the queue. Plain functions taking a session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import (
    ActorKind,
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    IsolationLevel,
)
from relais.territory.calendar import add_working_days
from relais.territory.models import Territory

QUALIFICATION_WORKING_DAYS = 2
DUE_WORKING_DAYS = {IsolationLevel.HIGH: 2, IsolationLevel.MEDIUM: 5, IsolationLevel.LOW: 10}
LEVEL_ORDER = [
    IsolationLevel.URGENT,
    IsolationLevel.HIGH,
    IsolationLevel.MEDIUM,
    IsolationLevel.LOW,
]


def due_date(territory: Territory, level: IsolationLevel | None, start: datetime) -> datetime:
    """Urgent 4 h; high 2, medium 5, low 10 working days; unassessed: 2 to qualify it."""
    if level is IsolationLevel.URGENT:
        return start + timedelta(hours=4)
    days = DUE_WORKING_DAYS[level] if level else QUALIFICATION_WORKING_DAYS
    departement = territory.departements[0] if territory.departements else None
    return add_working_days(start, days, territory.timezone, departement)


def add_event(
    session: Session,
    case: Case,
    kind: EventKind,
    *,
    actor_kind: ActorKind = ActorKind.SYSTEM,
    actor_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    event = CaseEvent(
        case=case, kind=kind.value, actor_kind=actor_kind, actor_id=actor_id, detail=detail or {}
    )
    session.add(event)
    return event


def queue_order() -> list[Any]:
    """Most urgent level first, then the nearest due date. A case not yet assessed ranks
    with `high`: it is due for qualification within the same two working days."""
    ranks = {level.value: rank for rank, level in enumerate(LEVEL_ORDER)}
    level_rank = sql_case(ranks, value=Case.isolation_level, else_=ranks[IsolationLevel.HIGH])
    return [level_rank, Case.due_at.asc(), Case.id.asc()]


def list_cases(
    session: Session,
    *,
    territory_id: int | None = None,
    statuses: Sequence[CaseStatus] | None = None,
    limit: int | None = None,
) -> list[Case]:
    query = select(Case).order_by(*queue_order())
    if territory_id is not None:
        query = query.where(Case.territory_id == territory_id)
    if statuses:
        query = query.where(Case.status.in_(statuses))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
