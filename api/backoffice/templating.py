"""Jinja2 set-up: templates, French filters, and what every page receives."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse

from api.backoffice import problems
from api.backoffice.security import CSRF_FIELD, Staff
from relais.audit import wording as audit_wording
from relais.cases import wording
from relais.cases.describe import event_summary

HERE = Path(__file__).parent
PARIS = ZoneInfo("Europe/Paris")
templates = Jinja2Templates(directory=HERE / "templates")

# Readable names for keys of `collected` and `assessment`; unknown keys are humanised.
KEY_LABELS = {
    "danger_kind": "Type de danger",
    "request": "Demande",
    "reason": "Motif",
    "recording_url": "Message vocal",
    "reporter_relation": "Lien du signalant",
    "relation": "Lien avec la personne",
    "commune": "Commune",
    "address": "Adresse",
    "approximate_age": "Âge approximatif",
    "age": "Âge",
    "observation": "Ce qui a été remarqué",
    "person_consent": "Accord de la personne (selon le signalant)",
    "wants_feedback": "Souhaite des nouvelles",
    "reporter_wants_feedback": "Souhaite des nouvelles",
    "reporter_phone": "Téléphone du signalant",
    "first_name": "Prénom",
    "networks": "Réseaux de sociabilité",
    "ucla": "Échelle de solitude (UCLA-3)",
    "ucla_score": "Score UCLA-3",
    "events": "Événements de rupture",
    "health": "Santé",
    "mobility": "Mobilité",
    "caregiving": "Aidant",
    "needs": "Ce qui aiderait",
    "preferred_channel": "Canal préféré",
    "preferred_times": "Moments préférés",
    "level": "Niveau",
    "score": "Score",
    "danger_now": "Danger immédiat",
}


def dt(value: datetime | None, with_time: bool = True) -> str:
    return wording.date_time(value, with_time)


def humanise(key: str) -> str:
    if key in KEY_LABELS:
        return KEY_LABELS[key]
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def readable(value: Any) -> str:
    """A collected value as plain French text (nested structures are flattened)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list):
        return ", ".join(readable(v) for v in value) or "—"
    if isinstance(value, dict):
        return " ; ".join(f"{humanise(str(k))} : {readable(v)}" for k, v in value.items())
    return str(value)


def label(kind: str, value: object) -> str:
    """The French label of a value; a missing value (an event written by older or newer
    code, without that key) shows as a dash."""
    mapping = getattr(wording, kind.upper())
    if isinstance(value, jinja2.Undefined):
        value = None
    return wording.label(mapping, getattr(value, "value", value) if value is not None else None)


# A French number, or an emergency number after "le" or "au" ("appelez le 15"), not "15 ans";
# the same rule as static/chat.mjs.
PHONE_NUMBER = re.compile(
    r"\b0\d(?:[ .]?\d\d){4}\b|(?<=\ble\s)(?:15|112|114|3114|17|18)\b"
    r"|(?<=\bau\s)(?:15|112|114|3114|17|18)\b"
)


def phone_links(text: str) -> Markup:
    """The text, escaped, with the numbers to call as tel: links."""
    parts: list[str] = []
    last = 0
    for match in PHONE_NUMBER.finditer(text):
        number = match.group(0)
        parts.append(str(escape(text[last : match.start()])))
        target = re.sub(r"[ .]", "", number)
        parts.append(f'<a class="govuk-link" href="tel:{target}">{escape(number)}</a>')
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))  # noqa: S704 - every piece of the text is escaped above


def weekdays(days: list[str]) -> str:
    """["tue", "fri"] as "mardi, vendredi"."""
    return ", ".join(wording.WEEKDAY.get(day, day) for day in days)


env = templates.env
env.filters["weekdays"] = weekdays
env.filters["phone_links"] = phone_links
env.filters["dt"] = dt
env.filters["humanise"] = humanise
env.filters["readable"] = readable
env.globals["label"] = label
env.globals["wording"] = wording
env.globals["event_summary"] = event_summary
env.globals["CSRF_FIELD"] = CSRF_FIELD
env.globals["audit_wording"] = audit_wording


def page_defaults(request: Request, context: dict[str, Any]) -> dict[str, Any]:
    """What every page of the back-office and the simulator receives: the territory's theme,
    and its errors as the error summary and the inline messages show them."""
    found = context.get("problems")
    if found is None:
        found = problems.from_error(context.get("error"), context.get("error_target", "contenu"))
    return {
        "theme": request.app.state.theme,
        "problems": found,
        "field_errors": problems.by_target(found),
        "error_action": context.get("error_action"),
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    staff: Staff | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {"staff": staff, "is_htmx": request.headers.get("hx-request") == "true"} | context
    context |= page_defaults(request, context)
    return templates.TemplateResponse(request, name, context, status_code=status_code)
