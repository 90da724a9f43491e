"""Fixtures of the voice tests: the app over ASGI with a scripted assistant, a caller."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from api.main import create_app
from relais.config import Settings
from relais.conversation.assistant import AssistantUnavailable, Button, Reply
from relais.flows.anywhere import HANDOFF
from relais.seed.demo import DemoSeed
from relais.territory.models import Territory
from tests.phone.voice_client import Caller

YES_NO = (Button("Oui", "/affirm"), Button("Non", "/deny"))


class ScriptedAssistant:
    """Answers by script: a question with yes/no buttons, a hand-off on request, a delay."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.delay = 0.0
        self.up = True
        self.lock = threading.Lock()

    def send(self, conversation_id: str, text: str, metadata: Mapping[str, Any]) -> list[Reply]:
        if not self.up:
            raise AssistantUnavailable("down for the test")
        time.sleep(self.delay)
        with self.lock:
            self.seen.append(text)
        if "quelqu'un" in text:
            return [Reply("Je vous passe un membre de l'équipe.", custom=HANDOFF)]
        if text == "/affirm":
            return [Reply("Merci. Dans quelle commune habite-t-elle ?")]
        if text == "merci":
            return [Reply("C'est noté, votre signalement porte le numéro RL-2026-000012.")]
        if text == "au revoir":
            return [Reply("Au revoir, et merci de nous avoir contactés.")]
        return [
            Reply("D'accord, voir https://relais.example/aide pour plus."),
            Reply("Voulez-vous signaler une personne ?", buttons=YES_NO),
        ]

    def trigger(
        self, conversation_id: str, intent: str, entities: Mapping[str, Any]
    ) -> list[Reply]:
        if not self.up:
            raise AssistantUnavailable("down for the test")
        if intent == "EXTERNAL_checkin":
            name = entities.get("first_name", "")
            ok = (Button("Ça va", "/checkin_ok"), Button("Ça ne va pas", "/checkin_not_ok"))
            return [Reply(f"Bonjour {name}, ici Relais. Comment allez-vous ?", buttons=ok)]
        return [Reply("Les secours sont prévenus ?")]

    def replies_already_given(self, conversation_id: str, message_key: str) -> list[Reply] | None:
        return None

    def health(self) -> dict[str, bool]:
        return {"rasa": self.up, "action_server": self.up}


@pytest.fixture
def assistant() -> ScriptedAssistant:
    return ScriptedAssistant()


@pytest.fixture
def voice_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"voice_answer_budget_seconds": 0.5})


@pytest.fixture
def caller(client: TestClient, voice_settings: Settings) -> Caller:
    return Caller(client, voice_settings)


@pytest.fixture
def clock() -> Callable[[], datetime] | None:
    """The app's clock; None is the real one. Tests about opening hours override it."""
    return None


@pytest.fixture
def client(
    voice_settings: Settings,
    assistant: ScriptedAssistant,
    demo: DemoSeed,
    clock: Callable[[], datetime] | None,
) -> Iterator[TestClient]:
    app = create_app(voice_settings, assistant=assistant, clock=clock)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def closed(sessions: sessionmaker[Session], demo: DemoSeed) -> Iterator[None]:
    """No opening hours at all: nobody can be put through, whatever the day. (The territory
    outlives each test's data, so its hours are restored afterwards.)"""
    with sessions() as session:
        territory = session.get_one(Territory, demo.territory.id)
        hours = territory.opening_hours
        territory.opening_hours = {}
        session.commit()
        yield
        territory.opening_hours = hours
        session.commit()
