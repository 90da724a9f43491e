"""The web chat as pages: `/chat` works without JavaScript (a form posts each message, the
page shows the transcript and the choices as buttons); `/chat/widget` is the same conversation
inside the widget's iframe; `/widget.js` is the line a territory's site includes."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from api.backoffice.templating import render
from api.channels import webchat
from api.deps import NowDep, RuntimeDep, SessionDep
from api.runtime import Runtime
from relais.conversation import service
from relais.conversation import webchat as chat_sessions

router = APIRouter(include_in_schema=False)
WIDGET_JS = Path(__file__).resolve().parents[1] / "backoffice" / "static" / "widget.js"
THEME_PLACEHOLDER = '{ name: "", colour: "#1d70b8" }'
CALLBACK = "/request_callback"


@dataclass
class ChatView:
    """What the chat template shows."""

    action: str
    embedded: bool
    max_length: int
    session_id: str | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)
    pending: bool = False
    problem: str | None = None
    kept_text: str | None = None


def _frame_ancestors(request: Request, embedded: bool) -> str:
    if not embedded:
        return "frame-ancestors 'none'"
    origins = request.app.state.runtime.settings.webchat_origin_list
    return "frame-ancestors " + " ".join(["'self'", *origins])


def _page(request: Request, view: ChatView, status_code: int = 200) -> Response:
    name = "chat_widget.html" if view.embedded else "chat.html"
    response = render(request, name, {"chat": view}, status_code=status_code)
    response.headers["Content-Security-Policy"] = _frame_ancestors(request, view.embedded)
    response.headers["Cache-Control"] = "no-store"  # a conversation is never cached
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _transcript(session: Session, view: ChatView) -> None:
    if view.session_id is None:
        return
    view.messages = service.transcript(session, view.session_id)
    last = view.messages[-1] if view.messages else None
    if last is not None and last["direction"] == "out":
        view.buttons = list(last.get("buttons") or [])  # type: ignore[call-overload]
    elif last is not None:
        view.pending = True


def _view(request: Request, embedded: bool) -> ChatView:
    settings = request.app.state.runtime.settings
    action = "/chat/widget" if embedded else "/chat"
    return ChatView(action=action, embedded=embedded, max_length=settings.max_message_length)


@router.get("/chat", response_class=HTMLResponse)
def chat_page(request: Request) -> Response:
    return _page(request, _view(request, embedded=False))


@router.get("/chat/widget", response_class=HTMLResponse)
def chat_widget(request: Request) -> Response:
    return _page(request, _view(request, embedded=True))


@router.post("/chat", response_class=HTMLResponse)
@router.post("/chat/widget", response_class=HTMLResponse)
def chat_post(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    now: NowDep,
    session_id: Annotated[str, Form(max_length=64)] = "",
    text: Annotated[str, Form(max_length=20_000)] = "",
    payload: Annotated[str, Form(max_length=200)] = "",
    refresh: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """One message of the conversation without JavaScript (on /chat, or in the widget's frame):
    the text typed, or the button pressed (`payload`), or only a look at the answers that came
    since (`refresh`)."""
    view = _view(request, embedded=request.url.path.endswith("/widget"))
    return _post(request, runtime, session, now, view, session_id, payload or text, bool(refresh))


def _post(
    request: Request,
    runtime: Runtime,
    session: Session,
    now: datetime,
    view: ChatView,
    session_id: str,
    said: str,
    refresh: bool,
) -> Response:
    view.session_id = session_id or None
    status_code = 200
    try:
        if view.session_id is not None:
            chat_sessions.web_conversation(session, view.session_id, now)
        if not refresh:
            status_code = _send(request, runtime, session, now, view, said)
    except service.UnknownConversation:
        view.session_id, view.problem = None, webchat.UNKNOWN_SESSION
        view.kept_text, status_code = said, 404
    _transcript(session, view)
    return _page(request, view, status_code)


def _send(
    request: Request, runtime: Runtime, session: Session, now: datetime, view: ChatView, said: str
) -> int:
    if not said.strip():
        view.problem = "Écrivez votre message avant de l'envoyer."
        return 422
    try:
        if view.session_id is None:
            view.session_id = webchat.open_session(
                runtime, session, webchat.client_address(request), now
            )
        result = webchat.exchange(runtime, session, view.session_id, said, uuid.uuid4().hex, now)
    except (service.InvalidMessage, chat_sessions.TooMany) as error:
        view.problem, view.kept_text = str(error), said
        return 429 if isinstance(error, chat_sessions.TooMany) else 422
    if result.unavailable:
        view.problem = webchat.UNAVAILABLE
    return 200


@router.get("/widget.js")
def widget_script(request: Request) -> Response:
    """The launcher, with the territory's name and colour written in."""
    theme = request.app.state.theme
    constants = json.dumps({"name": theme.name, "colour": theme.colour}, ensure_ascii=False)
    script = WIDGET_JS.read_text().replace(THEME_PLACEHOLDER, constants, 1)
    headers = {"Cache-Control": "public, max-age=300"}
    return Response(script, media_type="text/javascript; charset=utf-8", headers=headers)
