"""Reading the queue and a case, always within the caller's scope (see `scope.py`).

Each page is a fixed, small number of queries whatever the number of cases or events: the
queue is one select with its joins plus one count per status; a case page loads its events,
consent records and transcript in one query each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from relais.audit import service as audit
from relais.cases.describe import Line, assessment_lines, case_lines
from relais.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    Channel,
    IsolationLevel,
    Origin,
)
from relais.cases.scope import Scope, case_filter, get_case
from relais.cases.service import queue_order
from relais.consent.models import ConsentRecord
from relais.consent.service import consent_records_for_case
from relais.conversation.service import transcript
from relais.db import utcnow
from relais.directory.models import Structure
from relais.people.models import Person
from relais.staff.models import StaffUser
from relais.territory.models import CommuneRecord, Territory

PAGE_SIZE = 50
OPEN_STATUSES = tuple(s for s in CaseStatus if s is not CaseStatus.CLOSED)
REFERENCE = re.compile(r"^\s*(?:RL-\d{4}-)?0*(\d{1,9})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class QueueFilters:
    statuses: tuple[CaseStatus, ...] = ()  # empty: every open status
    level: IsolationLevel | None = None
    commune_insee: str | None = None
    structure_id: int | None = None
    channel: Channel | None = None
    origin: Origin | None = None
    overdue_only: bool = False
    mine_only: bool = False
    reference: str | None = None  # "RL-2026-000042" or "42"
    page: int = 1


def page_of(filters: QueueFilters, number: int) -> QueueFilters:
    """The same filters, another page."""
    return replace(filters, page=number)


@dataclass(frozen=True)
class QueueRow:
    case: Case
    commune_name: str | None
    structure_name: str | None
    assignee_name: str | None
    overdue: bool


@dataclass
class QueuePage:
    rows: list[QueueRow]
    counts: dict[CaseStatus, int]
    total: int
    page: int
    pages: int
    overdue: int
    now: datetime = field(default_factory=utcnow)


def _filtered(scope: Scope, filters: QueueFilters, now: datetime) -> Select[Any]:
    query = select(Case).where(case_filter(scope))
    if filters.level is not None:
        query = query.where(Case.isolation_level == filters.level)
    if filters.commune_insee:
        query = query.where(Case.commune_insee == filters.commune_insee)
    if filters.structure_id is not None:
        query = query.where(Case.structure_id == filters.structure_id)
    if filters.channel is not None:
        query = query.where(Case.channel == filters.channel)
    if filters.origin is not None:
        query = query.where(Case.origin == filters.origin)
    if filters.overdue_only:
        query = query.where(Case.due_at < now, Case.status != CaseStatus.CLOSED)
    if filters.mine_only:
        query = query.where(Case.assignee_id == scope.staff_id)
    if filters.reference:
        match = REFERENCE.match(filters.reference)
        query = query.where(Case.id == (int(match.group(1)) if match else -1))
    return query


def queue(session: Session, scope: Scope, filters: QueueFilters) -> QueuePage:
    now = utcnow()
    base = _filtered(scope, filters, now)
    statuses = filters.statuses or OPEN_STATUSES
    counted = base.with_only_columns(Case.status, func.count()).group_by(Case.status)
    counts = {CaseStatus(status): n for status, n in session.execute(counted)}
    total = sum(counts.get(s, 0) for s in statuses)
    overdue_query = base.with_only_columns(func.count()).where(
        Case.status.in_(statuses), Case.status != CaseStatus.CLOSED, Case.due_at < now
    )
    overdue = session.scalar(overdue_query) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    # The page's ids first (an index-only scan over open cases), then their rows and joins.
    # All open statuses: written as "not closed", the condition of the ix_cases_open_queue index.
    wanted = (
        Case.status != CaseStatus.CLOSED
        if set(statuses) == set(OPEN_STATUSES)
        else Case.status.in_(statuses)
    )
    ids = list(
        session.scalars(
            base.where(wanted)
            .with_only_columns(Case.id)
            .order_by(*queue_order())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    assignee = aliased(StaffUser)
    rows_query = (
        select(Case, CommuneRecord.name, Structure.name, assignee.display_name)
        .where(Case.id.in_(ids))
        .outerjoin(CommuneRecord, CommuneRecord.insee == Case.commune_insee)
        .outerjoin(Structure, Structure.id == Case.structure_id)
        .outerjoin(assignee, assignee.id == Case.assignee_id)
    )
    order = {case_id: position for position, case_id in enumerate(ids)}
    found = sorted(session.execute(rows_query), key=lambda row: order[row[0].id])
    rows = [
        QueueRow(
            case=case,
            commune_name=commune,
            structure_name=structure,
            assignee_name=assignee_name,
            overdue=_is_overdue(case, now),
        )
        for case, commune, structure, assignee_name in found
    ]
    counts_all = {s: counts.get(s, 0) for s in CaseStatus}
    return QueuePage(rows, counts_all, total, page, pages, overdue, now)


def _is_overdue(case: Case, now: datetime) -> bool:
    return case.status is not CaseStatus.CLOSED and case.due_at is not None and case.due_at < now


@dataclass(frozen=True)
class TimelineEntry:
    event: CaseEvent
    actor_name: str | None


@dataclass
class CaseView:
    case: Case
    person: Person | None
    commune: CommuneRecord | None
    structure: Structure | None
    assignee: StaffUser | None
    timeline: list[TimelineEntry]
    consents: list[ConsentRecord]
    transcript: list[dict[str, object]]
    merged_from: list[int]
    overdue: bool
    feedback_sent: bool
    collected: list[Line]  # what the assistant collected, in French (relais.cases.describe)
    assessment: list[Line]  # the isolation assessment, each answer with the words said


def case_view(session: Session, scope: Scope, case_id: int) -> CaseView:
    """Everything the case page shows; the read is written to the audit trail."""
    case = get_case(session, scope, case_id)
    actor = aliased(StaffUser)
    events = session.execute(
        select(CaseEvent, actor.display_name)
        .outerjoin(actor, actor.id == CaseEvent.actor_id)
        .where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
    )
    timeline = [TimelineEntry(event, name) for event, name in events]
    merged_from = list(session.scalars(select(Case.id).where(Case.merged_into_id == case.id)))
    timezone = session.get_one(Territory, case.territory_id).timezone
    collected, said, undetermined = case_lines(case.collected or {}, timezone)
    audit.record(
        session,
        action="case.read",
        object_type="case",
        object_id=case.id,
        actor_id=scope.staff_id,
        actor_label=scope.actor_label,
    )
    return CaseView(
        case=case,
        person=session.get(Person, case.person_id) if case.person_id else None,
        commune=session.get(CommuneRecord, case.commune_insee) if case.commune_insee else None,
        structure=session.get(Structure, case.structure_id) if case.structure_id else None,
        assignee=session.get(StaffUser, case.assignee_id) if case.assignee_id else None,
        timeline=timeline,
        consents=consent_records_for_case(session, case.id),
        transcript=transcript(session, case.conversation_id) if case.conversation_id else [],
        merged_from=merged_from,
        overdue=_is_overdue(case, utcnow()),
        collected=collected,
        assessment=assessment_lines(case.assessment, said, undetermined) if case.assessment else [],
        feedback_sent=any(e.event.kind == "reporter_feedback_sent" for e in timeline),
    )


def search_cases(session: Session, scope: Scope, text: str, limit: int = 20) -> list[Case]:
    """Cases in scope whose reference matches, for picking the target of a merge."""
    match = REFERENCE.match(text)
    if not match:
        return []
    query = select(Case).where(case_filter(scope), Case.id == int(match.group(1))).limit(limit)
    return list(session.scalars(query))


def territory_communes(session: Session, scope: Scope) -> list[tuple[str, str]]:
    """The territory's communes, for the queue's commune filter (public data: no scope leak)."""
    query = (
        select(CommuneRecord.insee, CommuneRecord.name)
        .where(CommuneRecord.territory_id == scope.territory_id)
        .order_by(CommuneRecord.name)
    )
    return [(insee, name) for insee, name in session.execute(query)]
