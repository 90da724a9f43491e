"""Admin and coordinator pages: the audit trail, erasure requests and opt-outs, the
territory's calling hours."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.backoffice.security import PREFIX, AdminDep, CsrfDep, Forbidden, TerritoryStaffDep
from api.backoffice.templating import render
from api.deps import SessionDep
from relais.audit.queries import AuditFilters, browse
from relais.cases import erasure
from relais.staff import accounts
from relais.territory.models import Territory
from relais.territory.service import InvalidHours, set_calling_hours

router = APIRouter(prefix=PREFIX)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, session: SessionDep, staff: AdminDep) -> Response:
    params = request.query_params
    page = params.get("page", "1")
    actor = params.get("actor", "")
    filters = AuditFilters(
        object_type=params.get("object_type") or None,
        object_id=params.get("object_id") or None,
        actor_id=int(actor) if actor.isdigit() else None,
        action_prefix=params.get("action") or None,
        page=int(page) if page.isdigit() else 1,
    )
    result = browse(session, staff.scope, filters)
    context = {
        "section": "audit",
        "result": result,
        "filters": filters,
        "actors": [(u.id, u.email) for u in accounts.list_staff(session, staff.scope)],
        "query": "&".join(f"{k}={v}" for k, v in params.items() if k != "page"),
    }
    return render(request, "audit.html", context, staff=staff)


@router.get("/tasks", response_class=HTMLResponse)
def tasks_page(request: Request, session: SessionDep, staff: TerritoryStaffDep) -> Response:
    context = {
        "section": "tasks",
        "tasks": erasure.open_tasks(session, staff.scope),
        "notice": request.query_params.get("done"),
    }
    return render(request, "tasks.html", context, staff=staff)


@router.post("/tasks/{task_id}/{action}")
def complete(task_id: int, action: str, session: SessionDep, staff: CsrfDep) -> Response:
    try:
        if action == "erase":
            outcome = erasure.apply_erasure(session, staff.scope, task_id)
            notice = (
                f"Effacement appliqué : {outcome.anonymised} dossier(s) anonymisé(s), "
                f"signalant effacé de {outcome.reporter_erased} dossier(s)."
            )
        elif action == "opt-out":
            erasure.acknowledge_opt_out(session, staff.scope, task_id)
            notice = "Opposition vérifiée."
        else:
            raise erasure.TaskError("Action inconnue.")
    except erasure.TaskError as error:
        session.rollback()
        raise Forbidden(str(error)) from error
    session.commit()
    return RedirectResponse(f"{PREFIX}/tasks?done={notice}", status_code=303)


@router.get("/territoire", response_class=HTMLResponse)
def territory_page(request: Request, session: SessionDep, staff: AdminDep) -> Response:
    context = {
        "section": "territory",
        "territory": session.get_one(Territory, staff.scope.territory_id),
        "notice": "Les heures d'appel sont enregistrées."
        if request.query_params.get("done")
        else None,
    }
    return render(request, "territory.html", context, staff=staff)


@router.post("/territoire/heures-appel", response_class=HTMLResponse)
async def calling_hours(request: Request, session: SessionDep, staff: CsrfDep) -> Response:
    if not staff.scope.is_admin:
        raise Forbidden("Seuls les administrateurs modifient les heures d'appel.")
    form = await request.form()
    territory = session.get_one(Territory, staff.scope.territory_id)
    try:
        set_calling_hours(
            session,
            territory,
            str(form.get("calling_from", "")),
            str(form.get("calling_until", "")),
            actor_id=staff.scope.staff_id,
        )
    except InvalidHours as error:
        session.rollback()
        context = {
            "section": "territory",
            "territory": territory,
            "error": str(error),
            "error_target": "calling-from",
        }
        return render(request, "territory.html", context, staff=staff, status_code=422)
    session.commit()
    return RedirectResponse(f"{PREFIX}/territoire?done=1", status_code=303)
