"""The back-office: server-rendered pages (Jinja2, DSFR, htmx) for staff.

`install(app)` mounts the static files, registers the pages and the error handlers.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from api.backoffice import (
    account_pages,
    admin_pages,
    auth_pages,
    case_pages,
    directory_pages,
    followup_pages,
    stats_pages,
)
from api.backoffice.security import PREFIX, CsrfFailed, Forbidden, LoginRequired, login_url
from api.backoffice.templating import render
from relais.cases.scope import CaseNotFound, NotAllowed
from relais.followups.enrolment import FollowUpNotFound

STATIC = Path(__file__).parent / "static"


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(f"{PREFIX}/api/") or path.endswith(".csv")


def _error(request: Request, status: int, title: str, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    context = {"title": title, "message": message}
    return render(request, "error.html", context, status_code=status)


async def _login_required(request: Request, exc: Exception) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": "Connectez-vous pour accéder à cette page."}, 401)
    if request.method != "GET":  # the session expired while a form was open
        referer = urlsplit(request.headers.get("referer", "")).path
        return RedirectResponse(login_url(referer or f"{PREFIX}/"), status_code=303)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(login_url(target), status_code=303)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, "Dossier introuvable", str(exc))


async def _forbidden(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, Forbidden) else str(exc)
    return _error(request, 403, "Accès refusé", message)


async def _csrf(request: Request, exc: Exception) -> Response:
    message = "Le formulaire a expiré ou ne vient pas de Relais. Rechargez la page et recommencez."
    return _error(request, 403, "Formulaire refusé", message)


def install(app: FastAPI) -> None:
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="backoffice-static")
    pages = (
        auth_pages,
        case_pages,
        followup_pages,
        directory_pages,
        stats_pages,
        admin_pages,
        account_pages,
    )
    for module in pages:
        app.include_router(module.router, include_in_schema=False)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(CaseNotFound, _not_found)
    app.add_exception_handler(FollowUpNotFound, _not_found)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(NotAllowed, _forbidden)
    app.add_exception_handler(CsrfFailed, _csrf)
