"""The directory of structures: everyone reads it, admins edit, import and export it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from api.backoffice.security import PREFIX, AdminDep, CsrfDep, Forbidden, StaffDep
from api.backoffice.templating import render
from api.deps import SessionDep
from relais.directory import service
from relais.directory.models import Service, StructureKind

router = APIRouter(prefix=f"{PREFIX}/directory")
MAX_UPLOAD = 2_000_000
NOTICES = {
    "created": "La structure est créée.",
    "updated": "La structure est enregistrée.",
    "deactivated": "La structure est désactivée : elle n'est plus proposée à l'orientation.",
    "activated": "La structure est réactivée.",
}


def _form_context(values: dict[str, Any], error: Any = None) -> dict[str, Any]:
    return {
        "section": "directory",
        "values": values,
        "error": error,
        "text_fields": service.TEXT_FIELDS,
        "kinds": list(StructureKind),
        "services": list(Service),
    }


@router.get("", response_class=HTMLResponse)
def directory(request: Request, session: SessionDep, staff: StaffDep) -> Response:
    structures = service.list_structures(session, staff.scope)
    notice = request.query_params.get("imported")
    context = {"section": "directory", "structures": structures, "notice": notice}
    return render(request, "directory.html", context, staff=staff)


@router.get("/export.csv")
def export(session: SessionDep, staff: StaffDep) -> Response:
    return Response(
        service.export_csv(session, staff.scope),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="annuaire.csv"'},
    )


@router.get("/new", response_class=HTMLResponse)
def new_form(request: Request, staff: AdminDep) -> Response:
    values = {"active": "oui", "communes": ""}
    return render(request, "structure_form.html", _form_context(values), staff=staff)


def _values(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    values["services"] = [v for v in form.getlist("services") if isinstance(v, str)]
    values["active"] = "oui" if form.get("active") else "non"
    values["ouvert_weekend"] = "oui" if form.get("ouvert_weekend") else "non"
    return values


@router.post("/new", response_class=HTMLResponse)
async def create(request: Request, session: SessionDep, staff: CsrfDep) -> Response:
    values = _values(await request.form())
    try:
        structure = service.create(session, staff.scope, values)
    except service.DirectoryError as error:
        session.rollback()
        context = _form_context(values, error.errors)
        return render(request, "structure_form.html", context, staff=staff, status_code=422)
    session.commit()
    return RedirectResponse(f"{PREFIX}/directory/{structure.id}?done=created", status_code=303)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, staff: AdminDep) -> Response:
    context = {"section": "directory", "columns": service.CSV_COLUMNS}
    return render(request, "directory_import.html", context, staff=staff)


@router.post("/import", response_class=HTMLResponse)
async def import_file(request: Request, session: SessionDep, staff: CsrfDep) -> Response:
    form = await request.form()
    upload = form.get("file")
    context: dict[str, Any] = {"section": "directory", "columns": service.CSV_COLUMNS}
    error: Any = None
    text = ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        error = "Choisissez un fichier CSV."
    else:
        raw = await upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            error = "Le fichier est trop gros (2 Mo au plus)."
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
    if error is None:
        try:
            result = service.import_csv(session, staff.scope, text)
        except service.DirectoryError as failed:
            session.rollback()
            error = failed.errors
        else:
            session.commit()
            notice = (
                f"Import réussi : {result.created} structure(s) créée(s), "
                f"{result.updated} mise(s) à jour."
            )
            return RedirectResponse(f"{PREFIX}/directory?imported={notice}", status_code=303)
    context |= {"error": error, "error_target": "fichier"}
    return render(request, "directory_import.html", context, staff=staff, status_code=422)


@router.get("/{structure_id}", response_class=HTMLResponse)
def show(request: Request, structure_id: int, session: SessionDep, staff: StaffDep) -> Response:
    structure = _get(session, staff, structure_id)
    context = {
        "section": "directory",
        "s": structure,
        "text_fields": service.TEXT_FIELDS,
        "notice": NOTICES.get(request.query_params.get("done", "")),
    }
    return render(request, "structure.html", context, staff=staff)


def _get(session: Any, staff: Any, structure_id: int) -> Any:
    try:
        return service.get(session, staff.scope, structure_id)
    except LookupError as error:
        raise Forbidden(str(error)) from error


@router.get("/{structure_id}/edit", response_class=HTMLResponse)
def edit_form(
    request: Request, structure_id: int, session: SessionDep, staff: AdminDep
) -> Response:
    structure = _get(session, staff, structure_id)
    values: dict[str, Any] = service.as_row(structure)
    values["services"] = list(structure.services)
    context = _form_context(values) | {"structure_id": structure.id}
    return render(request, "structure_form.html", context, staff=staff)


@router.post("/{structure_id}/edit", response_class=HTMLResponse)
async def edit(
    request: Request, structure_id: int, session: SessionDep, staff: CsrfDep
) -> Response:
    values = _values(await request.form())
    try:
        service.update(session, staff.scope, structure_id, values)
    except service.DirectoryError as error:
        session.rollback()
        context = _form_context(values, error.errors) | {"structure_id": structure_id}
        return render(request, "structure_form.html", context, staff=staff, status_code=422)
    except LookupError as error:
        raise Forbidden(str(error)) from error
    session.commit()
    return RedirectResponse(f"{PREFIX}/directory/{structure_id}?done=updated", status_code=303)


@router.post("/{structure_id}/active")
async def set_active(
    request: Request, structure_id: int, session: SessionDep, staff: CsrfDep
) -> Response:
    active = (await request.form()).get("active") == "1"
    try:
        service.set_active(session, staff.scope, structure_id, active)
    except LookupError as error:
        raise Forbidden(str(error)) from error
    session.commit()
    done = "activated" if active else "deactivated"
    return RedirectResponse(f"{PREFIX}/directory/{structure_id}?done={done}", status_code=303)


__all__ = ["router"]
