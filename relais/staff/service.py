"""Staff accounts: creation with validated input and argon2-hashed passwords."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relais.audit import service as audit
from relais.directory.models import Structure
from relais.staff.models import Role, StaffUser
from relais.territory.models import Territory

MIN_PASSWORD_LENGTH = 12
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()


class InvalidStaffInput(ValueError):
    """Bad input for a staff account; the message is shown to the person who typed it, and
    `field` names the form field it is about (None: the form as a whole)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidStaffInput(
            f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.",
            "password",
        )


def find_by_email(session: Session, email: str) -> StaffUser | None:
    query = select(StaffUser).where(func.lower(StaffUser.email) == normalise_email(email))
    return session.scalar(query)


def create_staff(
    session: Session,
    *,
    email: str,
    role: Role,
    territory: Territory,
    password: str,
    structure: Structure | None = None,
    display_name: str = "",
    actor_label: str = "system",
) -> StaffUser:
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise InvalidStaffInput(f"Adresse e-mail invalide : {email!r}.", "email")
    check_password_strength(password)
    if role is Role.PARTNER and structure is None:
        raise InvalidStaffInput(
            "Un compte partenaire doit être rattaché à une structure.", "structure_id"
        )
    if structure is not None and structure.territory_id != territory.id:
        raise InvalidStaffInput("La structure n'appartient pas à ce territoire.", "structure_id")
    if find_by_email(session, email) is not None:
        raise InvalidStaffInput(f"Un compte existe déjà pour {email}.", "email")
    user = StaffUser(
        email=email,
        role=role,
        territory_id=territory.id,
        structure_id=structure.id if structure else None,
        display_name=display_name,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        action="staff.create",
        object_type="staff_user",
        object_id=user.id,
        actor_label=actor_label,
        detail={"role": role.value},
    )
    return user


def staff_choices(
    session: Session, territory_id: int, structure_id: int | None = None
) -> list[tuple[int, str]]:
    """Active staff who can be a referent (not the statistics accounts): (id, name), by name;
    only a structure's own staff when `structure_id` is given."""
    query = select(StaffUser).where(
        StaffUser.territory_id == territory_id,
        StaffUser.active.is_(True),
        StaffUser.role != Role.VIEWER,
    )
    if structure_id is not None:
        query = query.where(StaffUser.structure_id == structure_id)
    users = session.scalars(query)
    return sorted(((u.id, u.display_name or u.email) for u in users), key=lambda c: c[1])
