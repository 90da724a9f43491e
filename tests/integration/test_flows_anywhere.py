"""Interruptions through the real stack: a danger in the middle of a form, an opt-out inside a
form, a check-in answered "pas terrible"."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import CaseStatus, Channel, IsolationLevel, Origin
from relais.consent.models import ConsentDecision, ConsentScope
from relais.consent.service import latest_decision
from relais.conversation.assistant import RasaAssistant
from relais.conversation.service import start_conversation
from relais.followups.models import CheckinAnswer, CheckinOutcome
from relais.followups.service import start_checkin
from relais.people.models import Person
from relais.seed.demo import DemoSeed
from relais.tasks.models import StaffTask, TaskKind
from tests.conftest import shown
from tests.integration.conftest import Stack
from tests.integration.flows import Chat, only_case

pytestmark = pytest.mark.integration
PHONE = "+33612345678"


def test_an_emergency_in_the_middle_of_a_report(api: httpx.Client, session: Session) -> None:
    chat = Chat(api)
    chat.say("je m'inquiète pour ma voisine")
    assert "adresse" in chat.say("Bourganeuf")
    answer = chat.say("attendez elle est tombée dans l'escalier et elle ne se relève pas")
    assert "15" in answer
    assert "112" in answer
    assert "Notre équipe est prévenue" in answer

    case = only_case(session)
    assert case.isolation_level is IsolationLevel.URGENT
    assert case.danger_now
    assert case.collected["danger"] == "fall"
    # What the report had gathered reached the urgent case: the team knows where to go.
    assert case.commune_insee == "23030"
    assert case.collected["in_progress"]["kind"] == "report"
    # The form is left: the next message is a new conversation turn, not an address.
    assert "Je vous en prie" in chat.say("merci")


def test_an_opt_out_inside_a_form_is_confirmed_and_loses_nothing(
    api: httpx.Client, session: Session
) -> None:
    chat = Chat(api)
    # The relation is in the first message: the commune comes first.
    assert "commune" in chat.say("je voudrais signaler mon oncle, il est très seul")
    question = chat.say("ne m'envoyez plus de messages")
    assert "c'est bien cela" in question
    assert chat.buttons == ["/affirm", "/deny"]
    assert "commune" in chat.press(2)  # not confirmed: the question comes back
    assert "adresse" in chat.say("Guéret")
    assert "c'est bien cela" in chat.say("STOP")
    stopped = chat.press(1)
    assert "ne vous contacterons plus" in stopped
    assert "transmis" in stopped

    tasks = session.scalars(select(StaffTask)).all()
    assert [t.kind for t in tasks] == [TaskKind.OPT_OUT]
    case = only_case(session)  # what was said is kept, marked incomplete
    assert case.commune_insee == "23096"
    assert case.status is CaseStatus.AWAITING_CONTACT
    assert "Signalement incomplet" in shown(case)


def test_a_checkin_answered_pas_terrible(
    stack: Stack,
    api: httpx.Client,
    session: Session,
    demo: DemoSeed,
) -> None:
    person = Person(
        territory_id=demo.territory.id, first_name="Jeanne", phone=PHONE, commune_insee="23096"
    )
    session.add(person)
    call = start_conversation(session, demo.territory.id, Channel.VOICE, PHONE)
    session.commit()
    assistant = RasaAssistant(
        stack.settings.rasa_url,
        stack.settings.action_server_url,
        stack.settings.rasa_token.get_secret_value(),
    )
    try:
        greeting = start_checkin(session, assistant, call, "Jeanne")
        session.commit()
    finally:
        assistant.close()
    said = " ".join(m.text for m in greeting)
    assert "Bonjour Jeanne" in said
    assert "Comment allez-vous" in said
    assert [b["payload"] for b in greeting[-1].buttons] == [
        "/checkin_ok",
        "/checkin_not_ok",
        "/request_callback",
        "/opt_out",
    ]

    chat = Chat(api, call.id)
    assert "Qu'est-ce qui ne va pas" in chat.say("pas terrible")
    done = chat.say("je n'ai vu personne de la semaine et j'ai mal au dos")
    assert "rappeler" in done

    case = only_case(session)
    assert case.origin is Origin.CHECKIN
    assert case.status is CaseStatus.NEW
    assert case.person_id == person.id
    assert "mal au dos" in shown(case)["Ce qui ne va pas"]
    answer = session.scalars(select(CheckinAnswer)).one()
    assert (answer.outcome, answer.case_id) == (CheckinOutcome.NOT_OK, case.id)
    assert (
        latest_decision(session, phone=PHONE, scope=ConsentScope.CHECKIN_CALLS)
        is not ConsentDecision.WITHDRAWN
    )
