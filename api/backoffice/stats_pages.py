"""The dashboard and its CSV export (aggregated figures only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from api.backoffice.security import PREFIX, Staff, StaffDep
from api.backoffice.templating import render
from api.deps import SessionDep
from relais.cases.queries import territory_communes
from relais.directory.service import list_structures
from relais.stats import service

router = APIRouter(prefix=PREFIX)


def _board(request: Request, session: Session, staff: Staff) -> service.Dashboard:
    params = request.query_params
    structure = params.get("structure") or ""
    filters = service.StatsFilters(
        commune_insee=params.get("commune") or None,
        structure_id=int(structure) if structure.isdigit() else None,
    )
    return service.dashboard(session, staff.scope, filters)


@router.get("/stats", response_class=HTMLResponse)
def stats(request: Request, session: SessionDep, staff: StaffDep) -> Response:
    context = {
        "section": "stats",
        "board": _board(request, session, staff),
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
