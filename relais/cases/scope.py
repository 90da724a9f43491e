"""Who may see which case. Every read of a case goes through `scoped_cases` or `get_case`.

- admin, coordinator: every case of their territory;
- partner: the cases oriented to their structure;
- viewer: no case at all (statistics only).

A case outside the caller's scope is reported as not found, never as forbidden: its
existence is not disclosed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, false, select
from sqlalchemy.orm import Session

from relais.cases.models import Case
from relais.staff.models import Role, StaffUser

CASE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.PARTNER})
# Orienting a case to a structure, merging, erasure: territory-wide decisions.
TERRITORY_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


class CaseNotFound(LookupError):
    """No such case in the caller's scope."""

    def __init__(self) -> None:
        super().__init__("Ce dossier n'existe pas ou ne vous est pas accessible.")


class NotAllowed(PermissionError):
    """The caller's role does not allow this action; the message says so in French."""


@dataclass(frozen=True)
class Scope:
    staff_id: int
    role: Role
    territory_id: int
    structure_id: int | None

    @property
    def actor_label(self) -> str:
        return f"staff:{self.staff_id}"

    @property
    def reads_cases(self) -> bool:
        return self.role in CASE_ROLES

    @property
    def territory_wide(self) -> bool:
        return self.role in TERRITORY_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


def scope_for(user: StaffUser) -> Scope:
    return Scope(
        staff_id=user.id,
        role=user.role,
        territory_id=user.territory_id,
        structure_id=user.structure_id,
    )


def case_filter(scope: Scope) -> ColumnElement[bool]:
    """The SQL condition selecting exactly the cases the caller may see."""
    if scope.role in TERRITORY_ROLES:
        return Case.territory_id == scope.territory_id
    if scope.role is Role.PARTNER and scope.structure_id is not None:
        return and_(
            Case.territory_id == scope.territory_id, Case.structure_id == scope.structure_id
        )
    return false()


def scoped_cases(scope: Scope) -> Select[Case]:
    return select(Case).where(case_filter(scope))


def get_case(session: Session, scope: Scope, case_id: int) -> Case:
    case = session.scalar(scoped_cases(scope).where(Case.id == case_id))
    if case is None:
        raise CaseNotFound()
    return case


def require_territory_role(scope: Scope, what: str) -> None:
    if not scope.territory_wide:
        raise NotAllowed(f"Seuls les coordinateurs et les administrateurs peuvent {what}.")


def require_admin(scope: Scope, what: str) -> None:
    if not scope.is_admin:
        raise NotAllowed(f"Seuls les administrateurs peuvent {what}.")
