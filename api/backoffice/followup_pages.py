"""The Suivis page (followed people in the user's scope), a follow-up set up from its case
page, and its actions: confirm, change, pause, resume, stop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api.backoffice import followup_forms as forms
from api.backoffice import problems
from api.backoffice.case_forms import ActionForm, FormError
from api.backoffice.case_pages import FOLLOWUP_NOTICES, case_context
from api.backoffice.security import PREFIX, CaseStaffDep, CsrfDep, Staff
from api.backoffice.templating import render
from api.deps import NowDep, SessionDep
from relais.cases.queries import case_view
from relais.cases.scope import CaseNotFound
from relais.directory import service as directory
from relais.followups import enrolment, views
from relais.followups.enrolment import FollowUpError
from relais.followups.models import FollowUp
from relais.territory.models import Territory

router = APIRouter(prefix=PREFIX)


def _territory(session: Session, staff: Staff) -> Territory:
    return session.get_one(Territory, staff.scope.territory_id)


def _standings(raw: list[str]) -> frozenset[views.Standing]:
    return frozenset(views.Standing(s) for s in raw if s in views.Standing.__members__.values())


@router.get("/suivis", response_class=HTMLResponse)
def followups_page(
    request: Request, session: SessionDep, staff: CaseStaffDep, now: NowDep
) -> Response:
    params = request.query_params
    structure = params.get("structure", "")
    chosen = _standings(params.getlist("etat"))
    rows = views.rows(
        session,
        _territory(session, staff),
        staff.scope,
        now,
        standings=chosen or None,
        alerts_only=params.get("alertes") == "1",
        structure_id=int(structure) if structure.isdigit() else None,
    )
    context = {
        "section": "followups",
        "rows": rows,
        "standings": list(views.Standing),
        "chosen": chosen,
        "alerts_only": params.get("alertes") == "1",
        "structure": structure,
        "structures": directory.choices(session, staff.scope) if staff.scope.territory_wide else [],
        "notice": FOLLOWUP_NOTICES.get(params.get("done", "")),
    }
    return render(request, "followups.html", context, staff=staff)


Action = Callable[[Session, Territory, Staff, int, Any, Any], FollowUp]
ACTIONS: dict[str, tuple[type[ActionForm], Action]] = {
    "confirm": (
        ActionForm,
        lambda db, t, staff, fid, form, now: enrolment.confirm(db, t, staff.scope, fid, now),
    ),
    "change": (
        forms.ScheduleForm,
        lambda db, t, staff, fid, form, now: enrolment.change(
            db, t, staff.scope, fid, form.request(None, None), now
        ),
    ),
    "pause": (
        forms.PauseForm,
        lambda db, t, staff, fid, form, now: enrolment.pause(
            db,
            t,
            staff.scope,
            fid,
            from_day=form.from_day,
            until_day=form.until_day,
            reason=form.reason,
            note=form.note,
            now=now,
        ),
    ),
    "resume": (
        ActionForm,
        lambda db, t, staff, fid, form, now: enrolment.resume(db, t, staff.scope, fid, now),
    ),
    "stop": (
        forms.StopForm,
        lambda db, t, staff, fid, form, now: enrolment.stop(
            db, t, staff.scope, fid, reason=form.reason, note=form.note
        ),
    ),
}


def _done(request: Request, case_id: int, action: str) -> Response:
    target = f"{PREFIX}/cases/{case_id}?suivi={action}#suivi"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Location": target})
    return RedirectResponse(target, status_code=303)


# The follow-up forms' field ids on the case page, by field name; {p} is the form's prefix.
FIELD_IDS = {
    "days": "{p}-days",
    "at": "{p}-at",
    "channel": "{p}-channel",
    "structure_id": "{p}-structure",
    "referent_id": "{p}-referent",
    "starts_on": "{p}-start",
    "ends_on": "{p}-end",
    "phone": "{p}-phone",
    "consent_by_phone": "{p}-consent",
    "from_day": "pause-from-{id}",
    "until_day": "pause-until-{id}",
    "reason": "{action}-reason-{id}",
    "note": "{action}-note-{id}",
}


def _refused(
    request: Request,
    session: Session,
    staff: Staff,
    case_id: int,
    error: Exception,
    fold: tuple[str, str, int | None],
) -> Response:
    """The case page again, the refused form open with its errors; `fold` is the form's
    (action, field prefix, follow-up id)."""
    session.rollback()
    context = case_context(session, staff, case_id)
    session.commit()
    action, prefix, followup_id = fold
    form_id = f"followup-{followup_id}-{action}" if followup_id else "followup-enrol"

    def field_id(field: str) -> str:
        pattern = FIELD_IDS.get(field, form_id)
        return pattern.format(p=prefix, id=followup_id, action=action)

    context |= problems.for_form(error, form_id, field_id)
    status = 200 if request.headers.get("hx-request") else 422
    return render(request, "case.html", context, staff=staff, status_code=status)


@router.post("/suivis/{followup_id}/{action}", response_class=HTMLResponse)
async def followup_action(
    request: Request,
    followup_id: int,
    action: str,
    session: SessionDep,
    staff: CsrfDep,
    now: NowDep,
) -> Response:
    if not staff.scope.reads_cases or action not in ACTIONS:
        raise CaseNotFound()
    territory = _territory(session, staff)
    followup = enrolment.get_followup(session, staff.scope, territory.id, followup_id)
    model, handler = ACTIONS[action]
    try:
        form = forms.read(model, await request.form())
        if action == "change":
            form.phone = followup.phone or ""
        handler(session, territory, staff, followup.id, form, now)
    except (FormError, FollowUpError) as error:
        fold = (action, f"change-{followup.id}", followup.id)
        return _refused(request, session, staff, followup.case_id, error, fold)
    session.commit()
    return _done(request, followup.case_id, action)


@router.post("/cases/{case_id}/suivi", response_class=HTMLResponse)
async def enrol(
    request: Request, case_id: int, session: SessionDep, staff: CsrfDep, now: NowDep
) -> Response:
    """Sets up a follow-up from the case page (the person's number by default)."""
    if not staff.scope.reads_cases:
        raise CaseNotFound()
    view = case_view(session, staff.scope, case_id)
    try:
        form = forms.read(forms.ScheduleForm, await request.form())
        phone = view.person.phone if view.person else None
        request_ = form.request(case_id, phone)
        enrolment.enrol(session, _territory(session, staff), staff.scope, request_, now)
    except (FormError, FollowUpError) as error:
        return _refused(request, session, staff, case_id, error, ("enrol", "enrol", None))
    session.commit()
    return _done(request, case_id, "enrol")
