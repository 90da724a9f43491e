"""Putting a caller through to a person: the on-call number during opening hours (public
holidays off), a recorded message otherwise or when nobody answers. The clock is a parameter:
each test says when the call happens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.channels.twilio.voice import twiml
from relais.cases.models import Case
from relais.config import Settings
from relais.conversation.answering import Answerer
from relais.conversation.assistant import Reply
from relais.phone import voice
from relais.phone.voice_answer import Next
from relais.phone.voice_models import CallOutcome
from relais.seed.demo import DemoSeed
from tests.phone.voice_client import Caller, Twiml

PARIS = ZoneInfo("Europe/Paris")
MONDAY_10H = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
MONDAY_20H = datetime(2026, 11, 23, 20, 0, tzinfo=PARIS)
SATURDAY_10H = datetime(2026, 11, 28, 10, 0, tzinfo=PARIS)
BASTILLE_DAY_10H = datetime(2026, 7, 14, 10, 0, tzinfo=PARIS)  # a Tuesday, public holiday


class NeverAsked:
    """A key press for a person never reaches the assistant."""

    def send(self, conversation_id: str, text: str, metadata: object = None) -> list[Reply]:
        raise AssertionError("the assistant is not asked for a key press")

    trigger = send
    replies_already_given = send


@pytest.fixture
def runner(sessions: sessionmaker[Session]) -> Iterator[Answerer]:
    answerer = Answerer(
        sessions, NeverAsked(), None, stale_after=timedelta(minutes=5), late={}, workers=1
    )  # type: ignore[arg-type]
    yield answerer
    answerer.close()


def _press_zero(session: Session, demo: DemoSeed, runner: Answerer, now: datetime) -> Twiml:
    voice.start_call(
        session,
        demo.territory,
        call_sid="CA-handoff",
        caller="05 55 12 34 56",
        callee="+33555000099",
        direction="inbound",
    )
    answer = voice.caller_turn(
        session,
        demo.territory,
        runner,
        call_sid="CA-handoff",
        turn=1,
        digits="0",
        now=now,
        budget=1,
    )
    return Twiml(twiml(answer, Settings(_env_file=None)))  # type: ignore[call-arg]


def test_during_opening_hours_the_caller_is_put_through_to_the_on_call_number(
    session: Session, demo: DemoSeed, runner: Answerer
) -> None:
    answer = _press_zero(session, demo, runner, MONDAY_10H)
    assert "Je vous passe un membre de l'équipe" in answer.said
    assert answer.dialled == demo.territory.on_call_phone
    dial = answer.one("Dial")
    assert dial is not None
    assert dial.get("timeout") == "25"
    assert "/twilio/voice/dial?turn=1" in dial.get("action", "")
    assert not answer.records


@pytest.mark.parametrize("now", [MONDAY_20H, SATURDAY_10H, BASTILLE_DAY_10H])
def test_outside_opening_hours_or_on_a_public_holiday_a_message_is_recorded(
    session: Session, demo: DemoSeed, runner: Answerer, now: datetime
) -> None:
    answer = _press_zero(session, demo, runner, now)
    assert answer.dialled is None
    assert answer.records
    assert "Personne n'est disponible" in answer.said
    assert "après le bip" in answer.said.lower()


def test_without_an_on_call_number_nobody_is_dialled(
    session: Session, demo: DemoSeed, runner: Answerer
) -> None:
    demo.territory.on_call_phone = None
    assert voice.human(demo.territory, MONDAY_10H).next is Next.RECORD


def test_nobody_answering_the_on_call_number_leads_to_a_message_and_a_callback_case(
    session: Session, demo: DemoSeed, runner: Answerer
) -> None:
    _press_zero(session, demo, runner, MONDAY_10H)
    missed = voice.dial_ended(
        session, demo.territory, call_sid="CA-handoff", turn=1, dial_status="no-answer"
    )
    assert missed.next is Next.RECORD
    assert "Personne n'a pu répondre" in " ".join(missed.say)
    thanks = voice.message_recorded(
        session,
        demo.territory,
        call_sid="CA-handoff",
        turn=1,
        recording_url="https://api.twilio.com/rec/RE9",
        duration_seconds=31,
        now=MONDAY_10H,
    )
    assert thanks.next is Next.HANGUP
    assert "rappellera" in " ".join(thanks.say)
    case = session.scalars(select(Case)).one()
    assert case.collected["recording_url"] == "https://api.twilio.com/rec/RE9"
    assert case.reporter_phone == "+33555123456"  # the caller's number, in E.164


def test_a_person_who_answered_ends_the_call_as_handed_off(
    session: Session, demo: DemoSeed, runner: Answerer
) -> None:
    _press_zero(session, demo, runner, MONDAY_10H)
    done = voice.dial_ended(
        session, demo.territory, call_sid="CA-handoff", turn=1, dial_status="completed"
    )
    assert done.next is Next.HANGUP
    assert voice.get_call(session, "CA-handoff").outcome is CallOutcome.HANDED_OFF


@pytest.mark.parametrize("clock", [lambda: MONDAY_10H])
def test_the_on_call_number_through_the_webhooks(caller: Caller) -> None:
    caller.dial_in()
    answer = caller.press("0")
    assert answer.dialled == "+33555000000"
    assert caller.dial_ends("busy").records


@pytest.mark.parametrize("clock", [lambda: MONDAY_10H])
def test_three_silences_during_opening_hours_put_the_caller_through(caller: Caller) -> None:
    caller.dial_in()
    caller.stay_silent()
    caller.stay_silent()
    answer = caller.stay_silent()
    assert "Je vous passe un membre de l'équipe" in answer.said
    assert answer.dialled == "+33555000000"
