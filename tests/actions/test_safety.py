"""Danger inside and outside the forms: the safety net's follow-up and the NLU's emergencies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.endings import ActionDangerFollowup, ActionEmergency
from relais.cases.intake import open_danger_case
from relais.cases.models import Case, CaseDanger, Channel, IsolationLevel, Orientation
from relais.safety.screen import SafetyScreener
from relais.seed.demo import DemoSeed
from tests.actions.conftest import Say, conversation, run
from tests.conftest import shown

DANGER = Say(
    "EXTERNAL: EXTERNAL_danger",
    "EXTERNAL_danger",
    1.0,
    [{"entity": "danger_kind", "value": "fall"}],
)
REPORT_SO_FAR = {
    "opening_message": "je m'inquiète pour ma voisine",
    "reporter_relation": "neighbour",
    "commune": "Bourganeuf",
    "commune_insee": "23030",
    "requested_slot": "address",
}


def test_a_danger_in_a_report_gives_the_urgent_case_what_the_report_gathered(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.WEB)
    # What the safety net does before the assistant hears of it.
    screening = SafetyScreener().screen("elle est tombée et ne se relève pas")
    assert screening is not None
    open_danger_case(
        session,
        demo.territory,
        channel=Channel.WEB,
        conversation_id=chat,
        danger=CaseDanger.FALL,
        observation="elle est tombée",
    )
    session.commit()

    turn = run(ActionDangerFollowup(), chat, DANGER, REPORT_SO_FAR, form="report_form")

    case = session.scalars(select(Case)).one()
    session.refresh(case)
    assert case.commune_insee == "23030"
    assert case.collected["in_progress"]["relation"] == "neighbour"
    assert shown(case)["Commune"] == "Bourganeuf (23400)"
    assert shown(case)["Lien avec la personne"] == "Voisin ou voisine"
    assert [e.kind for e in case.events] == ["created", "details_added"]
    assert turn.responses == ["utter_danger_followup"]
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in turn.events
    ]
    assert turn.slots["commune"] is None  # the form is left: nothing lingers


def test_a_danger_outside_any_form_only_follows_up(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ActionDangerFollowup(), chat, DANGER, {})
    assert turn.responses == ["utter_danger_followup"]
    assert not any(e.get("event") == "active_loop" for e in turn.events)


def test_an_emergency_the_nlu_alone_saw_is_answered_and_urgent(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.SMS, "+33612345678")
    text = "venez vite elle est toute bleue et ne bouge plus"
    turn = run(
        ActionEmergency(), chat, Say(text, "emergency", 0.92), REPORT_SO_FAR, form="report_form"
    )

    for number in ("15", "17", "112", "3114"):
        assert f"le {number}" in turn.said
    case = session.scalars(select(Case)).one()
    assert case.isolation_level is IsolationLevel.URGENT
    assert case.proposed_orientation is Orientation.EMERGENCY_SERVICES
    assert case.observation == text
    assert case.commune_insee == "23030"
    assert case.collected["danger"] == "nlu_emergency"
