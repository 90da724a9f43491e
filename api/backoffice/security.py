"""Who is signed in, CSRF checks and the cookies of the back-office."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Response

from api.deps import SessionDep
from relais.cases.scope import Scope, scope_for
from relais.config import Settings
from relais.staff import auth
from relais.staff.models import Role, StaffUser

SESSION_COOKIE = "relais_session"
LOGIN_CSRF_COOKIE = "relais_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
PREFIX = "/backoffice"


class LoginRequired(Exception):
    """No valid session: pages redirect to the login page, API calls answer 401."""


class Forbidden(Exception):
    """The role does not give access to this page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CsrfFailed(Exception):
    """A form came without the token of the page it was shown on."""


@dataclass(frozen=True)
class Staff:
    user: StaffUser
    scope: Scope
    csrf_token: str
    token_hash: str


def secure_cookies(settings: Settings) -> bool:
    return settings.public_base_url.startswith("https://")


def set_cookie(response: Response, settings: Settings, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        secure=secure_cookies(settings),
        samesite="lax",
        path=PREFIX,
    )


def current_staff(request: Request, session: SessionDep) -> Staff:
    current = auth.resolve_session(session, request.cookies.get(SESSION_COOKIE))
    if current is None:
        raise LoginRequired()
    return Staff(current.user, scope_for(current.user), current.csrf_token, current.token_hash)


StaffDep = Annotated[Staff, Depends(current_staff)]


def _require(*roles: Role) -> object:
    def check(staff: StaffDep) -> Staff:
        if staff.user.role not in roles:
            raise Forbidden("Votre rôle ne donne pas accès à cette page.")
        return staff

    return check


CaseStaffDep = Annotated[Staff, Depends(_require(Role.ADMIN, Role.COORDINATOR, Role.PARTNER))]
TerritoryStaffDep = Annotated[Staff, Depends(_require(Role.ADMIN, Role.COORDINATOR))]
AdminDep = Annotated[Staff, Depends(_require(Role.ADMIN))]


async def _submitted_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    form = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else ""


async def check_csrf(request: Request, staff: StaffDep) -> Staff:
    """Every state-changing request of a signed-in user carries the session's token."""
    if not hmac.compare_digest(await _submitted_token(request), staff.csrf_token):
        raise CsrfFailed()
    return staff


async def check_login_csrf(request: Request) -> None:
    """The login form carries the token of a cookie set when the form was shown (no session
    exists yet): a third-party site cannot sign someone in to its own account."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(await _submitted_token(request), cookie):
        raise CsrfFailed()


CsrfDep = Annotated[Staff, Depends(check_csrf)]


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def login_url(next_path: str) -> str:
    return f"{PREFIX}/login?next={quote(next_path)}"


def safe_next(value: str | None) -> str:
    """Only a path of the back-office: never an open redirect."""
    if (
        value
        and value.startswith(PREFIX + "/")
        and not value.startswith("//")
        and "\\" not in value
    ):
        return value
    return PREFIX + "/"
