"""No question loops: an answer nobody can read to every question of every form, and each form
still finishes, having asked no question more than three times, and leaves a case.

The forms are driven the way Rasa drives them (relais.flows.dialogue.form_turn, turn after
turn, on the real database); tests/integration/test_flows_natural.py does the same through the
real Rasa.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Case, Channel, IsolationLevel
from relais.conversation.service import start_conversation
from relais.flows import endings
from relais.flows.common import REQUESTED
from relais.flows.dialogue import MAX_ASKS, form_turn
from relais.flows.forms import FORMS
from relais.flows.readers import Message
from relais.flows.turn import Where
from relais.followups.models import CheckinAnswer, CheckinOutcome
from relais.seed.demo import DemoSeed
from tests.conftest import shown

UNINTELLIGIBLE = [
    Message("bla bla bla", "nlu_fallback", 0.3),
    Message("euh… pardon ?", "nlu_fallback", 0.2),
    Message("zzz kss", "inform", 0.4),
]
PHONE = "+33555521234"


def drive(
    session: Session,
    demo: DemoSeed,
    form: str,
    where: Where,
    first: Message,
    answers: list[Message],
    slots: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], Counter[str]]:
    """Runs the form to its end with `answers` (repeated), as Rasa would; returns the last slots
    and how many times each question was asked."""
    state: dict[str, Any] = dict(slots or {})
    asked: Counter[str] = Counter()
    turn = form_turn(session, demo.territory, FORMS[form], state, first, where, answering=False)
    state |= turn.slots
    for index in range(200):
        question = state.get(REQUESTED)
        if question is None:
            break
        asked[question] += 1
        answer = answers[index % len(answers)]
        turn = form_turn(session, demo.territory, FORMS[form], state, answer, where, answering=True)
        assert not turn.step_aside, (question, answer)
        state |= turn.slots
    else:
        pytest.fail(f"{form} never finished: {asked}")
    return state, asked


def where(session: Session, demo: DemoSeed, channel: Channel) -> Where:
    address = None if channel is Channel.WEB else PHONE
    conversation = start_conversation(session, demo.territory.id, channel, address)
    session.commit()
    return Where(conversation.id, channel, address)


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.SMS, Channel.VOICE])
def test_a_report_answered_in_words_nobody_can_read_still_ends_with_a_case(
    session: Session, demo: DemoSeed, channel: Channel
) -> None:
    here = where(session, demo, channel)
    first = Message("je voudrais signaler quelqu'un", "report_someone", 0.9)
    slots, asked = drive(session, demo, "report_form", here, first, UNINTELLIGIBLE)
    assert max(asked.values()) <= MAX_ASKS
    assert asked["commune"] == 2  # asked, then rephrased; then kept as said
    ending = endings.finish(session, demo.territory, "report_form", slots, here)
    session.commit()
    case = session.scalars(select(Case)).one()
    assert shown(case)["Commune (non reconnue)"] in {m.text for m in UNINTELLIGIBLE}
    assert case.reporter_relation is not None
    assert case.reference in " ".join(str(s.text) for s in ending.say)


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.SMS, Channel.VOICE])
def test_a_self_referral_answered_in_words_nobody_can_read_still_ends_with_a_case(
    session: Session, demo: DemoSeed, channel: Channel
) -> None:
    here = where(session, demo, channel)
    first = Message("je me sens seule", "self_referral", 0.95)
    slots, asked = drive(session, demo, "self_form", here, first, UNINTELLIGIBLE)
    assert max(asked.values()) <= MAX_ASKS
    assert slots["network_family"] == "not_determined"
    assert slots["answers_said"]["network_family"] in {m.text for m in UNINTELLIGIBLE}
    endings.finish(session, demo.territory, "self_form", slots, here)
    session.commit()
    case = session.scalars(select(Case)).one()
    # No network confirmed: the level errs towards more attention.
    assert case.isolation_level is IsolationLevel.HIGH
    assert shown(case)["Contact au moins mensuel avec de la famille (hors du foyer)"].startswith(
        "Non déterminé (« "
    )


def test_a_check_in_nobody_can_read_leaves_a_case_for_staff(
    session: Session, demo: DemoSeed
) -> None:
    here = where(session, demo, Channel.VOICE)
    first = Message("EXTERNAL: EXTERNAL_checkin", "EXTERNAL_checkin", 1.0)
    slots, asked = drive(session, demo, "checkin_form", here, first, UNINTELLIGIBLE)
    assert asked["checkin_status"] == 2
    assert slots["checkin_status"] == CheckinOutcome.UNCLEAR.value
    ending = endings.finish_checkin(session, demo.territory, slots, here)
    session.commit()
    answer = session.scalars(select(CheckinAnswer)).one()
    assert answer.outcome is CheckinOutcome.UNCLEAR
    assert answer.case_id is not None
    assert next(s.response for s in ending.say) == "utter_checkin_unclear"


def test_a_callback_number_nobody_can_read_still_leaves_the_request(
    session: Session, demo: DemoSeed
) -> None:
    here = where(session, demo, Channel.WEB)
    first = Message("je veux qu'on me rappelle", "request_callback", 0.95)
    pending = {"callback_pending": True, "callback_reason": "callback_requested"}
    _slots, asked = drive(session, demo, "callback_form", here, first, UNINTELLIGIBLE, pending)
    assert asked["callback_phone"] == 2
    session.commit()
    case = session.scalars(select(Case)).one()
    assert case.collected["number_said"] in {m.text for m in UNINTELLIGIBLE}


def test_the_activities_commune_nobody_can_read_ends_the_question(
    session: Session, demo: DemoSeed
) -> None:
    here = where(session, demo, Channel.SMS)
    first = Message("il y a un club près de chez moi ?", "ask_activities", 0.9)
    slots, asked = drive(session, demo, "activities_form", here, first, UNINTELLIGIBLE)
    assert asked["commune"] == 2
    assert slots["commune_insee"] is None


def test_a_question_set_aside_three_times_is_not_asked_a_fourth(
    session: Session, demo: DemoSeed
) -> None:
    """A request answered by a rule, then the question again, three times: the fourth time the
    form moves on instead of asking the same question once more."""
    here = where(session, demo, Channel.WEB)
    form = FORMS["report_form"]
    state: dict[str, Any] = {}
    first = Message("je voudrais signaler quelqu'un", "report_someone", 0.9)
    state |= form_turn(session, demo.territory, form, state, first, here, answering=False).slots
    assert state[REQUESTED] == "reporter_relation"
    human = Message("je veux parler à quelqu'un", "request_human", 0.97)
    for _ in range(3):
        aside = form_turn(session, demo.territory, form, state, human, here, answering=True)
        assert aside.step_aside
        state |= aside.slots
        again = form_turn(session, demo.territory, form, state, human, here, answering=False)
        state |= again.slots
    assert state[REQUESTED] != "reporter_relation"
    assert state["reporter_relation"] == "other"
    assert state["asked_times"]["reporter_relation"] == 3
