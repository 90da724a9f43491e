"""The queue, the case page and its actions, the queue's CSV export and JSON API."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api.backoffice import case_forms as forms
from api.backoffice import problems
from api.backoffice.security import PREFIX, CaseStaffDep, CsrfDep, Staff
from api.backoffice.templating import render
from api.deps import RuntimeDep, SessionDep
from relais.assessment.level import ORIENTATION_FOR_LEVEL
from relais.cases import export, queries, wording, workflow
from relais.cases.erasure import anonymise_case
from relais.cases.models import (
    CaseStatus,
    Channel,
    ClosedReason,
    IsolationLevel,
    Orientation,
    Origin,
)
from relais.cases.scope import CaseNotFound, NotAllowed
from relais.consent.models import ConsentDecision, ConsentScope
from relais.db import utcnow
from relais.directory import service as directory
from relais.followups import views as followup_views
from relais.followups.models import FollowUpChannel, PauseReason, StopReason
from relais.staff.service import staff_choices
from relais.territory.models import Territory

FOLLOWUP_NOTICES = {
    "enrol": "Le suivi est en place : le premier appel est prévu.",
    "confirm": "Le suivi est confirmé : les appels commencent.",
    "change": "Le suivi est modifié.",
    "pause": "Le suivi est en pause.",
    "resume": "Le suivi reprend.",
    "stop": "Le suivi est arrêté : plus aucun appel ne sera passé.",
}
# Stop reasons only Relais records (an opt-out, an erasure, the end date).
RELAIS_ONLY_STOPS = frozenset({StopReason.OPT_OUT, StopReason.ERASURE, StopReason.ENDED})

router = APIRouter(prefix=PREFIX)
E = TypeVar("E", bound=StrEnum)

NOTICES = {
    "take": "Vous êtes maintenant responsable de ce dossier.",
    "release": "Le dossier n'a plus de responsable.",
    "qualify": "Le dossier est qualifié.",
    "orient": "Le dossier est orienté.",
    "status": "Le statut a été modifié.",
    "close": "Le dossier est clos.",
    "merge": "Le doublon a été fusionné dans ce dossier.",
    "contact": "La tentative de contact est enregistrée.",
    "consent": "Le consentement est enregistré.",
    "note": "La note est ajoutée.",
    "reporter": "Les coordonnées du signalant sont enregistrées.",
    "feedback": "Le SMS de retour a été envoyé au signalant.",
    "anonymise": "Les données personnelles du dossier ont été effacées.",
}


def _enum(cls: type[E], raw: str | None, what: str, errors: list[str]) -> E | None:
    if not raw:
        return None
    try:
        return cls(raw)
    except ValueError:
        errors.append(f"Valeur inconnue pour {what} : « {raw} ».")
        return None


def _int(raw: str | None, what: str, errors: list[str]) -> int | None:
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    errors.append(f"Valeur invalide pour {what} : « {raw} ».")
    return None


def _filters(request: Request, errors: list[str]) -> queries.QueueFilters:
    params = request.query_params
    statuses = [_enum(CaseStatus, s, "le statut", errors) for s in params.getlist("status")]
    return queries.QueueFilters(
        statuses=tuple(s for s in statuses if s is not None),
        level=_enum(IsolationLevel, params.get("level"), "le niveau", errors),
        commune_insee=params.get("commune") or None,
        structure_id=_int(params.get("structure"), "la structure", errors),
        channel=_enum(Channel, params.get("channel"), "le canal", errors),
        origin=_enum(Origin, params.get("origin"), "l'origine", errors),
        overdue_only=params.get("overdue") == "1",
        mine_only=params.get("mine") == "1",
        reference=(params.get("q") or "").strip() or None,
        page=_int(params.get("page"), "la page", errors) or 1,
    )


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, session: SessionDep, staff: CaseStaffDep) -> Response:
    errors: list[str] = []
    filters = _filters(request, errors)
    page = queries.queue(session, staff.scope, filters)
    context = {
        "section": "queue",
        "page": page,
        "filters": filters,
        "communes": queries.territory_communes(session, staff.scope),
        "structure_options": directory.choices(session, staff.scope),
        "error": " ".join(errors) or None,
        "query": request.url.query,
        "page_query": _without_page(request),
    }
    template = (
        "_queue_results.html"
        if request.headers.get("hx-target") == "queue-results"
        else "queue.html"
    )
    return render(request, template, context, staff=staff)


def _without_page(request: Request) -> str:
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    return "&".join(f"{k}={v}" for k, v in pairs)


@router.get("/cases.csv")
def queue_csv(request: Request, session: SessionDep, staff: CaseStaffDep) -> Response:
    """The filtered queue without personal data (relais.cases.export decides the columns)."""
    filters = _filters(request, [])
    return Response(
        export.queue_csv(session, staff.scope, filters),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="file-orientation.csv"'},
    )


def case_context(session: Session, staff: Staff, case_id: int) -> dict[str, Any]:
    view = queries.case_view(session, staff.scope, case_id)
    case = view.case
    territory = session.get_one(Territory, staff.scope.territory_id)
    routing = (
        workflow.routing_proposal(session, staff.scope, case)
        if staff.scope.territory_wide
        else None
    )
    return {
        "section": "queue",
        "view": view,
        "case": case,
        "routing": routing,
        "structures": directory.choices(session, staff.scope, active_only=True)
        if staff.scope.territory_wide
        else [],
        "feedback_refusal": workflow.feedback_refusal(session, case),
        "transitions": sorted(workflow.MANUAL_TRANSITIONS[case.status]),
        "orientation_for_level": ORIENTATION_FOR_LEVEL,
        "statuses": list(CaseStatus),
        "levels": list(IsolationLevel),
        "orientations": list(Orientation),
        "closed_reasons": [r for r in ClosedReason if r is not ClosedReason.DUPLICATE],
        "consent_scopes": [s for s in ConsentScope if s is not ConsentScope.REPORTER_FEEDBACK],
        "consent_decisions": [d for d in ConsentDecision if d is not ConsentDecision.UNKNOWN],
        "feedback_text": workflow.REPORTER_FEEDBACK_SMS,
        "followups": followup_views.panels(session, territory, staff.scope, case.id, utcnow()),
        "followup_form": followup_form_choices(session, staff, territory),
    }


def followup_form_choices(session: Session, staff: Staff, territory: Territory) -> dict[str, Any]:
    """What the follow-up form offers: structures and referents in the user's scope, hours."""
    structure = staff.scope.structure_id
    return {
        "structures": directory.choices(session, staff.scope, active_only=True)
        if staff.scope.territory_wide
        else [],
        "referents": staff_choices(
            session, territory.id, None if staff.scope.territory_wide else structure
        ),
        "calling_from": territory.calling_from,
        "calling_until": territory.calling_until,
        "weekdays": list(wording.WEEKDAY.items()),
        "channels": list(FollowUpChannel),
        "pause_reasons": list(PauseReason),
        "stop_reasons": [r for r in StopReason if r not in RELAIS_ONLY_STOPS],
    }


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: int, session: SessionDep, staff: CaseStaffDep) -> Response:
    context = case_context(session, staff, case_id)
    session.commit()  # the audit entry of the read
    context["notice"] = NOTICES.get(request.query_params.get("done", "")) or FOLLOWUP_NOTICES.get(
        request.query_params.get("suivi", "")
    )
    return render(request, "case.html", context, staff=staff)


Handler = Callable[[Session, Staff, int, Any, RuntimeDep], Any]
ACTIONS: dict[str, tuple[type[forms.ActionForm], Handler]] = {
    "take": (forms.NoInput, lambda db, staff, case, f, rt: workflow.take(db, staff.scope, case)),
    "release": (
        forms.NoInput,
        lambda db, staff, case, f, rt: workflow.release(db, staff.scope, case),
    ),
    "qualify": (
        forms.QualifyForm,
        lambda db, staff, case, f, rt: workflow.qualify(db, staff.scope, case, f.level, f.reason),
    ),
    "orient": (
        forms.OrientForm,
        lambda db, staff, case, f, rt: workflow.orient(
            db, staff.scope, case, f.orientation, f.structure_id, f.reason
        ),
    ),
    "status": (
        forms.StatusForm,
        lambda db, staff, case, f, rt: workflow.change_status(
            db, staff.scope, case, f.status, f.reason
        ),
    ),
    "close": (
        forms.CloseForm,
        lambda db, staff, case, f, rt: workflow.close(db, staff.scope, case, f.reason_code, f.note),
    ),
    "merge": (
        forms.MergeForm,
        lambda db, staff, case, f, rt: workflow.merge(db, staff.scope, case, f.into),
    ),
    "contact": (
        forms.ContactForm,
        lambda db, staff, case, f, rt: workflow.log_contact_attempt(
            db, staff.scope, case, f.outcome, f.note
        ),
    ),
    "consent": (
        forms.ConsentForm,
        lambda db, staff, case, f, rt: workflow.record_phone_consent(
            db, staff.scope, case, f.scope, f.decision
        ),
    ),
    "reporter": (
        forms.ReporterForm,
        lambda db, staff, case, f, rt: workflow.set_reporter_contact(
            db, staff.scope, case, f.phone, f.wants_feedback
        ),
    ),
    "note": (
        forms.NoteForm,
        lambda db, staff, case, f, rt: workflow.add_note(db, staff.scope, case, f.text),
    ),
    "feedback": (
        forms.NoInput,
        lambda db, staff, case, f, rt: workflow.send_reporter_feedback(
            db, staff.scope, case, rt.telephony
        ),
    ),
    "anonymise": (
        forms.AnonymiseForm,
        lambda db, staff, case, f, rt: _anonymise(db, staff, case, f.confirm),
    ),
}


def _anonymise(session: Session, staff: Staff, case_id: int, confirmed: bool) -> Any:
    if not confirmed:
        raise workflow.WorkflowError("Cochez la case pour confirmer l'effacement définitif.")
    return anonymise_case(session, staff.scope, case_id)


@router.post("/cases/{case_id}/actions/{action}", response_class=HTMLResponse)
async def case_action(
    request: Request,
    case_id: int,
    action: str,
    session: SessionDep,
    staff: CsrfDep,
    runtime: RuntimeDep,
) -> Response:
    if not staff.scope.reads_cases or action not in ACTIONS:
        raise CaseNotFound()
    model, handler = ACTIONS[action]
    try:
        # The form is read in full before the action runs: bad input writes nothing.
        form = forms.parse(model, await request.form())
        shown = int(handler(session, staff, case_id, form, runtime).id)
    except (forms.FormError, workflow.WorkflowError, NotAllowed) as error:
        session.rollback()
        context = case_context(session, staff, case_id)
        session.commit()
        context |= problems.for_form(error, f"action-{action}", lambda field: f"{action}-{field}")
        status = 200 if request.headers.get("hx-request") else 422
        return render(request, "case.html", context, staff=staff, status_code=status)
    session.commit()
    target = f"{PREFIX}/cases/{shown}?done={action}"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Location": target})
    return RedirectResponse(target, status_code=303)


def _case_json(session: Session, staff: Staff, case_id: int) -> dict[str, Any]:
    view = queries.case_view(session, staff.scope, case_id)
    case = view.case
    return {
        "id": case.id,
        "reference": case.reference,
        "status": case.status.value,
        "isolation_level": case.isolation_level.value if case.isolation_level else None,
        "channel": case.channel.value,
        "origin": case.origin.value,
        "commune_insee": case.commune_insee,
        "structure_id": case.structure_id,
        "assignee_id": case.assignee_id,
        "proposed_orientation": case.proposed_orientation.value
        if case.proposed_orientation
        else None,
        "chosen_orientation": case.chosen_orientation.value if case.chosen_orientation else None,
        "due_at": case.due_at.isoformat() if case.due_at else None,
        "created_at": case.created_at.isoformat(),
        "collected": case.collected,
        "timeline": [
            {"kind": e.event.kind, "at": e.event.at.isoformat(), "detail": e.event.detail}
            for e in view.timeline
        ],
    }


@router.get("/api/cases")
def api_queue(request: Request, session: SessionDep, staff: CaseStaffDep) -> JSONResponse:
    errors: list[str] = []
    filters = _filters(request, errors)
    if errors:
        return JSONResponse({"detail": " ".join(errors)}, status_code=422)
    page = queries.queue(session, staff.scope, filters)
    return JSONResponse(
        {
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
            "counts": {s.value: n for s, n in page.counts.items()},
            "cases": [
                {
                    "id": r.case.id,
                    "reference": r.case.reference,
                    "status": r.case.status.value,
                    "isolation_level": r.case.isolation_level.value
                    if r.case.isolation_level
                    else None,
                    "due_at": r.case.due_at.isoformat() if r.case.due_at else None,
                    "overdue": r.overdue,
                    "commune": r.commune_name,
                    "structure": r.structure_name,
                }
                for r in page.rows
            ],
        }
    )


@router.get("/api/cases/{case_id}")
def api_case(case_id: int, session: SessionDep, staff: CaseStaffDep) -> JSONResponse:
    body = _case_json(session, staff, case_id)
    session.commit()
    return JSONResponse(body)
