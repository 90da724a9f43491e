"""The simulator's pages: `/dev/phone` and its forms (htmx fragments, or a full page without
JavaScript), and the list of what the console adapter recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.backoffice.templating import dt, page_defaults
from api.deps import SessionDep, SettingsDep
from api.devphone import phone
from api.devphone.relay import Relay, readable, to_e164
from relais.telephony.console import recorded, set_call_status

PREFIX = "/dev/phone"
DEFAULT_NUMBER = "06 12 34 56 78"
OUTBOUND_SHOWN = 50
HERE = Path(__file__).parent

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.loader = jinja2.ChoiceLoader(
    [
        jinja2.FileSystemLoader(HERE / "templates"),
        jinja2.FileSystemLoader(HERE.parent / "backoffice" / "templates"),
    ]
)
templates.env.filters["dt"] = dt
templates.env.filters["readable_number"] = readable

router = APIRouter(prefix=PREFIX, include_in_schema=False)

Number = Annotated[str, Form(alias="numero")]


def _simulator(request: Request) -> phone.Simulator:
    simulator: phone.Simulator = request.app.state.phone_simulator
    return simulator


def _relay(request: Request, settings: SettingsDep) -> Relay:
    return Relay(settings, str(request.base_url))


def _context(request: Request, number: str) -> dict[str, Any]:
    simulator = _simulator(request)
    return page_defaults(request, {}) | {
        "home_url": PREFIX,
        "number": number,
        "thread": simulator.thread(number),
        "call": simulator.calls.get(number),
        "dial_outcomes": phone.DIAL_OUTCOMES,
        "keypad": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"],
    }


def _answer(request: Request, template: str, number: str) -> Response:
    """An htmx request gets the part of the page that changed; a plain form, the whole page."""
    if request.headers.get("hx-request") == "true":
        return templates.TemplateResponse(request, template, _context(request, number))
    query = urlencode({"numero": number})
    return RedirectResponse(
        f"{PREFIX}?{query}#{template.removeprefix('_').removesuffix('.html')}", 303
    )


@router.get("", response_class=HTMLResponse)
def page(request: Request, session: SessionDep, numero: str = DEFAULT_NUMBER) -> Response:
    number = to_e164(numero) or to_e164(DEFAULT_NUMBER)
    context = _context(request, number) | _outbound(request, session) | {"typed": numero}
    return templates.TemplateResponse(request, "phone.html", context)


@router.post("/sms")
async def sms(
    request: Request,
    settings: SettingsDep,
    number: Number,
    texte: Annotated[str, Form()] = "",
) -> Response:
    simulator = _simulator(request)
    if texte.strip():
        await phone.send_sms(simulator, _relay(request, settings), number, texte.strip())
    else:
        simulator.thread(number).lines.append(phone.Line("error", "Écrivez un message."))
    return _answer(request, "_sms.html", number)


@router.post("/sms/renvoi")
async def sms_again(request: Request, settings: SettingsDep, number: Number) -> Response:
    await phone.resend_last_sms(_simulator(request), _relay(request, settings), number)
    return _answer(request, "_sms.html", number)


@router.post("/appel")
async def call(request: Request, settings: SettingsDep, number: Number) -> Response:
    await phone.place_call(_simulator(request), _relay(request, settings), number)
    return _answer(request, "_call.html", number)


def _current_call(request: Request, number: str) -> phone.Call:
    current = _simulator(request).calls.get(number)
    if current is None:
        raise HTTPException(404, "Aucun appel en cours pour ce numéro.")
    return current


@router.post("/appel/reponse")
async def call_answer(
    request: Request,
    settings: SettingsDep,
    number: Number,
    touches: Annotated[str, Form()] = "",
    parole: Annotated[str, Form()] = "",
) -> Response:
    digits = "".join(key for key in touches if key in "0123456789*#")
    current = _current_call(request, number)
    await phone.answer(current, _relay(request, settings), digits=digits, speech=parole.strip())
    return _answer(request, "_call.html", number)


@router.post("/appel/message")
async def call_message(
    request: Request, settings: SettingsDep, number: Number, message: Annotated[str, Form()] = ""
) -> Response:
    current = _current_call(request, number)
    simulator = _simulator(request)
    text = message.strip() or "(message vide)"
    await phone.leave_message(simulator, current, _relay(request, settings), text)
    return _answer(request, "_call.html", number)


@router.post("/appel/transfert")
async def call_dial(
    request: Request, settings: SettingsDep, number: Number, issue: Annotated[str, Form()] = ""
) -> Response:
    await phone.end_dial(_current_call(request, number), _relay(request, settings), issue)
    return _answer(request, "_call.html", number)


@router.post("/appel/raccrocher")
async def call_hang_up(request: Request, settings: SettingsDep, number: Number) -> Response:
    await phone.hang_up(_current_call(request, number), _relay(request, settings))
    return _answer(request, "_call.html", number)


OUTCOMES = ("decrocher", "messagerie", "sonne", "occupe")


@router.post("/appel/decrocher")
async def pick_up(
    request: Request,
    settings: SettingsDep,
    session: SessionDep,
    sid: Annotated[str, Form()],
    issue: Annotated[str, Form()] = "decrocher",
) -> Response:
    """What happens to a call that Relais placed through the console adapter: the person picks
    up, their voicemail does, it rings out, or the line is busy."""
    placed = next((r for r in recorded(session, kind="call") if r.sid == sid), None)
    if placed is None or not placed.url or issue not in OUTCOMES:
        raise HTTPException(404, "Appel inconnu.")
    simulator, relay = _simulator(request), _relay(request, settings)
    set_call_status(session, placed.sid, "in-progress" if issue == "decrocher" else issue)
    if issue == "decrocher":
        await phone.answer_outbound(
            simulator, relay, placed.sid, placed.to, placed.url, placed.status_callback
        )
    elif issue == "messagerie":
        await phone.voicemail(
            simulator, relay, placed.sid, placed.to, placed.url, placed.status_callback
        )
    else:
        status = "no-answer" if issue == "sonne" else "busy"
        set_call_status(session, placed.sid, status)
        await phone.unanswered(
            simulator, relay, placed.sid, placed.to, placed.status_callback, status
        )
    return RedirectResponse(f"{PREFIX}?{urlencode({'numero': placed.to})}#appel", 303)


def _outbound(request: Request, session: SessionDep) -> dict[str, Any]:
    answered = {call.sid for call in _simulator(request).calls.values()}
    return {"outbound": list(reversed(recorded(session)[-OUTBOUND_SHOWN:])), "answered": answered}


@router.get("/envois", response_class=HTMLResponse)
def outbound(request: Request, session: SessionDep) -> Response:
    context = page_defaults(request, {}) | _outbound(request, session)
    return templates.TemplateResponse(request, "_outbound.html", context)


@router.get("/enregistrements/{recording_sid}", response_class=PlainTextResponse)
def recording(request: Request, recording_sid: str) -> str:
    """What the caller "said" on a simulated voicemail (the back-office links to it)."""
    message = _simulator(request).recordings.get(recording_sid)
    if message is None:
        raise HTTPException(404, "Enregistrement inconnu (le simulateur a peut-être redémarré).")
    return f"Message laissé (simulateur) : {message}"
