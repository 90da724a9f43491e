"""Signing in and out: passwords, lockout after repeated failures, sessions, password change.

A session is a random token in an HttpOnly cookie; the database keeps its SHA-256 and a CSRF
token. Sessions end after `IDLE_TIMEOUT` without activity or `ABSOLUTE_TIMEOUT` after sign-in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from relais.audit import service as audit
from relais.db import utcnow
from relais.staff.models import StaffSession, StaffUser
from relais.staff.service import (
    InvalidStaffInput,
    check_password_strength,
    find_by_email,
    hash_password,
    verify_password,
)

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
IDLE_TIMEOUT = timedelta(hours=2)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)
# Verifying against a real hash when the e-mail is unknown keeps the answer time the same.
_DUMMY_HASH = hash_password("relais-no-such-account")

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


class LoginRefused(Exception):
    """The sign-in failed; the message is shown as it is."""


@dataclass(frozen=True)
class OpenedSession:
    token: str  # goes into the cookie, never stored
    csrf_token: str
    user: StaffUser


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return (
        "Trop d'essais infructueux : ce compte est bloqué pendant encore "
        f"{minutes} minute{'s' if minutes > 1 else ''}. Réessayez plus tard ou demandez à un "
        "administrateur de le débloquer."
    )


def authenticate(
    session: Session, email: str, password: str, now: datetime | None = None
) -> StaffUser:
    """The active account matching the e-mail and password; each failure counts towards the
    lockout. The caller commits in every case, so that failures are remembered."""
    now = now or utcnow()
    user = find_by_email(session, email)
    if user is None or not user.active:
        verify_password(_DUMMY_HASH, password)
        audit.record(session, action="login.failed", object_type="staff_user", actor_label="anon")
        raise LoginRefused(BAD_CREDENTIALS)
    if user.locked_until is not None and user.locked_until > now:
        audit.record(
            session,
            action="login.locked",
            object_type="staff_user",
            object_id=user.id,
            actor_label="anon",
        )
        raise LoginRefused(_locked_message(user.locked_until, now))
    if not verify_password(user.password_hash, password):
        user.failed_login_count += 1
        action = "login.failed"
        if user.failed_login_count >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_login_count = 0
            action = "login.lockout"
        audit.record(
            session, action=action, object_type="staff_user", object_id=user.id, actor_label="anon"
        )
        if user.locked_until is not None and user.locked_until > now:
            raise LoginRefused(_locked_message(user.locked_until, now))
        raise LoginRefused(BAD_CREDENTIALS)
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    audit.record(
        session,
        action="login",
        object_type="staff_user",
        object_id=user.id,
        actor_id=user.id,
        actor_label=f"staff:{user.id}",
    )
    return user


def open_session(session: Session, user: StaffUser, now: datetime | None = None) -> OpenedSession:
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=_hash(token),
            staff_id=user.id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
        )
    )
    return OpenedSession(token=token, csrf_token=csrf, user=user)


@dataclass(frozen=True)
class CurrentSession:
    token_hash: str
    csrf_token: str
    user: StaffUser


def resolve_session(
    session: Session, token: str | None, now: datetime | None = None
) -> CurrentSession | None:
    """The signed-in user behind a cookie, or None when it is unknown, expired or the account
    was deactivated. Refreshes the idle timer (at most once a minute)."""
    if not token:
        return None
    now = now or utcnow()
    row = session.get(StaffSession, _hash(token))
    if row is None:
        return None
    user = session.get(StaffUser, row.staff_id)
    expired = now - row.last_seen_at > IDLE_TIMEOUT or now - row.created_at > ABSOLUTE_TIMEOUT
    if expired or user is None or not user.active:
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    return CurrentSession(token_hash=row.token_hash, csrf_token=row.csrf_token, user=user)


def close_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


def change_password(
    session: Session, user: StaffUser, current: str, new: str, keep_token_hash: str | None
) -> None:
    """Checks the current password and the new one's strength; every other session of the
    account is closed (a stolen session does not survive a password change)."""
    if not verify_password(user.password_hash, current):
        raise InvalidStaffInput("Le mot de passe actuel est incorrect.", "current")
    check_password_strength(new)
    if new == current:
        raise InvalidStaffInput("Le nouveau mot de passe doit être différent de l'actuel.", "new")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    others = delete(StaffSession).where(StaffSession.staff_id == user.id)
    if keep_token_hash is not None:
        others = others.where(StaffSession.token_hash != keep_token_hash)
    session.execute(others)
    audit.record(
        session,
        action="staff.password_change",
        object_type="staff_user",
        object_id=user.id,
        actor_id=user.id,
        actor_label=f"staff:{user.id}",
    )


def unlock(session: Session, user: StaffUser, actor: StaffUser) -> None:
    user.locked_until = None
    user.failed_login_count = 0
    audit.record(
        session,
        action="staff.unlock",
        object_type="staff_user",
        object_id=user.id,
        actor_id=actor.id,
        actor_label=f"staff:{actor.id}",
    )


def sessions_of(session: Session, user_id: int) -> list[StaffSession]:
    return list(session.scalars(select(StaffSession).where(StaffSession.staff_id == user_id)))
