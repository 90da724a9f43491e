"""Login, logout and password change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.backoffice import problems
from api.backoffice.security import (
    LOGIN_CSRF_COOKIE,
    PREFIX,
    SESSION_COOKIE,
    CsrfDep,
    StaffDep,
    check_login_csrf,
    new_login_csrf,
    safe_next,
    set_cookie,
)
from api.backoffice.templating import render
from api.deps import SessionDep, SettingsDep
from relais.staff import auth
from relais.staff.models import Role
from relais.staff.service import InvalidStaffInput

router = APIRouter(prefix=PREFIX)
PASSWORD_FIELDS = {"password": "new"}


def _login_page(
    request: Request,
    settings: SettingsDep,
    *,
    next_path: str,
    email: str = "",
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    token = new_login_csrf()
    context = {
        "login_csrf": token,
        "next": next_path,
        "email": email,
        "error": error,
        "error_target": "email",
        "notice": notice,
    }
    response = render(request, "login.html", context, status_code=status_code)
    set_cookie(response, settings, LOGIN_CSRF_COOKIE, token)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, settings: SettingsDep, next: str | None = None) -> Response:
    notice = "Vous êtes déconnecté." if request.query_params.get("out") else None
    return _login_page(request, settings, next_path=safe_next(next), notice=notice)


@router.post("/login", dependencies=[Depends(check_login_csrf)])
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    try:
        user = auth.authenticate(session, email, password)
    except auth.LoginRefused as refused:
        session.commit()  # the failure counts towards the lockout
        return _login_page(
            request,
            settings,
            next_path=safe_next(next),
            email=email,
            error=str(refused),
            status_code=401,
        )
    opened = auth.open_session(session, user)
    session.commit()
    target = safe_next(next)
    if user.role is Role.VIEWER and target == f"{PREFIX}/":
        target = f"{PREFIX}/stats"  # a viewer's home is the dashboard
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, settings, SESSION_COOKIE, opened.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep, staff: CsrfDep) -> Response:
    auth.close_session(session, request.cookies.get(SESSION_COOKIE))
    session.commit()
    response = RedirectResponse(f"{PREFIX}/login?out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


@router.get("/password", response_class=HTMLResponse)
def password_form(request: Request, staff: StaffDep) -> Response:
    return render(request, "password.html", {"section": "password"}, staff=staff)


@router.post("/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    session: SessionDep,
    staff: CsrfDep,
    current: Annotated[str, Form(max_length=1000)] = "",
    new: Annotated[str, Form(max_length=1000)] = "",
    confirm: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    try:
        if new != confirm:
            raise InvalidStaffInput(
                "Les deux saisies du nouveau mot de passe sont différentes.", "confirm"
            )
        auth.change_password(session, staff.user, current, new, staff.token_hash)
    except InvalidStaffInput as error:
        session.rollback()
        # check_password_strength names the field "password": here it is the new one.
        shown = problems.for_form(error, "password-form", lambda f: PASSWORD_FIELDS.get(f, f))
        context = shown | {"section": "password"}
        return render(request, "password.html", context, staff=staff, status_code=422)
    session.commit()
    notice = "Votre mot de passe a été changé. Vos autres sessions ont été fermées."
    return render(request, "password.html", {"notice": notice, "section": "password"}, staff=staff)
