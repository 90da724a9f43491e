"""Staff accounts managed by the territory's admins: list, create, deactivate, unlock."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from relais.audit import service as audit
from relais.cases.scope import Scope, require_admin
from relais.directory.models import Structure
from relais.staff import auth
from relais.staff.models import Role, StaffSession, StaffUser
from relais.staff.service import InvalidStaffInput, create_staff
from relais.territory.models import Territory


def list_staff(session: Session, scope: Scope) -> list[StaffUser]:
    require_admin(scope, "gérer les comptes")
    query = select(StaffUser).where(StaffUser.territory_id == scope.territory_id)
    return list(session.scalars(query.order_by(StaffUser.email)))


def _account(session: Session, scope: Scope, user_id: int) -> StaffUser:
    require_admin(scope, "gérer les comptes")
    user = session.get(StaffUser, user_id)
    if user is None or user.territory_id != scope.territory_id:
        raise InvalidStaffInput("Ce compte n'existe pas dans votre territoire.")
    return user


def create_account(
    session: Session,
    scope: Scope,
    *,
    email: str,
    display_name: str,
    role: Role,
    structure_id: int | None,
    password: str,
) -> StaffUser:
    require_admin(scope, "gérer les comptes")
    territory = session.get(Territory, scope.territory_id)
    assert territory is not None
    structure = session.get(Structure, structure_id) if structure_id is not None else None
    if role is not Role.PARTNER:
        structure = None  # only partners belong to one structure
    return create_staff(
        session,
        email=email,
        role=role,
        territory=territory,
        password=password,
        structure=structure,
        display_name=display_name.strip()[:200],
        actor_label=scope.actor_label,
    )


def set_active(session: Session, scope: Scope, user_id: int, active: bool) -> StaffUser:
    """A deactivated account cannot sign in and its open sessions end at once."""
    user = _account(session, scope, user_id)
    if user.id == scope.staff_id and not active:
        raise InvalidStaffInput("Vous ne pouvez pas désactiver votre propre compte.")
    user.active = active
    if not active:
        session.execute(delete(StaffSession).where(StaffSession.staff_id == user.id))
    audit.record(
        session,
        action="staff.activate" if active else "staff.deactivate",
        object_type="staff_user",
        object_id=user.id,
        actor_id=scope.staff_id,
        actor_label=scope.actor_label,
    )
    return user


def unlock(session: Session, scope: Scope, user_id: int) -> StaffUser:
    user = _account(session, scope, user_id)
    actor = session.get(StaffUser, scope.staff_id)
    assert actor is not None
    auth.unlock(session, user, actor)
    return user
