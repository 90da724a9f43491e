"""Running the Rasa actions in-process, on the test database, with rasa_sdk's own Tracker and
CollectingDispatcher: what Rasa would send, what the action answers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions import runtime
from relais.cases.models import Channel
from relais.config import get_settings
from relais.conversation.service import start_conversation
from relais.seed.demo import DemoSeed

ALWAYS = {day: [["00:00", "23:59:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture(autouse=True)
def actions_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The action server's settings point at the test database."""
    monkeypatch.setenv("RELAIS_DATABASE_URL", database_url)
    monkeypatch.setenv("RELAIS_TERRITORY_CODE", "creuse")
    get_settings.cache_clear()
    runtime._factory.cache_clear()
    yield
    runtime._factory().kw["bind"].dispose()
    runtime._factory.cache_clear()
    get_settings.cache_clear()


def conversation(
    session: Session, demo: DemoSeed, channel: Channel, phone: str | None = None
) -> str:
    started = start_conversation(session, demo.territory.id, channel, phone)
    session.commit()
    return started.id


@dataclass
class Turn:
    """What an action did: the messages it said and the events it returned."""

    messages: list[dict[str, Any]]
    events: list[dict[str, Any]]

    @property
    def texts(self) -> list[str]:
        return [str(m.get("text") or "") for m in self.messages]

    @property
    def responses(self) -> list[str]:
        return [str(m.get("response")) for m in self.messages if m.get("response")]

    @property
    def slots(self) -> dict[str, Any]:
        return {e["name"]: e["value"] for e in self.events if e.get("event") == "slot"}

    @property
    def rejected(self) -> bool:
        return any(e.get("event") == "action_execution_rejected" for e in self.events)

    @property
    def said(self) -> str:
        return " ".join(self.texts)


@dataclass
class Say:
    """A message as the NLU (or a button's payload) gives it to Rasa."""

    text: str
    intent: str = "inform"
    confidence: float = 1.0
    entities: list[dict[str, Any]] = field(default_factory=list)

    def parse_data(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "intent": {"name": self.intent, "confidence": self.confidence},
            "entities": self.entities,
        }


def button(payload_choice: str) -> Say:
    return Say(
        f'/inform{{"choice":"{payload_choice}"}}',
        "inform",
        1.0,
        [{"entity": "choice", "value": payload_choice}],
    )


def tracker(
    sender_id: str,
    say: Say,
    slots: dict[str, Any] | None = None,
    *,
    form: str | None = None,
    answering: bool = True,
) -> Tracker:
    """The tracker an action receives. `form`: the active form, run right after the message
    (`answering`) or after a rule answered it first."""
    message = say.parse_data()
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": say.text, "parse_data": message},
    ]
    if form and not answering:
        events.append({"event": "action", "name": "action_request_human"})
    if form:
        events.append({"event": "action", "name": form})
    return Tracker(
        sender_id=sender_id,
        slots=dict(slots or {}),
        latest_message=message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": form} if form else {},
        latest_action_name=form or "action_listen",
    )


def run(
    action: Action, sender_id: str, say: Say, slots: dict[str, Any] | None = None, **kwargs: Any
) -> Turn:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker(sender_id, say, slots, **kwargs), {}))
    return Turn(dispatcher.messages, events)
