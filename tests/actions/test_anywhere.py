"""What works from anywhere: a person (hand-off or callback), activities, opt-out, erasure."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.anywhere import (
    ActionActivities,
    ActionAskCommune,
    ActionEraseData,
    ActionOptOut,
    ActionRequestCallback,
    ActionRequestHuman,
)
from actions.forms import ValidateCallbackForm
from relais.cases.models import Case, Channel
from relais.consent.models import ConsentDecision, ConsentScope
from relais.consent.service import latest_decision
from relais.seed.demo import DemoSeed
from relais.tasks.models import StaffTask, TaskKind
from relais.territory.calendar import public_holidays
from tests.actions.conftest import ALWAYS, Say, button, conversation, run

PHONE = "+33612345678"
HUMAN = Say("je veux parler à quelqu'un", "request_human", 0.97)


def open_all_day(session: Session, demo: DemoSeed) -> None:
    if date.today() in public_holidays(date.today().year, "23"):
        pytest.skip("nobody answers on a public holiday, whatever the hours")
    demo.territory.opening_hours = ALWAYS
    session.merge(demo.territory)
    session.commit()


def closed(session: Session, demo: DemoSeed) -> None:
    demo.territory.opening_hours = {}
    session.merge(demo.territory)
    session.commit()


def test_during_opening_hours_the_voice_channel_is_told_to_hand_off(
    session: Session, demo: DemoSeed
) -> None:
    open_all_day(session, demo)
    call = conversation(session, demo, Channel.VOICE, PHONE)
    turn = run(ActionRequestHuman(), call, HUMAN)
    [message] = turn.messages
    assert message["custom"] == {"relais_action": "handoff_to_human"}
    assert "Restez en ligne" in message["text"]
    assert turn.slots == {"callback_phone_needed": False}
    assert session.scalars(select(Case)).all() == []


def test_during_opening_hours_the_web_chat_gets_the_teams_number(
    session: Session, demo: DemoSeed
) -> None:
    open_all_day(session, demo)
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ActionRequestHuman(), chat, HUMAN)
    assert "05 55 00 00 00" in turn.said
    assert turn.messages[-1]["custom"] == {"relais_action": "handoff_to_human"}


def test_when_closed_a_caller_gets_a_callback_case_and_is_told_when(
    session: Session, demo: DemoSeed
) -> None:
    demo.territory.opening_hours = {"mon": [["09:00", "17:00"]]}
    session.merge(demo.territory)
    session.commit()
    sms = conversation(session, demo, Channel.SMS, PHONE)
    turn = run(ActionRequestHuman(), sms, HUMAN)
    case = session.scalars(select(Case)).one()
    assert case.reporter_phone == PHONE
    assert case.collected["reason"] == "outside_opening_hours"
    assert [e.kind for e in case.events] == ["callback_requested"]
    assert "Personne n'est disponible" in turn.said
    if "lundi" in case.collected.get("Rappel à partir de", ""):
        assert "lundi" in turn.said
    assert not any(m.get("custom") for m in turn.messages)


def test_when_closed_on_the_web_chat_the_number_is_asked_then_the_case_opened(
    session: Session, demo: DemoSeed
) -> None:
    closed(session, demo)
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ActionRequestHuman(), chat, HUMAN)
    assert turn.slots == {
        "callback_pending": True,
        "callback_reason": "outside_opening_hours",
        "callback_phone_needed": True,
    }
    assert session.scalars(select(Case)).all() == []

    slots = turn.slots | {"requested_slot": None}
    opened = run(ValidateCallbackForm(), chat, HUMAN, slots, form="callback_form", answering=False)
    assert opened.slots["requested_slot"] == "callback_phone"
    slots |= opened.slots
    number = run(ValidateCallbackForm(), chat, Say("06 12 34 56 78"), slots, form="callback_form")
    assert number.slots["callback_phone"] == PHONE
    assert number.slots["requested_slot"] is None
    case = session.scalars(select(Case)).one()
    assert case.reporter_phone == PHONE
    assert "rappellera" in number.said


def test_inside_a_form_the_form_asks_for_the_callback_number(
    session: Session, demo: DemoSeed
) -> None:
    closed(session, demo)
    chat = conversation(session, demo, Channel.WEB)
    turn = run(
        ActionRequestCallback(),
        chat,
        Say("rappelez-moi", "request_callback", 0.9),
        {"requested_slot": "commune"},
        form="report_form",
        answering=False,
    )
    assert turn.slots["callback_pending"] is True
    assert turn.slots["callback_phone_needed"] is False  # no callback_form: the report asks


def test_activities_for_the_commune_in_the_question(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ActionActivities(), chat, Say("il y a un club à Aubusson ?", "ask_activities", 0.9))
    assert "CCAS d'Aubusson" in turn.said
    assert "05 55 00 00 02" in turn.said
    assert turn.slots["activities_commune_needed"] is False


def test_activities_without_a_commune_ask_for_it(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(
        ActionActivities(),
        chat,
        Say("il y a des activités près de chez moi ?", "ask_activities", 0.9),
    )
    assert turn.slots == {"activities_commune_needed": True}
    question = run(ActionAskCommune(), chat, Say("x"), {}, form="activities_form")
    assert question.texts == ["Pour quelle commune ? Vous pouvez aussi donner le code postal."]


def test_activities_where_none_is_known_give_the_departements_number(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ActionActivities(), chat, Say("un club à Boussac ?", "ask_activities", 0.9))
    assert "pas encore d'activité" in turn.said
    assert "05 55 00 00 00" in turn.said


def test_the_ambiguous_commune_question_offers_buttons_for_the_keypad(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.VOICE, PHONE)
    slots = {"commune_problem": "ambiguous", "commune_candidates": ["23008", "23009"]}
    turn = run(ActionAskCommune(), chat, Say("x"), slots, form="report_form")
    [message] = turn.messages
    assert "Laquelle" in message["text"]
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads[0] == '/inform{"choice":"insee:23008"}'
    assert payloads[-1] == "/deny"


def test_an_opt_out_outside_a_form_takes_effect_at_once(session: Session, demo: DemoSeed) -> None:
    sms = conversation(session, demo, Channel.SMS, PHONE)
    turn = run(ActionOptOut(), sms, Say("STOP", "opt_out", 0.99))
    assert (
        latest_decision(session, phone=PHONE, scope=ConsentScope.SMS) is ConsentDecision.WITHDRAWN
    )
    assert session.scalars(select(StaffTask)).one().kind is TaskKind.OPT_OUT
    assert turn.responses == ["utter_opted_out", "utter_come_back_anytime"]


def test_an_erasure_request_is_a_task_for_staff(session: Session, demo: DemoSeed) -> None:
    sms = conversation(session, demo, Channel.SMS, PHONE)
    turn = run(ActionEraseData(), sms, Say("supprimez mes données", "erase_data", 0.95))
    task = session.scalars(select(StaffTask)).one()
    assert (task.kind, task.phone, task.conversation_id) == (TaskKind.ERASURE_REQUEST, PHONE, sms)
    assert turn.responses == ["utter_erasure_requested"]


def test_the_same_button_twice_gives_the_same_commune(session: Session, demo: DemoSeed) -> None:
    from actions.forms import ValidateReportForm

    chat = conversation(session, demo, Channel.WEB)
    slots = {
        "reporter_relation": "neighbour",
        "requested_slot": "commune",
        "commune_candidates": ["23008"],
        "commune_problem": "suggested",
    }
    first = run(ValidateReportForm(), chat, button("insee:23008"), slots, form="report_form")
    assert first.slots["commune"] == "Aubusson"
