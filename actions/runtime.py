"""The action server's access to the relais core: one session factory per process, and the
translation between Rasa's tracker and relais.flows (what the person said, where, and what a
turn decided)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Channel
from relais.config import get_settings
from relais.conversation.service import find_conversation
from relais.db import make_engine, make_session_factory, session_scope
from relais.flows.common import FLOW_SLOTS, INITIAL_VALUES
from relais.flows.readers import Message
from relais.flows.turn import Say, Turn, Where
from relais.territory.models import Territory
from relais.territory.service import get_territory

T = TypeVar("T")


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


def where(session: Session, sender_id: str | None) -> Where:
    """The conversation an action runs in. Rasa's sender id is Relais's conversation id; a
    conversation unknown to Relais (Rasa used directly) is treated as a web chat."""
    conversation = find_conversation(session, sender_id)
    if conversation is None:
        return Where(None, Channel.WEB, None)
    return Where(conversation.id, conversation.channel, conversation.address)


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


def active_form(tracker: Tracker) -> str | None:
    name = (tracker.active_loop or {}).get("name")
    return str(name) if name else None


def say(dispatcher: CollectingDispatcher, messages: list[Say]) -> None:
    for message in messages:
        if message.response:
            dispatcher.utter_message(response=message.response)
        else:
            dispatcher.utter_message(
                text=message.text, buttons=list(message.buttons), json_message=message.custom
            )


def slot_events(slots: dict[str, Any]) -> list[EventType]:
    return [SlotSet(name, value) for name, value in slots.items()]


def carry_out(
    dispatcher: CollectingDispatcher, turn: Turn, form: str | None = None
) -> list[EventType]:
    """Says what the turn says and returns its slots; a form that steps aside is rejected."""
    say(dispatcher, turn.say)
    events = slot_events(turn.slots)
    if turn.step_aside and form:
        events.append(ActionExecutionRejected(form))
    return events


def reset_flow() -> list[EventType]:
    """Every slot of every flow back to its initial value: the next flow starts afresh."""
    return [SlotSet(name, INITIAL_VALUES.get(name)) for name in FLOW_SLOTS]


def leave_form(tracker: Tracker) -> list[EventType]:
    """Deactivates the active form, if any (a danger, an opt-out in a small form)."""
    if active_form(tracker) is None:
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


def in_conversation(tracker: Tracker, run: Callable[[Session, Territory, Where], T]) -> T:
    """Runs one decision of relais.flows in the action's conversation, in one transaction."""
    with unit_of_work() as session:
        return run(session, territory(session), where(session, tracker.sender_id))


def end_flow(
    dispatcher: CollectingDispatcher, tracker: Tracker, messages: list[Say]
) -> list[EventType]:
    """Says the messages, leaves any form and clears the flow."""
    say(dispatcher, messages)
    return leave_form(tracker) + reset_flow()
