"""The self-referral form: listening first, the assessment's questions, and what a refusal
makes pointless to ask."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from actions.forms import ValidateSelfForm
from relais.cases.models import Channel
from relais.seed.demo import DemoSeed
from tests.actions.conftest import Say, button, conversation, run

FORM = "self_form"


def test_listening_first_then_the_questions(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    start = run(
        ValidateSelfForm(),
        chat,
        Say("depuis la mort de mon mari je ne vois personne", "self_referral", 0.9),
        {},
        form=FORM,
    )
    assert start.slots["requested_slot"] == "self_story"
    slots: dict[str, Any] = start.slots
    story = run(
        ValidateSelfForm(),
        chat,
        Say("les journées sont longues", "self_referral", 0.8),
        slots,
        form=FORM,
    )
    assert story.slots["self_story"] == "les journées sont longues"
    assert story.responses == ["utter_assessment_intro"]
    assert story.slots["requested_slot"] == "network_family"
    skipped = run(ValidateSelfForm(), chat, Say("/deny", "deny", 1.0), slots, form=FORM)
    assert skipped.slots["self_story"] == ""


def test_the_feelings_questions_are_introduced_and_read(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    slots = {
        "self_story": "",
        "network_family": True,
        "network_friends": False,
        "network_neighbours": True,
        "requested_slot": "network_groups",
    }
    groups = run(ValidateSelfForm(), chat, Say("non", "deny", 0.99), slots, form=FORM)
    assert groups.responses == ["utter_feelings_intro"]
    assert groups.slots["requested_slot"] == "ucla_companionship"
    slots |= groups.slots
    pressed = run(ValidateSelfForm(), chat, button("often"), slots, form=FORM)
    assert pressed.slots["ucla_companionship"] == "often"
    typed = run(ValidateSelfForm(), chat, Say("de temps en temps"), slots, form=FORM)
    assert typed.slots["ucla_companionship"] == "some_of_the_time"
    unclear = run(ValidateSelfForm(), chat, Say("bleu"), slots, form=FORM)
    assert unclear.slots["ucla_companionship"] is None
    assert unclear.slots["requested_slot"] == "ucla_companionship"
    assert unclear.slots["rephrase"] is True  # asked again, rephrased with its choices
    slots |= unclear.slots
    still = run(ValidateSelfForm(), chat, Say("vert"), slots, form=FORM)
    assert still.slots["ucla_companionship"] == "not_determined"
    assert still.slots["answers_said"]["ucla_companionship"] == "vert"
    assert still.responses == ["utter_kept_as_said"]
    assert still.slots["requested_slot"] == "ucla_left_out"
    assert still.slots["rephrase"] is False


ASSESSED: dict[str, Any] = {
    "self_story": "",
    "network_family": True,
    "network_friends": False,
    "network_neighbours": False,
    "network_groups": False,
    "ucla_companionship": "often",
    "ucla_left_out": "often",
    "ucla_isolated": "often",
    "rupture_events": [],
    "caregiving": False,
    "health_limits": False,
    "wishes": ["calls"],
    "requested_slot": "contact_consent",
}


def test_without_consent_nothing_about_contact_is_asked(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ValidateSelfForm(), chat, Say("non merci", "deny", 0.95), ASSESSED, form=FORM)
    assert turn.slots["contact_consent"] is False
    assert turn.slots["requested_slot"] == "commune"


def test_with_consent_the_way_to_call_is_asked_and_the_number_only_on_the_web(
    session: Session, demo: DemoSeed
) -> None:
    web = conversation(session, demo, Channel.WEB)
    slots = ASSESSED | {
        "contact_consent": True,
        "share_consent": True,
        "preferred_channel": "call",
        "requested_slot": "preferred_time",
    }
    on_web = run(ValidateSelfForm(), web, Say("plutôt l'après-midi"), slots, form=FORM)
    assert on_web.slots["preferred_time"] == "afternoon"
    assert on_web.slots["requested_slot"] == "checkin_consent"
    asked = slots | {"preferred_time": "afternoon", "requested_slot": "checkin_consent"}
    yes = Say("oui ça me ferait plaisir", "affirm", 0.9)
    on_web = run(ValidateSelfForm(), web, yes, asked, form=FORM)
    assert on_web.slots["checkin_consent"] is True
    assert on_web.slots["requested_slot"] == "self_phone"
    sms = conversation(session, demo, Channel.SMS, "+33612345678")
    by_sms = run(ValidateSelfForm(), sms, yes, asked, form=FORM)
    assert by_sms.slots["requested_slot"] == "self_first_name"


def test_the_rupture_events_accept_a_button_or_words(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    slots = ASSESSED | {"rupture_events": None, "requested_slot": "rupture_events"}
    assert run(ValidateSelfForm(), chat, button("move"), slots, form=FORM).slots[
        "rupture_events"
    ] == ["move"]
    words = run(ValidateSelfForm(), chat, Say("je suis veuve depuis mars"), slots, form=FORM)
    assert words.slots["rupture_events"] == ["bereavement"]
    none = run(ValidateSelfForm(), chat, Say("/deny", "deny", 1.0), slots, form=FORM)
    assert none.slots["rupture_events"] == []
