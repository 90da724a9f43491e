"""The voice channel against the real Rasa and action server: speech and keypad turns, the
danger safety net spoken, the hand-off decided by the flows, and the holding answer when Rasa
is slow (a real delaying HTTP proxy in front of it).

Lives with the other integration tests so that they share one running stack.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.main import create_app
from relais.cases.models import Case, IsolationLevel
from relais.conversation.models import InboxMessage
from relais.seed.demo import DemoSeed
from relais.telephony.models import ConsoleRecord
from relais.territory.hours import is_open
from relais.territory.models import Territory
from tests.integration.conftest import Stack
from tests.phone.voice_client import Caller

pytestmark = pytest.mark.integration


@pytest.fixture
def caller(api: httpx.Client, stack: Stack) -> Caller:
    return Caller(api, stack.settings, number="+33555123456")


def test_a_neighbour_reports_by_voice_with_speech_and_the_keypad(
    caller: Caller, session: Session
) -> None:
    greeting = caller.dial_in()
    assert "Relais" in greeting.said
    asked = caller.say("ma voisine de 88 ans ne sort plus de chez elle")
    assert "commune" in asked.said
    assert "guéret" in asked.hints  # the territory's communes help the recogniser
    answers = ["Guéret", "non", "elle ne sort plus de chez elle depuis l'hiver", "non"]
    for words in answers:
        asked = caller.say(words)
        assert asked.gather is not None, asked.xml
        if asked.gather.get("numDigits") == "1":
            break
    assert "tapez 1 pour" in asked.said.lower()
    assert asked.gather is not None
    assert asked.gather.get("numDigits") == "1"
    caller.press("1")  # the first choice (yes to consent) on the keypad
    texts = [m.text for m in session.scalars(select(InboxMessage).order_by(InboxMessage.id))]
    assert texts[0] == "ma voisine de 88 ans ne sort plus de chez elle"
    assert texts[-1].startswith("/")  # the button's payload, not the digit


def test_a_danger_said_on_the_phone_is_answered_with_the_emergency_numbers(
    caller: Caller, session: Session
) -> None:
    caller.dial_in()
    answer = caller.say("il est tombé, il ne bouge plus")
    assert "15" in answer.said or "112" in answer.said
    case = session.scalars(select(Case)).one()
    assert case.isolation_level is IsolationLevel.URGENT


def _set_hours(session: Session, territory_id: int, hours: dict[str, list[list[str]]]) -> None:
    territory = session.get_one(Territory, territory_id)
    territory.opening_hours = hours
    session.commit()


@pytest.fixture
def restore_hours(session: Session, demo: DemoSeed) -> Iterator[None]:
    hours = session.get_one(Territory, demo.territory.id).opening_hours
    yield
    _set_hours(session, demo.territory.id, hours)


def test_asking_for_a_person_when_the_team_is_away_opens_a_callback_case(
    caller: Caller, session: Session, demo: DemoSeed, restore_hours: None
) -> None:
    _set_hours(session, demo.territory.id, {})
    caller.dial_in()
    answer = caller.say("je voudrais parler à quelqu'un")
    assert "Personne n'est disponible" in answer.said
    assert "rappellera" in answer.said
    assert answer.dialled is None
    case = session.scalars(select(Case)).one()
    assert case.reporter_phone == caller.number


def test_asking_for_a_person_during_opening_hours_dials_the_on_call_number(
    caller: Caller, session: Session, demo: DemoSeed, restore_hours: None
) -> None:
    every_day = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    every_day |= {day: [["00:00", "23:59"]] for day in ("sat", "sun")}
    _set_hours(session, demo.territory.id, every_day)
    territory = session.get_one(Territory, demo.territory.id)
    if not is_open(territory, datetime.now(UTC)):
        pytest.skip("a public holiday or the last minute of the day: the team is away")
    caller.dial_in()
    answer = caller.say("je voudrais parler à quelqu'un")
    assert "Je vous passe un membre de l'équipe" in answer.said
    assert answer.dialled == territory.on_call_phone


class _DelayingProxy(BaseHTTPRequestHandler):
    """Forwards to Rasa; the REST channel's answers come `delay` seconds late."""

    target = ""
    delay = 0.0

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if self.path.startswith("/webhooks/rest"):
            time.sleep(self.delay)
        headers = {"Content-Type": self.headers.get("Content-Type", "application/json")}
        upstream = httpx.request(
            self.command, self.target + self.path, content=body, headers=headers, timeout=30
        )
        self.send_response(upstream.status_code)
        self.send_header("Content-Type", upstream.headers.get("content-type", "text/plain"))
        self.send_header("Content-Length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)

    do_GET = _forward  # noqa: N815 - http.server's naming
    do_POST = _forward  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def slow_rasa(stack: Stack) -> Iterator[str]:
    handler = type("Proxy", (_DelayingProxy,), {"target": stack.settings.rasa_url, "delay": 2.5})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_slow_assistant_gets_a_holding_phrase_then_the_answer(
    stack: Stack, slow_rasa: str, demo: DemoSeed, session: Session
) -> None:
    settings = stack.settings.model_copy(
        update={"rasa_url": slow_rasa, "voice_answer_budget_seconds": 1.0}
    )
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        caller = Caller(client, settings)
        caller.dial_in()
        holding = caller.say("ma voisine de 88 ans ne sort plus de chez elle", follow=False)
        assert "Un instant, je note." in holding.said
        assert holding.redirect is not None
        answer = holding
        while answer.redirect and "wait=" in answer.redirect and answer.gather is None:
            answer = caller.follow_redirect()
        assert "commune" in answer.said
    assert len(session.scalars(select(InboxMessage)).all()) == 1


def test_a_checkin_call_placed_from_the_command_line_asks_how_the_person_is(
    stack: Stack, api: httpx.Client, session: Session
) -> None:
    env = os.environ | {
        "RELAIS_DATABASE_URL": stack.settings.database_url,
        "RELAIS_ENVIRONMENT": "test",
        "RELAIS_SECRET_KEY": stack.settings.secret_key.get_secret_value(),
        "RELAIS_RASA_TOKEN": stack.settings.rasa_token.get_secret_value(),
        "RELAIS_RASA_URL": stack.settings.rasa_url,
        "RELAIS_ACTION_SERVER_URL": stack.settings.action_server_url,
    }
    command = [sys.executable, "-m", "relais.cli", "checkin", "start", "--phone", "05 55 98 76 54"]
    command += ["--first-name", "Jeanne", "--call"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    call_sid = done.stdout.split("call ")[-1].strip()
    placed = session.scalar(select(ConsoleRecord).where(ConsoleRecord.sid == call_sid))
    assert placed is not None
    assert placed.to == "+33555987654"
    assert placed.url is not None
    caller = Caller(api, stack.settings, number="+33555987654")
    caller.call_sid = call_sid
    greeting = caller.dial_in(placed.url, direction="outbound-api")
    assert "Jeanne" in greeting.said
    assert "tapez 1 pour" in greeting.said.lower()
    assert "ce qui vous amène" not in greeting.said  # not the inbound greeting
