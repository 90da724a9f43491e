"""`/dev/site`: a mock page of the département's site with the web chat widget on it, served
under a strict Content-Security-Policy (no inline script or style) as a real site may be."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.devphone.pages import templates

router = APIRouter(prefix="/dev/site", include_in_schema=False)
STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'"
)


@router.get("", response_class=HTMLResponse)
def site(request: Request, page: str = "") -> Response:
    response = templates.TemplateResponse(request, "dev_site.html", {"page": page})
    response.headers["Content-Security-Policy"] = STRICT
    return response
