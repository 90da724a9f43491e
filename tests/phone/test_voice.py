"""The voice channel through its real webhooks (signed, TwiML back), on the real database.

The assistant here is a scripted stand-in for Rasa (an outside system) so that each dialogue
rule can be driven precisely; tests/phone/test_voice_rasa.py runs the same endpoints against
the real Rasa server.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Case, CaseEvent
from relais.conversation.models import InboxMessage
from relais.phone.voice_models import CallOutcome, VoiceCall
from tests.phone.conftest import ScriptedAssistant
from tests.phone.voice_client import Caller, Twiml

RECORDING = "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1"


def _call(session: Session, caller: Caller) -> VoiceCall:
    session.expire_all()
    call = session.scalar(select(VoiceCall).where(VoiceCall.call_sid == caller.call_sid))
    assert call is not None
    return call


def test_the_greeting_listens_to_speech_and_keys_in_french(caller: Caller) -> None:
    greeting = caller.dial_in()
    assert "Relais" in greeting.said
    assert greeting.voices == {"Polly.Lea-Neural"}
    gather = greeting.gather
    assert gather is not None
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == "fr-FR"
    assert gather.get("speechTimeout") == "auto"
    assert gather.get("numDigits") is None  # an open question: no single-key answer
    assert "oui" in greeting.hints
    assert "non" in greeting.hints


def test_speech_is_answered_with_the_replies_made_speakable_and_keypad_choices(
    caller: Caller, assistant: ScriptedAssistant
) -> None:
    caller.dial_in()
    answer = caller.say("ma voisine ne sort plus")
    assert assistant.seen == ["ma voisine ne sort plus"]
    assert "Voulez-vous signaler une personne ?" in answer.said
    assert "https" not in answer.said
    assert "relais.example" not in answer.said
    assert "Tapez 1 pour Oui, tapez 2 pour Non." in answer.said
    assert answer.gather is not None
    assert answer.gather.get("numDigits") == "1"
    assert {"oui", "non"} <= set(answer.hints)


def test_a_key_sends_the_payload_of_the_chosen_button(
    caller: Caller, assistant: ScriptedAssistant
) -> None:
    caller.dial_in()
    caller.say("ma voisine ne sort plus")
    answer = caller.press("1")
    assert assistant.seen[-1] == "/affirm"
    assert "commune" in answer.said
    # The commune question is helped by the territory's communes as hints.
    assert "guéret" in answer.hints


def test_a_key_without_a_choice_repeats_the_question(
    caller: Caller, assistant: ScriptedAssistant
) -> None:
    caller.dial_in()
    caller.say("bonjour")
    answer = caller.press("7")
    assert "pas compris cette touche" in answer.said
    assert "Voulez-vous signaler une personne ?" in answer.said
    assert assistant.seen == ["bonjour"]


def test_silence_repeats_then_rephrases_then_offers_a_person(
    caller: Caller, session: Session, closed: None
) -> None:
    caller.dial_in()
    caller.say("bonjour")
    first = caller.stay_silent()
    assert "pas entendu" in first.said
    assert "D'accord" in first.said
    assert "Voulez-vous signaler" in first.said
    second = caller.stay_silent()
    assert "D'accord" not in second.said  # shorter
    assert "Voulez-vous signaler une personne ?" in second.said
    assert "Tapez 1 pour Oui" in second.said
    third = caller.stay_silent()
    assert "Personne n'est disponible" in third.said
    assert third.records
    assert third.gather is None


def test_a_silence_after_the_last_statement_ends_the_call_politely(caller: Caller) -> None:
    caller.dial_in()
    said = caller.say("merci")
    assert "R L, 2026, 12" in said.said  # the reference, read so that it can be noted
    end = caller.stay_silent()
    assert "Au revoir" in end.said
    assert end.hangs_up


def test_the_assistant_saying_goodbye_ends_the_call(caller: Caller) -> None:
    caller.dial_in()
    end = caller.say("au revoir")
    assert "Au revoir" in end.said
    assert end.hangs_up
    assert end.gather is None


def test_an_answer_resets_the_silences(caller: Caller, session: Session) -> None:
    caller.dial_in()
    caller.stay_silent()
    caller.stay_silent()
    caller.say("bonjour")
    assert _call(session, caller).silences == 0
    assert "pas entendu" in caller.stay_silent().said


def test_outside_opening_hours_a_message_becomes_a_callback_case_with_its_recording(
    caller: Caller, session: Session, closed: None
) -> None:
    caller.dial_in()
    asked = caller.say("je veux parler à quelqu'un")
    assert asked.records
    assert asked.dialled is None
    record = asked.one("Record")
    assert record is not None
    assert record.get("playBeep") == "true"
    thanks = caller.records_message(RECORDING, 23)
    assert "bien enregistré" in thanks.said
    assert thanks.hangs_up
    case = session.scalars(select(Case)).one()
    assert case.collected["recording_url"] == RECORDING
    assert case.reporter_phone == caller.number
    assert _call(session, caller).outcome is CallOutcome.RECORDED


def test_a_recorded_message_posted_twice_opens_one_case(
    caller: Caller, session: Session, closed: None
) -> None:
    caller.dial_in()
    asked = caller.say("je veux parler à quelqu'un")
    first = caller.records_message(RECORDING, 23)
    caller.last = asked
    again = caller.records_message(RECORDING, 23)
    assert first.xml == again.xml
    assert len(session.scalars(select(Case)).all()) == 1


def test_a_duplicate_turn_gives_the_same_answer_and_reaches_the_assistant_once(
    caller: Caller, assistant: ScriptedAssistant, session: Session
) -> None:
    caller.dial_in()
    action = caller.last.action if caller.last else ""
    first = caller.post(action, {"SpeechResult": "bonjour", "Confidence": "0.8"})
    again = caller.post(action, {"SpeechResult": "bonjour", "Confidence": "0.8"})
    assert first.text == again.text
    assert assistant.seen == ["bonjour"]
    assert len(session.scalars(select(InboxMessage)).all()) == 1
    # The call itself answered twice is one call.
    caller.dial_in()
    assert len(session.scalars(select(VoiceCall)).all()) == 1


def test_a_turn_retried_while_the_assistant_thinks_waits_for_the_same_answer(
    caller: Caller, assistant: ScriptedAssistant, session: Session
) -> None:
    caller.dial_in()
    action = caller.last.action if caller.last else ""
    assistant.delay = 0.3
    fields = {"SpeechResult": "bonjour", "Confidence": "0.8"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, again = pool.map(lambda _: caller.post(action, fields).text, range(2))
    assert first == again  # the answer, or the same holding phrase if the budget ran out
    answer = caller.last = Twiml(first)
    while answer.gather is None:
        answer = caller.follow_redirect()
    assert "Voulez-vous signaler une personne ?" in answer.said
    assert assistant.seen == ["bonjour"]
    assert len(session.scalars(select(InboxMessage)).all()) == 1


def test_a_forged_signature_is_refused(caller: Caller, session: Session) -> None:
    response = caller.post("/twilio/voice", {"From": caller.number}, forged=True)
    assert response.status_code == 403
    assert "Signature" in response.json()["detail"]
    assert session.scalars(select(VoiceCall)).all() == []


def test_the_holding_phrase_when_the_assistant_is_slow(
    caller: Caller, assistant: ScriptedAssistant
) -> None:
    caller.dial_in()
    assistant.delay = 1.2
    holding = caller.say("bonjour", follow=False)
    assert "Un instant" in holding.said
    assert holding.redirect
    assert "wait=1" in holding.redirect
    assert holding.gather is None
    assert not holding.hangs_up
    answer = holding
    for _ in range(5):
        answer = caller.follow_redirect()
        if answer.gather is not None:
            break
    assert "Voulez-vous signaler une personne ?" in answer.said
    assert assistant.seen == ["bonjour"]


def test_the_status_callback_lands_in_the_timeline_of_the_call_case(
    caller: Caller, session: Session, closed: None
) -> None:
    caller.dial_in()
    caller.say("je veux parler à quelqu'un")
    caller.records_message(RECORDING, 12)
    response = caller.hang_up("completed", 95)
    assert response.status_code == 200
    caller.hang_up("completed", 95)  # retried: one event
    events = session.scalars(select(CaseEvent).where(CaseEvent.kind == "call_ended")).all()
    assert len(events) == 1
    assert events[0].detail["duration_seconds"] == 95
    assert events[0].detail["outcome"] == "recorded"


def test_after_the_last_wait_the_caller_is_offered_a_person_instead_of_waiting_forever(
    caller: Caller, assistant: ScriptedAssistant, closed: None
) -> None:
    caller.dial_in()
    assistant.delay = 4.0
    answer = caller.say("bonjour", follow=False)
    waits = 0
    while answer.redirect and "wait=" in answer.redirect and answer.gather is None:
        waits += 1
        answer = caller.follow_redirect()
    assert waits == 3
    assert "trop de temps" in answer.said
    assert answer.records


def test_the_greeting_gather_calls_back_even_on_silence(caller: Caller) -> None:
    greeting = caller.dial_in()
    assert greeting.gather is not None
    assert greeting.gather.get("actionOnEmptyResult") == "true"
    assert greeting.redirect == greeting.action  # and falls back to the same turn
