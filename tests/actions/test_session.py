"""A conversation left in the middle of a report: after an hour, its session expires and what
was said is kept as a case instead of being lost."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.endings import ActionSessionStart
from relais.cases.models import Case, CaseStatus, Channel
from relais.seed.demo import DemoSeed
from tests.actions.conftest import Say, conversation, run
from tests.conftest import shown

LEFT = {
    "opening_message": "mon voisin ne sort plus",
    "reporter_relation": "neighbour",
    "commune": "Guéret",
    "commune_insee": "23096",
    "requested_slot": "address",
}


def test_an_unfinished_report_is_kept_when_the_session_expires(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.SMS, "+33612345678")
    turn = run(ActionSessionStart(), chat, Say("bonjour", "greet", 0.9), LEFT, form="report_form")
    assert [e["event"] for e in turn.events] == ["session_started", "action"]
    case = session.scalars(select(Case)).one()
    assert case.commune_insee == "23096"
    assert case.status is CaseStatus.AWAITING_CONTACT
    assert shown(case)["Signalement incomplet"] == "La conversation s'est arrêtée avant la fin"


def test_a_new_conversation_starts_without_recording_anything(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ActionSessionStart(), chat, Say("bonjour", "greet", 0.9), {})
    assert [e["event"] for e in turn.events] == ["session_started", "action"]
    assert session.scalars(select(Case)).all() == []
