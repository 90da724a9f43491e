"""The dashboard and its CSV export (aggregated figures only)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from api.backoffice.security import PREFIX, Staff, StaffDep
from api.backoffice.templating import render
from api.deps import NowDep, SessionDep
from relais.cases.queries import territory_communes
from relais.directory.service import list_structures
from relais.followups.views import WeekFigures, weekly_figures
from relais.staff.models import Role
from relais.stats import service
from relais.territory.models import Territory

router = APIRouter(prefix=PREFIX)


def _board(request: Request, session: Session, staff: Staff) -> service.Dashboard:
    params = request.query_params
    structure = params.get("structure") or ""
    filters = service.StatsFilters(
        commune_insee=params.get("commune") or None,
        structure_id=int(structure) if structure.isdigit() else None,
    )
    return service.dashboard(session, staff.scope, filters)


def _checkins(session: Session, staff: Staff, now: datetime) -> list[WeekFigures]:
    """Aggregated check-in figures: a partner's own follow-ups, the territory's otherwise."""
    territory = session.get_one(Territory, staff.scope.territory_id)
    partner = staff.scope.structure_id if staff.scope.role is Role.PARTNER else None
    return weekly_figures(session, territory, now, structure_id=partner)


@router.get("/stats", response_class=HTMLResponse)
def stats(request: Request, session: SessionDep, staff: StaffDep, now: NowDep) -> Response:
    context = {
        "section": "stats",
        "board": _board(request, session, staff),
        "checkins": _checkins(session, staff, now),
        "communes": territory_communes(session, staff.scope),
        "structures": list_structures(session, staff.scope),
        "commune": request.query_params.get("commune", ""),
        "structure": request.query_params.get("structure", ""),
        "query": request.url.query,
    }
    return render(request, "stats.html", context, staff=staff)


@router.get("/stats.csv")
def stats_csv(request: Request, session: SessionDep, staff: StaffDep) -> Response:
    return Response(
        service.export_csv(_board(request, session, staff)),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="tableau-de-bord.csv"'},
    )
