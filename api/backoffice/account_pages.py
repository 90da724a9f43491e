"""Staff accounts (admins): list, create, deactivate, unlock."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api.backoffice import problems
from api.backoffice.security import PREFIX, AdminDep, CsrfDep, Staff
from api.backoffice.templating import render
from api.deps import SessionDep
from relais.cases.scope import NotAllowed
from relais.db import utcnow
from relais.directory import service as directory
from relais.staff import accounts
from relais.staff.models import Role
from relais.staff.service import InvalidStaffInput

router = APIRouter(prefix=f"{PREFIX}/accounts")
FIELD_IDS = {
    "email": "u-email",
    "display_name": "u-name",
    "role": "u-role",
    "structure_id": "u-structure",
    "password": "u-password",
}


def _field_id(field: str) -> str:
    return FIELD_IDS.get(field, "account-form")


def _page(
    request: Request,
    session: Session,
    staff: Staff,
    *,
    error: Exception | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    shown = problems.for_form(error, "account-form", _field_id) if error else {}
    context = shown | {
        "section": "accounts",
        "accounts": accounts.list_staff(session, staff.scope),
        "structures": directory.choices(session, staff.scope),
        "roles": list(Role),
        "now": utcnow(),
        "notice": request.query_params.get("done"),
        "values": values or {},
    }
    return render(request, "accounts.html", context, staff=staff, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def accounts_page(request: Request, session: SessionDep, staff: AdminDep) -> Response:
    return _page(request, session, staff)


@router.post("", response_class=HTMLResponse)
async def create(request: Request, session: SessionDep, staff: CsrfDep) -> Response:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "password"}
    structure = values.get("structure_id", "")
    try:
        role = Role(values.get("role", ""))
        user = accounts.create_account(
            session,
            staff.scope,
            email=values.get("email", ""),
            display_name=values.get("display_name", ""),
            role=role,
            structure_id=int(structure) if structure.isdigit() else None,
            password=str(form.get("password") or ""),
        )
    except ValueError as error:
        session.rollback()
        if not isinstance(error, InvalidStaffInput):
            error = InvalidStaffInput("Choisissez un rôle.", "role")
        return _page(request, session, staff, error=error, values=values, status_code=422)
    session.commit()
    done = f"Compte créé pour {user.email}. Communiquez-lui son mot de passe provisoire."
    return RedirectResponse(f"{PREFIX}/accounts?done={done}", status_code=303)


@router.post("/{user_id}/{action}")
def change(
    request: Request, user_id: int, action: str, session: SessionDep, staff: CsrfDep
) -> Response:
    try:
        if action == "unlock":
            user = accounts.unlock(session, staff.scope, user_id)
            done = f"Le compte {user.email} est débloqué."
        elif action in ("deactivate", "activate"):
            user = accounts.set_active(session, staff.scope, user_id, action == "activate")
            done = f"Le compte {user.email} est {'réactivé' if user.active else 'désactivé'}."
        else:
            raise InvalidStaffInput("Action inconnue.")
    except (InvalidStaffInput, NotAllowed) as error:
        session.rollback()
        return _page(request, session, staff, error=error, status_code=422)
    session.commit()
    return RedirectResponse(f"{PREFIX}/accounts?done={done}", status_code=303)
