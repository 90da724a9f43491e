"""The report form's validation action: what it reads from each answer, what it asks next,
when it steps aside, how it confirms a wish to stop. Real database, rasa_sdk trackers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.forms import ValidateReportForm
from relais.cases.models import Case, Channel, IsolationLevel
from relais.seed.demo import DemoSeed
from tests.actions.conftest import Say, button, conversation, run

FORM = "report_form"
ANSWERED = {
    "reporter_relation": "neighbour",
    "commune": "Guéret",
    "commune_insee": "23096",
    "address": "",
    "age_band": "85_plus",
}


def ask(
    session: Session,
    demo: DemoSeed,
    slots: dict[str, object],
    say: Say,
    channel: Channel = Channel.WEB,
    **kwargs: object,
):  # type: ignore[no-untyped-def]
    chat = conversation(
        session, demo, channel, "+33612345678" if channel is not Channel.WEB else None
    )
    return run(ValidateReportForm(), chat, say, slots, form=FORM, **kwargs)


def test_a_newcomers_first_message_already_says_who_they_are(
    session: Session, demo: DemoSeed
) -> None:
    turn = ask(
        session,
        demo,
        {},
        Say("jsuis inquiete pour ma voisine elle sort plus", "report_someone", 0.9),
    )
    assert turn.slots["reporter_relation"] == "neighbour"
    assert turn.slots["opening_message"] == "jsuis inquiete pour ma voisine elle sort plus"
    assert turn.slots["requested_slot"] == "commune"


def test_age_and_commune_said_in_the_first_message_are_not_asked_again(
    session: Session, demo: DemoSeed
) -> None:
    turn = ask(
        session, demo, {}, Say("ma voisine de 88 ans à Guéret ne sort plus", "report_someone", 0.9)
    )
    assert turn.slots["commune_insee"] == "23096"
    assert turn.slots["age_band"] == "85_plus"
    assert turn.slots["approximate_age"] == 88
    assert turn.slots["requested_slot"] == "address"


def test_the_relation_is_asked_first_when_not_said(session: Session, demo: DemoSeed) -> None:
    turn = ask(session, demo, {}, Say("je voudrais signaler une personne", "report_someone", 0.9))
    assert turn.slots["requested_slot"] == "reporter_relation"
    relation = ask(session, demo, {"requested_slot": "reporter_relation"}, button("postman"))
    assert relation.slots["reporter_relation"] == "postman"
    assert relation.slots["requested_slot"] == "commune"


def test_an_unknown_relation_is_kept_in_the_reporters_words(
    session: Session, demo: DemoSeed
) -> None:
    turn = ask(
        session, demo, {"requested_slot": "reporter_relation"}, Say("je livre son pain le mardi")
    )
    assert turn.slots["reporter_relation"] == "other"
    assert turn.slots["reporter_relation_said"] == "je livre son pain le mardi"


def test_an_ambiguous_postcode_offers_the_communes_then_one_is_picked(
    session: Session, demo: DemoSeed
) -> None:
    slots: dict[str, object] = {"reporter_relation": "neighbour", "requested_slot": "commune"}
    first = ask(session, demo, slots, Say("23200"))
    assert first.slots["commune"] is None
    assert first.slots["commune_problem"] == "ambiguous"
    assert "23008" in first.slots["commune_candidates"]
    assert first.slots["requested_slot"] == "commune"
    slots |= first.slots
    by_name = ask(session, demo, slots, Say("aubusson"))
    assert by_name.slots["commune_insee"] == "23008"
    assert by_name.slots["requested_slot"] == "address"
    by_button = ask(session, demo, slots, button("insee:23008"))
    assert by_button.slots["commune_insee"] == "23008"


def test_a_typo_is_offered_a_correction(session: Session, demo: DemoSeed) -> None:
    slots: dict[str, object] = {"reporter_relation": "neighbour", "requested_slot": "commune"}
    turn = ask(session, demo, slots, Say("Aubuson"))
    if turn.slots.get("commune_insee") is None:  # close spellings are offered, never guessed
        assert turn.slots["commune_problem"] == "suggested"
        assert "23008" in turn.slots["commune_candidates"]
    else:
        assert turn.slots["commune_insee"] == "23008"


def test_a_commune_never_found_is_rephrased_once_then_kept_as_said(
    session: Session, demo: DemoSeed
) -> None:
    slots: dict[str, object] = {"reporter_relation": "neighbour", "requested_slot": "commune"}
    first = ask(session, demo, slots, Say("zzkwx"))
    assert first.slots["commune"] is None
    assert first.slots["rephrase"] is True
    assert first.slots["requested_slot"] == "commune"
    slots |= first.slots
    second = ask(session, demo, slots, Say("le hameau des Trois Chênes"))
    assert second.responses == ["utter_kept_as_said"]
    assert second.slots["commune"] == "le hameau des Trois Chênes"
    assert second.slots["commune_insee"] is None
    assert second.slots["requested_slot"] == "address"


def test_a_request_for_a_person_makes_the_form_step_aside(session: Session, demo: DemoSeed) -> None:
    turn = ask(
        session,
        demo,
        {"requested_slot": "commune"},
        Say("je veux parler à quelqu'un", "request_human", 0.95),
    )
    assert turn.rejected
    assert turn.slots == {"commune": None}


def test_after_the_request_the_form_asks_its_question_again(
    session: Session, demo: DemoSeed
) -> None:
    slots = {"reporter_relation": "neighbour", "requested_slot": "commune"}
    turn = ask(
        session,
        demo,
        slots,
        Say("je veux parler à quelqu'un", "request_human", 0.95),
        answering=False,
    )
    assert not turn.rejected
    assert turn.slots["requested_slot"] == "commune"
    assert "commune" not in turn.slots  # nothing read: the question is only asked again
    assert turn.slots["rephrase"] is False


def test_an_opt_out_is_confirmed_before_anything_is_lost(session: Session, demo: DemoSeed) -> None:
    slots: dict[str, object] = ANSWERED | {"requested_slot": "observation"}
    stop = ask(session, demo, slots, Say("STOP", "opt_out", 0.99))
    assert not stop.rejected
    assert stop.slots["pending_stop"] == "opt_out"
    assert stop.slots["requested_slot"] == "stop_confirmed"
    slots |= stop.slots
    no = ask(session, demo, slots, Say("/deny", "deny", 1.0))
    assert no.slots["pending_stop"] is None
    assert no.responses == ["utter_lets_continue"]
    assert no.slots["requested_slot"] == "observation"  # nothing said so far is lost
    yes = ask(session, demo, slots, Say("/affirm", "affirm", 1.0))
    assert yes.slots["stop_confirmed"] is True
    assert yes.slots["requested_slot"] is None  # the form ends; action_finish_report acts


def test_a_greeting_in_the_middle_is_answered_and_the_question_asked_again(
    session: Session, demo: DemoSeed
) -> None:
    turn = ask(
        session,
        demo,
        {"reporter_relation": "family", "requested_slot": "commune"},
        Say("bonjour", "greet", 0.99),
    )
    assert turn.responses == ["utter_greet_again"]
    assert turn.slots["requested_slot"] == "commune"


def test_danger_now_gives_the_numbers_and_opens_the_urgent_case_at_once(
    session: Session, demo: DemoSeed
) -> None:
    slots = ANSWERED | {
        "observation": "plus de nouvelles depuis trois jours",
        "requested_slot": "danger_now",
    }
    turn = ask(session, demo, slots, Say("/affirm", "affirm", 1.0))
    assert turn.slots["danger_now"] == "yes"
    assert "15" in turn.said
    assert "112" in turn.said
    assert turn.responses == ["utter_danger_reported"]
    assert turn.slots["requested_slot"] == "person_consent"
    case = session.scalars(select(Case)).one()
    assert case.isolation_level is IsolationLevel.URGENT


def test_the_web_chat_asks_for_a_number_and_checks_it(session: Session, demo: DemoSeed) -> None:
    slots = ANSWERED | {
        "observation": "x",
        "danger_now": "no",
        "person_consent": "yes",
        "requested_slot": "reporter_phone",
    }
    bad = ask(session, demo, slots, Say("06 12 34"))
    assert bad.responses == ["utter_phone_invalid"]
    assert bad.slots["requested_slot"] == "reporter_phone"
    good = ask(session, demo, slots, Say("06 12 34 56 78"))
    assert good.slots["reporter_phone"] == "+33612345678"
    assert good.slots["requested_slot"] == "reporter_wants_feedback"
    declined = ask(session, demo, slots, Say("/deny", "deny", 1.0))
    assert declined.slots["reporter_phone"] == ""
    assert declined.slots["requested_slot"] is None  # no number, no news to send


def test_by_sms_the_number_is_known_and_only_a_callback_is_asked(
    session: Session, demo: DemoSeed
) -> None:
    slots = ANSWERED | {"observation": "x", "danger_now": "no", "requested_slot": "person_consent"}
    turn = ask(session, demo, slots, Say("oui", "affirm", 0.99), Channel.SMS)
    assert turn.slots["requested_slot"] == "reporter_callback_ok"


def test_a_description_that_sounds_like_a_request_is_kept_as_the_observation(
    session: Session, demo: DemoSeed
) -> None:
    text = "elle a besoin que quelqu'un vienne la voir, elle ne parle plus à personne"
    turn = ask(
        session, demo, ANSWERED | {"requested_slot": "observation"}, Say(text, "request_human", 0.7)
    )
    assert not turn.rejected
    assert turn.slots["observation"] == text
