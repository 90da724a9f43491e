"""Outbound check-in calls answering through the same voice endpoints, and a caller heard
while the assistant is down."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Case, Channel, IsolationLevel
from relais.config import Settings
from relais.conversation.models import InboxMessage, InboxStatus
from relais.conversation.service import start_conversation
from relais.followups.service import start_checkin
from relais.phone import voice
from relais.phone.voice_models import CallDirection, CallOutcome, VoiceCall
from relais.seed.demo import DemoSeed
from relais.telephony.console import ConsoleTelephony
from relais.telephony.models import ConsoleRecord
from tests.phone.conftest import ScriptedAssistant
from tests.phone.voice_client import Caller

PERSON = "+33555987654"


def _checkin_call(
    session: Session,
    sessions: sessionmaker[Session],
    settings: Settings,
    assistant: ScriptedAssistant,
    demo: DemoSeed,
) -> ConsoleRecord:
    conversation = start_conversation(session, demo.territory.id, Channel.VOICE, PERSON)
    start_checkin(session, assistant, conversation, "Jeanne")
    session.commit()
    telephony = ConsoleTelephony(sessions, settings.telephony_from_number)
    call = voice.place_checkin_call(session, telephony, settings, conversation)
    record = session.scalar(select(ConsoleRecord).where(ConsoleRecord.sid == call.call_sid))
    assert record is not None
    assert record.to == PERSON
    assert record.url is not None
    assert f"conversation={conversation.id}" in record.url
    return record


def test_a_checkin_call_says_the_stored_question_and_takes_the_answer_on_the_keypad(
    client: object,
    caller: Caller,
    session: Session,
    sessions: sessionmaker[Session],
    voice_settings: Settings,
    assistant: ScriptedAssistant,
    demo: DemoSeed,
) -> None:
    placed = _checkin_call(session, sessions, voice_settings, assistant, demo)
    caller.call_sid = placed.sid
    caller.number = PERSON
    assert placed.url is not None
    greeting = caller.dial_in(placed.url, direction="outbound-api")
    assert "Bonjour Jeanne, ici Relais. Comment allez-vous ?" in greeting.said
    assert "Tapez 1 pour Ça va, tapez 2 pour Ça ne va pas." in greeting.said
    assert "service du département" not in greeting.said  # not the inbound greeting
    caller.press("2")
    assert assistant.seen == ["/checkin_not_ok"]
    call = session.scalar(select(VoiceCall).where(VoiceCall.call_sid == placed.sid))
    assert call is not None
    assert call.direction is CallDirection.OUTBOUND


def test_an_answering_machine_gets_a_neutral_message_and_is_the_outcome(
    client: object,
    caller: Caller,
    session: Session,
    sessions: sessionmaker[Session],
    voice_settings: Settings,
    assistant: ScriptedAssistant,
    demo: DemoSeed,
) -> None:
    placed = _checkin_call(session, sessions, voice_settings, assistant, demo)
    caller.call_sid = placed.sid
    assert placed.url is not None
    machine = caller.dial_in(placed.url, direction="outbound-api", AnsweredBy="machine_start")
    assert machine.hangs_up
    assert machine.gather is None
    assert "Jeanne" not in machine.said  # nothing personal on an answering machine
    session.expire_all()
    call = session.scalar(select(VoiceCall).where(VoiceCall.call_sid == placed.sid))
    assert call is not None
    assert call.outcome is CallOutcome.ANSWERING_MACHINE


def test_a_checkin_call_nobody_answers_is_recorded_as_no_answer(
    client: object,
    caller: Caller,
    session: Session,
    sessions: sessionmaker[Session],
    voice_settings: Settings,
    assistant: ScriptedAssistant,
    demo: DemoSeed,
) -> None:
    placed = _checkin_call(session, sessions, voice_settings, assistant, demo)
    caller.call_sid = placed.sid
    assert placed.status_callback is not None
    response = caller.hang_up("no-answer", 0, url=placed.status_callback)
    assert response.status_code == 200
    session.expire_all()
    call = session.scalar(select(VoiceCall).where(VoiceCall.call_sid == placed.sid))
    assert call is not None
    assert call.outcome is CallOutcome.NO_ANSWER
    assert call.ended_at is not None


def test_when_the_assistant_is_down_the_caller_can_leave_a_message_and_nothing_is_lost(
    caller: Caller, assistant: ScriptedAssistant, session: Session, closed: None
) -> None:
    caller.dial_in()
    assistant.up = False
    answer = caller.say("ma mère ne mange plus")
    assert "ne peux pas vous répondre pour le moment" in answer.said
    assert answer.records
    message = session.scalars(select(InboxMessage)).one()
    assert message.status is InboxStatus.QUEUED  # answered once the assistant is back
    caller.records_message("https://api.twilio.com/rec/RE5", 8)
    assert session.scalars(select(Case)).one().collected["recording_url"].endswith("RE5")


def test_a_status_for_a_placed_call_that_never_rang_lands_on_its_conversation(
    session: Session, demo: DemoSeed
) -> None:
    conversation = start_conversation(session, demo.territory.id, Channel.VOICE, PERSON)
    session.commit()
    call = voice.call_status(
        session,
        call_sid="CA-never-rang",
        status="busy",
        duration_seconds=0,
        conversation_id=conversation.id,
    )
    assert call is not None
    assert call.conversation_id == conversation.id
    assert call.outcome is CallOutcome.BUSY
    assert (
        voice.call_status(session, call_sid="CA-unknown", status="busy", duration_seconds=0) is None
    )


def test_a_danger_is_spoken_with_the_emergency_numbers_even_when_the_assistant_is_down(
    caller: Caller, assistant: ScriptedAssistant, session: Session, closed: None
) -> None:
    caller.dial_in()
    assistant.up = False
    answer = caller.say("il est tombé, il ne bouge plus")
    assert "le 15" in answer.said
    assert "112" in answer.said
    assert answer.records  # and a person is offered (here: a message, the team is away)
    case = session.scalars(select(Case)).one()
    assert case.isolation_level is IsolationLevel.URGENT
