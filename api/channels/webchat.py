"""Web chat API: sessions and messages, used by the widget (static/chat.mjs) and, through
`exchange`, by the page without JavaScript (webchat_page.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from api.deps import NowDep, RuntimeDep, SessionDep
from api.runtime import Runtime
from relais.cases.models import Channel
from relais.conversation import service, webchat
from relais.conversation.answering import AnswerState
from relais.conversation.models import InboxStatus, OutboundMessage
from relais.territory.service import get_territory

router = APIRouter(prefix="/api/chat", tags=["web chat"])

UNAVAILABLE = (
    "Désolé, l'assistant ne peut pas répondre pour le moment. Votre message est bien "
    "enregistré : nous y répondrons dès que possible."
)
UNKNOWN_SESSION = "Cette conversation n'existe pas ou a expiré. Ouvrez une nouvelle conversation."


class SessionCreated(BaseModel):
    session_id: str


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    client_message_id: Annotated[str | None, Field(max_length=100)] = None


class ButtonOut(BaseModel):
    title: str
    payload: str


class MessageOut(BaseModel):
    text: str
    buttons: list[ButtonOut] = []


class Replies(BaseModel):
    messages: list[MessageOut]
    pending: bool = False


@dataclass
class Exchange:
    """What became of one message: the replies, or `pending` (they come later), or
    `unavailable` (the assistant is down; the message is kept and answered when it is back)."""

    messages: list[MessageOut] = field(default_factory=list)
    pending: bool = False
    unavailable: bool = False


def _out(messages: list[OutboundMessage]) -> list[MessageOut]:
    # A reply with only channel instructions (e.g. the voice hand-off) has nothing to show.
    return [
        MessageOut(text=m.text, buttons=[ButtonOut(**b) for b in m.buttons])
        for m in messages
        if m.text or m.buttons
    ]


def limits(runtime: Runtime) -> webchat.ChatLimits:
    settings = runtime.settings
    return webchat.ChatLimits(
        sessions_per_hour=settings.webchat_sessions_per_hour,
        messages_per_minute=settings.webchat_messages_per_minute,
        secret=settings.secret_key.get_secret_value(),
    )


def client_address(request: Request) -> str:
    # Behind a reverse proxy, uvicorn's --proxy-headers puts the visitor's address here.
    return request.client.host if request.client else "unknown"


def too_many(error: webchat.TooMany) -> HTTPException:
    headers = {"Retry-After": str(error.retry_after_seconds)}
    return HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, str(error), headers=headers)


def open_session(runtime: Runtime, session: Session, client: str, now: datetime) -> str:
    """A new conversation, or webchat.TooMany; committed."""
    territory = get_territory(session, runtime.settings.territory_code)
    try:
        conversation = webchat.open_session(session, territory.id, client, limits(runtime), now)
    except webchat.TooMany:
        session.commit()  # the expired hits deleted on the way stay deleted
        raise
    session.commit()
    return conversation.id


def exchange(
    runtime: Runtime,
    session: Session,
    session_id: str,
    raw_text: str,
    client_key: str,
    now: datetime,
) -> Exchange:
    """Takes the visitor's message (once per `client_key`) and waits for the answer within
    the chat's budget. Raises UnknownConversation, InvalidMessage or webchat.TooMany."""
    conversation = webchat.web_conversation(session, session_id, now)
    text = service.clean_text(raw_text, runtime.settings.max_message_length)
    key = service.message_key(Channel.WEB, session_id, client_key)
    if service.find_message(session, key) is None:  # a retry of a taken message is not counted
        try:
            webchat.count_message(session, session_id, limits(runtime), now)
        finally:
            session.commit()
    accepted = service.accept_message(session, conversation, text, key)
    if accepted.message.status is InboxStatus.PROCESSED:
        return Exchange(_out(service.replies_to(session, accepted.message.id)))
    answer = runtime.answerer.answer(
        session_id, accepted.message.id, runtime.settings.chat_answer_budget_seconds
    )
    if answer.state is AnswerState.UNAVAILABLE and not answer.replies:
        return Exchange(unavailable=True)
    # Past the budget, or behind an older message of this conversation another worker holds,
    # the answer comes later: the widget reads it from the transcript.
    return Exchange(_out(answer.replies), pending=answer.state is not AnswerState.READY)


@router.post("/sessions", status_code=status.HTTP_201_CREATED)
def create_session(
    request: Request, runtime: RuntimeDep, session: SessionDep, now: NowDep
) -> SessionCreated:
    try:
        return SessionCreated(
            session_id=open_session(runtime, session, client_address(request), now)
        )
    except webchat.TooMany as error:
        raise too_many(error) from error


@router.post("/sessions/{session_id}/messages", response_model=Replies)
def post_message(
    session_id: str,
    body: MessageIn,
    runtime: RuntimeDep,
    session: SessionDep,
    now: NowDep,
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> Any:
    client_key = idempotency_key or body.client_message_id or uuid.uuid4().hex
    try:
        result = exchange(runtime, session, session_id, body.text, client_key, now)
    except service.UnknownConversation as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION) from error
    except service.InvalidMessage as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    except webchat.TooMany as error:
        raise too_many(error) from error
    if result.unavailable:
        return JSONResponse({"detail": UNAVAILABLE, "queued": True}, status_code=503)
    return Replies(messages=result.messages, pending=result.pending)


@router.get("/sessions/{session_id}/messages")
def get_transcript(session_id: str, session: SessionDep, now: NowDep) -> dict[str, Any]:
    try:
        webchat.web_conversation(session, session_id, now)
    except service.UnknownConversation as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION) from error
    return {"messages": service.transcript(session, session_id)}
