"""The action server's access to the relais core: one session factory per process, and what
an action needs to know about the conversation it runs in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Channel
from relais.config import get_settings
from relais.conversation.service import find_conversation
from relais.db import make_engine, make_session_factory, session_scope
from relais.flows.readers import Message
from relais.territory.models import Territory
from relais.territory.service import get_territory


@cache
def _factory() -> sessionmaker[Session]:
    return make_session_factory(make_engine(get_settings().database_url))


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """A session committed when the action succeeds, rolled back entirely when it fails."""
    with session_scope(_factory()) as session:
        yield session


def territory(session: Session) -> Territory:
    return get_territory(session, get_settings().territory_code)


@dataclass(frozen=True)
class Context:
    """The conversation an action runs in. Rasa's sender id is Relais's conversation id; a
    conversation unknown to Relais (Rasa used directly) is treated as a web chat."""

    conversation_id: str | None
    channel: Channel
    address: str | None  # the person's phone number on SMS and voice


def context(session: Session, sender_id: str | None) -> Context:
    conversation = find_conversation(session, sender_id)
    if conversation is None:
        return Context(None, Channel.WEB, None)
    return Context(conversation.id, conversation.channel, conversation.address)


def latest(tracker_latest_message: dict[str, Any] | None) -> Message:
    """The latest user message: text, intent and a button's choice."""
    message = tracker_latest_message or {}
    intent = message.get("intent") or {}
    choice = next(
        (str(e.get("value")) for e in message.get("entities") or [] if e.get("entity") == "choice"),
        None,
    )
    return Message(
        text=str(message.get("text") or ""),
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        choice=choice,
    )
