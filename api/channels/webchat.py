"""Web chat API: sessions and messages. The widget comes later; this is its contract."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import RuntimeDep, SessionDep
from relais.cases.models import Channel
from relais.conversation import service
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


def _out(messages: list[OutboundMessage]) -> list[MessageOut]:
    # A reply with only channel instructions (e.g. the voice hand-off) has nothing to show.
    return [
        MessageOut(text=m.text, buttons=[ButtonOut(**b) for b in m.buttons])
        for m in messages
        if m.text or m.buttons
    ]


@router.post("/sessions", status_code=status.HTTP_201_CREATED)
def create_session(runtime: RuntimeDep, session: SessionDep) -> SessionCreated:
    territory = get_territory(session, runtime.settings.territory_code)
    conversation = service.start_conversation(session, territory.id, Channel.WEB)
    session.commit()
    return SessionCreated(session_id=conversation.id)


@router.post("/sessions/{session_id}/messages", response_model=Replies)
def post_message(
    session_id: str,
    body: MessageIn,
    runtime: RuntimeDep,
    session: SessionDep,
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> Any:
    try:
        conversation = service.get_conversation(session, session_id)
        text = service.clean_text(body.text, runtime.settings.max_message_length)
    except service.UnknownConversation as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION) from error
    except service.InvalidMessage as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    client_key = idempotency_key or body.client_message_id or uuid.uuid4().hex
    key = service.message_key(Channel.WEB, session_id, client_key)
    accepted = service.accept_message(session, conversation, text, key)
    if accepted.message.status is InboxStatus.PROCESSED:
        return Replies(messages=_out(service.replies_to(session, accepted.message.id)))
    answer = runtime.answerer.answer(
        session_id, accepted.message.id, runtime.settings.chat_answer_budget_seconds
    )
    if answer.state is AnswerState.UNAVAILABLE and not answer.replies:
        return JSONResponse({"detail": UNAVAILABLE, "queued": True}, status_code=503)
    # Past the budget, or behind an older message of this conversation another worker holds,
    # the answer comes later: the widget reads it from the transcript.
    pending = answer.state is not AnswerState.READY
    return Replies(messages=_out(answer.replies), pending=pending)


@router.get("/sessions/{session_id}/messages")
def get_transcript(session_id: str, session: SessionDep) -> dict[str, Any]:
    try:
        service.get_conversation(session, session_id)
    except service.UnknownConversation as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION) from error
    return {"messages": service.transcript(session, session_id)}
