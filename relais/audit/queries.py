"""Browsing the audit trail (admins only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relais.audit.models import AuditEntry
from relais.cases.scope import Scope, require_admin
from relais.staff.models import StaffUser

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilters:
    object_type: str | None = None
    object_id: str | None = None
    actor_id: int | None = None
    action_prefix: str | None = None
    page: int = 1


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    actor_email: str | None


@dataclass
class AuditPage:
    rows: list[AuditRow]
    page: int
    pages: int
    total: int


def browse(session: Session, scope: Scope, filters: AuditFilters) -> AuditPage:
    """Entries of the caller's territory (actors of the territory and system entries), newest
    first."""
    require_admin(scope, "consulter le journal d'audit")
    territory_staff = select(StaffUser.id).where(StaffUser.territory_id == scope.territory_id)
    query = select(AuditEntry, StaffUser.email).outerjoin(
        StaffUser, StaffUser.id == AuditEntry.actor_id
    )
    query = query.where(
        AuditEntry.actor_id.is_(None) | AuditEntry.actor_id.in_(territory_staff.scalar_subquery())
    )
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.object_id:
        query = query.where(AuditEntry.object_id == filters.object_id)
    if filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.action_prefix:
        query = query.where(AuditEntry.action.startswith(filters.action_prefix))
    total = session.scalar(query.with_only_columns(func.count())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    rows = session.execute(
        query.order_by(AuditEntry.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    return AuditPage([AuditRow(entry, email) for entry, email in rows], page, pages, total)
