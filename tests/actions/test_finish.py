"""The actions that end a flow: the case they record (status, level, consent records, what was
collected, timeline) and what they tell the person."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.endings import ActionFinishCheckin, ActionFinishReport, ActionFinishSelf
from relais.cases.models import Case, CaseStatus, Channel, IsolationLevel, Orientation, Origin
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import consent_records_for_case, latest_decision
from relais.followups.models import CheckinAnswer, CheckinOutcome
from relais.people.models import Person
from relais.seed.demo import DemoSeed
from relais.tasks.models import StaffTask, TaskKind
from tests.actions.conftest import Say, conversation, run
from tests.conftest import shown

PHONE = "+33612345678"
DONE = Say("/affirm", "affirm", 1.0)
REPORT: dict[str, Any] = {
    "opening_message": "ma voisine de 88 ans ne sort plus",
    "reporter_relation": "neighbour",
    "commune": "Guéret",
    "commune_insee": "23096",
    "address": "12 rue des Lilas",
    "age_band": "85_plus",
    "approximate_age": 88,
    "observation": "ses volets restent fermés le matin",
    "danger_now": "no",
    "person_consent": "yes",
    "reporter_phone": PHONE,
    "reporter_wants_feedback": True,
}


def test_a_report_with_consent_is_a_new_case_read_back(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ActionFinishReport(), chat, DONE, REPORT)

    case = session.scalars(select(Case)).one()
    assert case.status is CaseStatus.NEW
    assert case.origin is Origin.THIRD_PARTY
    assert case.commune_insee == "23096"
    assert case.reporter_phone == PHONE
    assert case.reporter_wants_feedback
    assert shown(case)["Lien avec la personne"] == "Voisin ou voisine"
    assert shown(case)["Commune"] == "Guéret (23000)"
    assert shown(case)["Âge"] == "environ 88 ans"
    assert shown(case)["Adresse"] == "12 rue des Lilas"
    assert "volets" in (case.observation or "")
    records = {(r.subject, r.scope): r for r in consent_records_for_case(session, case.id)}
    person = records[(ConsentSubject.PERSON, ConsentScope.CONTACT)]
    assert (person.source, person.decision) == (ConsentSource.THIRD_PARTY, ConsentDecision.GIVEN)
    feedback = records[(ConsentSubject.REPORTER, ConsentScope.REPORTER_FEEDBACK)]
    assert (feedback.source, feedback.decision) == (ConsentSource.SELF, ConsentDecision.GIVEN)
    assert records[(ConsentSubject.REPORTER, ConsentScope.CONTACT)].phone == PHONE
    assert [e.kind for e in case.events] == ["created"]

    assert case.reference in turn.said
    assert "environ 88 ans, à Guéret" in turn.said
    assert 'Vous avez remarqué : "ses volets restent fermés le matin".' in turn.said
    assert "d'accord pour que nous la contactions" in turn.said
    assert turn.slots["observation"] is None  # the next report starts afresh


def test_without_the_persons_agreement_the_report_waits_for_contact(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(
        ActionFinishReport(),
        chat,
        DONE,
        REPORT | {"person_consent": "unknown", "reporter_phone": ""},
    )

    case = session.scalars(select(Case)).one()
    assert case.status is CaseStatus.AWAITING_CONTACT
    assert case.person is not None
    assert case.person.first_name is None
    decisions = {
        (r.subject, r.scope): r.decision for r in consent_records_for_case(session, case.id)
    }
    assert decisions[(ConsentSubject.PERSON, ConsentScope.CONTACT)] is ConsentDecision.UNKNOWN
    assert decisions[(ConsentSubject.REPORTER, ConsentScope.CONTACT)] is ConsentDecision.REFUSED
    assert "délicatesse" in turn.said


def test_an_opt_out_confirmed_in_a_report_withdraws_consent_and_keeps_what_was_said(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.SMS, PHONE)
    slots = {
        k: REPORT[k] for k in ("opening_message", "reporter_relation", "commune", "commune_insee")
    }
    turn = run(
        ActionFinishReport(),
        chat,
        DONE,
        slots | {"pending_stop": "opt_out", "stop_confirmed": True},
    )

    assert (
        latest_decision(session, phone=PHONE, scope=ConsentScope.SMS) is ConsentDecision.WITHDRAWN
    )
    assert (
        latest_decision(session, phone=PHONE, scope=ConsentScope.CHECKIN_CALLS)
        is ConsentDecision.WITHDRAWN
    )
    [task] = session.scalars(select(StaffTask)).all()
    assert task.kind is TaskKind.OPT_OUT
    case = session.scalars(select(Case)).one()
    assert case.commune_insee == "23096"
    assert "Signalement incomplet" in shown(case)
    assert case.status is CaseStatus.AWAITING_CONTACT
    assert turn.responses[:2] == ["utter_opted_out", "utter_come_back_anytime"]
    assert "utter_report_kept" in turn.responses


def test_an_erasure_confirmed_in_a_report_keeps_nothing(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(
        ActionFinishReport(),
        chat,
        DONE,
        REPORT | {"pending_stop": "erase_data", "stop_confirmed": True},
    )
    assert session.scalars(select(Case)).all() == []
    [task] = session.scalars(select(StaffTask)).all()
    assert task.kind is TaskKind.ERASURE_REQUEST
    assert turn.responses == ["utter_erasure_requested"]


SELF: dict[str, Any] = {
    "opening_message": "depuis la mort de mon mari je ne vois personne",
    "self_story": "mes enfants habitent loin",
    "network_family": True,
    "network_friends": False,
    "network_neighbours": False,
    "network_groups": False,
    "ucla_companionship": "often",
    "ucla_left_out": "often",
    "ucla_isolated": "some_of_the_time",
    "rupture_events": ["bereavement"],
    "caregiving": False,
    "health_limits": False,
    "wishes": ["visits", "activities"],
    "contact_consent": True,
    "share_consent": True,
    "preferred_channel": "call",
    "preferred_time": "morning",
    "self_phone": "05 55 52 12 34",
    "self_first_name": "Colette",
    "commune": "Aubusson",
    "commune_insee": "23008",
}


def test_a_self_referral_gets_its_level_orientation_and_consents(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.WEB)
    turn = run(ActionFinishSelf(), chat, DONE, SELF | {"self_phone": "+33555521234"})

    case = session.scalars(select(Case)).one()
    assert case.origin is Origin.SELF
    assert case.status is CaseStatus.NEW
    assert case.isolation_level is IsolationLevel.HIGH  # lonely after a bereavement
    assert case.proposed_orientation is Orientation.SOCIAL_EVALUATION
    assert case.assessment is not None
    assert case.assessment["ucla_score"] == 8
    assert case.assessment["networks"] == ["family"]
    assert case.person is not None
    assert (case.person.first_name, case.person.phone) == ("Colette", "+33555521234")
    assert shown(case)["Moment préféré"] == "Le matin"
    decisions = {
        r.scope: (r.source, r.decision) for r in consent_records_for_case(session, case.id)
    }
    assert decisions[ConsentScope.CONTACT] == (ConsentSource.SELF, ConsentDecision.GIVEN)
    assert decisions[ConsentScope.SHARE_WITH_PARTNER] == (ConsentSource.SELF, ConsentDecision.GIVEN)
    assert "plutôt le matin" in turn.said
    assert case.reference in turn.said
    assert "CCAS d'Aubusson" in turn.said  # activities were wished for
    assert "élevé" not in turn.said
    assert "high" not in turn.said


def test_a_self_referral_without_consent_keeps_nothing_identifying(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.SMS, PHONE)
    slots = SELF | {
        "contact_consent": False,
        "share_consent": None,
        "self_first_name": None,
        "self_phone": None,
    }
    turn = run(ActionFinishSelf(), chat, DONE, slots)

    case = session.scalars(select(Case)).one()
    assert case.status is CaseStatus.AWAITING_CONTACT
    assert case.person is not None
    assert (case.person.first_name, case.person.phone) == (None, None)
    [record] = consent_records_for_case(session, case.id)
    assert (record.scope, record.decision) == (ConsentScope.CONTACT, ConsentDecision.REFUSED)
    assert "sans votre accord" in turn.said


def test_a_low_level_gets_the_activities_near_the_person(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.WEB)
    slots = SELF | {
        "network_friends": True,
        "ucla_companionship": "hardly_ever",
        "ucla_left_out": "hardly_ever",
        "wishes": [],
    }
    turn = run(ActionFinishSelf(), chat, DONE, slots)
    case = session.scalars(select(Case)).one()
    assert case.isolation_level is IsolationLevel.LOW
    assert case.proposed_orientation is Orientation.ACTIVITIES_INFORMATION
    assert "CCAS d'Aubusson" in turn.said


def test_a_checkin_not_ok_opens_a_case_for_the_followed_person(
    session: Session, demo: DemoSeed
) -> None:
    person = Person(
        territory_id=demo.territory.id, first_name="Marcel", phone=PHONE, commune_insee="23096"
    )
    session.add(person)
    session.commit()
    chat = conversation(session, demo, Channel.VOICE, PHONE)
    slots = {
        "checkin_status": "not_ok",
        "checkin_said": "pas terrible",
        "checkin_detail": "je n'ai vu personne",
    }
    turn = run(ActionFinishCheckin(), chat, Say("je n'ai vu personne"), slots)

    case = session.scalars(select(Case)).one()
    assert case.origin is Origin.CHECKIN
    assert case.status is CaseStatus.NEW
    assert case.person_id == person.id
    assert shown(case)["Ce qui ne va pas"] == "je n'ai vu personne"
    answer = session.scalars(select(CheckinAnswer)).one()
    assert (answer.outcome, answer.case_id, answer.person_id) == (
        CheckinOutcome.NOT_OK,
        case.id,
        person.id,
    )
    assert turn.responses == ["utter_checkin_not_ok", "utter_checkin_emergency_reminder"]


def test_a_checkin_ok_or_callback_is_recorded_without_a_case(
    session: Session, demo: DemoSeed
) -> None:
    chat = conversation(session, demo, Channel.VOICE, PHONE)
    run(
        ActionFinishCheckin(), chat, Say("/checkin_ok", "checkin_ok", 1.0), {"checkin_status": "ok"}
    )
    run(
        ActionFinishCheckin(),
        chat,
        Say("rappelez-moi demain", "request_callback", 0.9),
        {"checkin_status": "callback", "checkin_said": "rappelez-moi demain"},
    )
    outcomes = [
        a.outcome for a in session.scalars(select(CheckinAnswer).order_by(CheckinAnswer.id))
    ]
    assert outcomes == [CheckinOutcome.OK, CheckinOutcome.CALLBACK]
    assert session.scalars(select(Case)).all() == []


def test_a_checkin_opt_out_withdraws_consent(session: Session, demo: DemoSeed) -> None:
    chat = conversation(session, demo, Channel.VOICE, PHONE)
    turn = run(
        ActionFinishCheckin(), chat, DONE, {"pending_stop": "opt_out", "stop_confirmed": True}
    )
    assert (
        latest_decision(session, phone=PHONE, scope=ConsentScope.CHECKIN_CALLS)
        is ConsentDecision.WITHDRAWN
    )
    assert session.scalars(select(CheckinAnswer)).one().outcome is CheckinOutcome.OPT_OUT
    assert session.scalars(select(StaffTask)).one().kind is TaskKind.OPT_OUT
    assert turn.responses == ["utter_opted_out", "utter_come_back_anytime"]
