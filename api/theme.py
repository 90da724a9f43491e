"""The territory's theme for every page: its logo, and the demo's personal-data page (a real
territory points RELAIS_THEME_PRIVACY_URL at its own)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.backoffice.templating import render
from relais.territory.theme import Theme

router = APIRouter(include_in_schema=False)
PRIVACY_PATH = "/donnees-personnelles"


def _theme(request: Request) -> Theme:
    theme: Theme = request.app.state.theme
    return theme


@router.get("/theme/logo")
def logo(request: Request) -> Response:
    theme = _theme(request)
    headers = {"Cache-Control": "public, max-age=3600"}
    return FileResponse(theme.logo, media_type=theme.logo_media_type, headers=headers)


@router.get("/theme/style.css")
def style(request: Request) -> Response:
    """The territory's colour for the pages (a stylesheet, so that no page needs an inline
    style under a strict Content-Security-Policy)."""
    colour = _theme(request).colour
    css = f":root {{ --govuk-brand-colour: {colour}; --relais-brand-colour: {colour}; }}\n"
    headers = {"Cache-Control": "public, max-age=300"}
    return Response(css, media_type="text/css", headers=headers)


@router.get(PRIVACY_PATH, response_class=HTMLResponse)
def privacy(request: Request) -> Response:
    return render(request, "privacy.html", {"home_url": PRIVACY_PATH})
