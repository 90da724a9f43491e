"""Setting up a follow-up: consent first, every bad input refused in French with nothing
written, scope like cases, pause, resume, stop, and an opt-out or erasure from any channel
stopping it at once."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.describe import event_summary
from relais.cases.models import Case, CaseStatus, Channel, EventKind, Orientation
from relais.cases.scope import scope_for
from relais.cases.workflow import orient
from relais.consent.models import ConsentRecord, ConsentScope, ConsentSource
from relais.consent.requests import request_erasure, withdraw_consent
from relais.followups import enrolment, planning
from relais.followups.enrolment import FollowUpError, FollowUpNotFound
from relais.followups.models import (
    AttemptState,
    CheckinAttempt,
    FollowUp,
    FollowUpChannel,
    FollowUpStatus,
    PauseReason,
    StopReason,
)
from relais.people.models import Person
from relais.territory.models import Territory
from tests.backoffice.conftest import report, staff, structure
from tests.followups.conftest import (
    MONDAY_MORNING,
    PHONE,
    SAT,
    consent_to_calls,
    paris,
    request,
    rows,
)

TABLES = (FollowUp, CheckinAttempt, Case, Person, ConsentRecord)


def planned(session: Session, followup: FollowUp) -> list[CheckinAttempt]:
    session.flush()
    return list(
        session.scalars(
            select(CheckinAttempt)
            .where(CheckinAttempt.followup_id == followup.id)
            .where(CheckinAttempt.state == AttemptState.PLANNED)
        )
    )


def test_without_the_persons_consent_nothing_is_set_up(
    session: Session, territory: Territory
) -> None:
    before = rows(session, *TABLES)
    with pytest.raises(FollowUpError, match="n'a pas donné son accord pour être appelée"):
        enrolment.enrol(session, territory, None, request(), MONDAY_MORNING)
    session.rollback()
    assert rows(session, *TABLES) == before


def test_consent_given_by_phone_sets_it_up_and_plans_the_first_call(
    session: Session, territory: Territory
) -> None:
    followup = enrolment.enrol(
        session, territory, None, request(consent_by_phone=True), MONDAY_MORNING
    )
    session.commit()
    assert followup.status is FollowUpStatus.ACTIVE
    assert followup.phone == PHONE
    assert (followup.days, followup.at_time) == (["tue", "fri"], "10:00")
    consent = session.get_one(ConsentRecord, followup.consent_id)
    assert (consent.scope, consent.source) == (ConsentScope.CHECKIN_CALLS, ConsentSource.STAFF)
    [first] = planned(session, followup)
    assert first.due_at == paris(2026, 12, 8, 10)  # Tuesday, 10:00 in the Creuse
    case = session.get_one(Case, followup.case_id)
    assert case.status is CaseStatus.FOLLOWED
    assert case.person is not None
    assert case.person.first_name == "Jeanne"
    [started] = [e for e in case.events if e.kind == EventKind.FOLLOWUP_STARTED]
    assert event_summary(started.kind, started.detail) == "mardi, vendredi à 10:00 (appel)"


def test_a_consent_recorded_earlier_is_enough(session: Session, territory: Territory) -> None:
    consent_to_calls(session, PHONE, ConsentScope.CHECKIN_CALLS, ConsentScope.SMS)
    followup = enrolment.enrol(
        session, territory, None, request(channel=FollowUpChannel.CALL_SMS), MONDAY_MORNING
    )
    assert followup.consent_id is not None


BAD_INPUT = [
    ({"days": frozenset()}, "Choisissez au moins un jour d'appel."),
    ({"at": time(20)}, "L'heure d'appel doit être comprise entre 09:00 et 19:00"),
    ({"at": time(8, 30)}, "L'heure d'appel doit être comprise entre 09:00 et 19:00"),
    (
        {"starts_on": date(2026, 12, 20), "ends_on": date(2026, 12, 10)},
        "La date de fin doit être après la date de début.",
    ),
    ({"starts_on": date(2026, 12, 1)}, "La date de début est déjà passée."),
    ({"phone": "05 55 52"}, "Numéro de téléphone invalide : « 05 55 52 »."),
    ({"phone": ""}, "Numéro de téléphone invalide"),
    ({"first_name": "J" * 101}, "Le prénom est trop long"),
    ({"structure_id": 999_999}, "Cette structure n'existe pas dans votre territoire."),
    ({"referent_id": 999_999}, "Ce professionnel n'existe pas dans votre territoire."),
    ({"case_id": 999_999}, "Ce dossier n'existe pas ou ne vous est pas accessible."),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUT)
def test_bad_input_is_refused_in_french_and_nothing_is_written(
    session: Session, territory: Territory, changes: dict[str, object], message: str
) -> None:
    consent_to_calls(session)
    session.commit()
    before = rows(session, *TABLES)
    with pytest.raises(FollowUpError) as refused:
        enrolment.enrol(
            session, territory, None, request(consent_by_phone=True, **changes), MONDAY_MORNING
        )
    assert message in str(refused.value)
    session.rollback()
    assert rows(session, *TABLES) == before


def test_sms_need_their_own_consent(session: Session, territory: Territory) -> None:
    consent_to_calls(session)  # calls only
    with pytest.raises(FollowUpError, match="recevoir des SMS"):
        enrolment.enrol(
            session, territory, None, request(channel=FollowUpChannel.SMS), MONDAY_MORNING
        )


def test_a_second_follow_up_for_the_same_person_is_refused(
    session: Session, territory: Territory
) -> None:
    enrolment.enrol(session, territory, None, request(consent_by_phone=True), MONDAY_MORNING)
    session.commit()
    before = rows(session, *TABLES)
    with pytest.raises(FollowUpError, match="Un suivi existe déjà pour ce numéro"):
        enrolment.enrol(
            session,
            territory,
            None,
            request(phone="+33 5 55 52 12 34", consent_by_phone=True, days=frozenset({SAT})),
            MONDAY_MORNING,
        )
    session.rollback()
    assert rows(session, *TABLES) == before


def test_a_partner_sets_up_follow_ups_on_its_own_cases_only(
    session: Session, sessions: sessionmaker[Session], territory: Territory
) -> None:
    coordinator = scope_for(staff(session, "coordination@relais.example"))
    ccas = scope_for(staff(session, "ccas-aubusson@relais.example"))
    clic = scope_for(staff(session, "clic@relais.example"))
    case_id = report(sessions)
    aubusson = structure(session, "CCAS d'Aubusson")
    orient(session, coordinator, case_id, Orientation.SOCIAL_EVALUATION, aubusson.id, None)
    session.commit()
    with pytest.raises(FollowUpError, match="n'existe pas ou ne vous est pas accessible"):
        enrolment.enrol(
            session,
            territory,
            clic,
            request(case_id=case_id, consent_by_phone=True),
            MONDAY_MORNING,
        )
    session.rollback()
    other = structure(session, "CLIC de la Creuse").id
    with pytest.raises(FollowUpError, match="que sa propre structure"):
        enrolment.enrol(
            session,
            territory,
            ccas,
            request(case_id=case_id, consent_by_phone=True, structure_id=other),
            MONDAY_MORNING,
        )
    session.rollback()
    followup = enrolment.enrol(
        session, territory, ccas, request(case_id=case_id, consent_by_phone=True), MONDAY_MORNING
    )
    session.commit()
    assert followup.structure_id == aubusson.id
    assert followup.case_id == case_id
    assert followup.created_by_id == ccas.staff_id
    # The CLIC does not see it; the coordinator does.
    with pytest.raises(FollowUpNotFound):
        enrolment.get_followup(session, clic, territory.id, followup.id)
    assert enrolment.get_followup(session, coordinator, territory.id, followup.id) is followup


def test_a_pause_skips_its_days_and_resuming_plans_the_next_call_again(
    session: Session, territory: Territory
) -> None:
    followup = enrolment.enrol(
        session, territory, None, request(consent_by_phone=True), MONDAY_MORNING
    )
    enrolment.pause(
        session,
        territory,
        None,
        followup.id,
        from_day=date(2026, 12, 8),
        until_day=date(2026, 12, 15),
        reason=PauseReason.HOSPITAL,
        note="Hôpital de Guéret",
        now=MONDAY_MORNING,
    )
    [next_call] = planned(session, followup)
    assert next_call.due_at == paris(2026, 12, 18, 10)  # Friday after the pause
    enrolment.resume(session, territory, None, followup.id, MONDAY_MORNING)
    [next_call] = planned(session, followup)
    assert next_call.due_at == paris(2026, 12, 8, 10)
    with pytest.raises(FollowUpError, match="pas en pause"):
        enrolment.resume(session, territory, None, followup.id, MONDAY_MORNING)
    with pytest.raises(FollowUpError, match="après son début"):
        enrolment.pause(
            session,
            territory,
            None,
            followup.id,
            from_day=date(2026, 12, 10),
            until_day=date(2026, 12, 9),
            reason=PauseReason.AWAY,
            note=None,
            now=MONDAY_MORNING,
        )


def test_stopping_cancels_the_planned_call(session: Session, territory: Territory) -> None:
    followup = enrolment.enrol(
        session, territory, None, request(consent_by_phone=True), MONDAY_MORNING
    )
    enrolment.stop(session, territory, None, followup.id, reason=StopReason.MOVED, note="En EHPAD")
    assert followup.status is FollowUpStatus.STOPPED
    assert planned(session, followup) == []
    assert planning.plan_next(session, territory, followup, MONDAY_MORNING) is None
    with pytest.raises(FollowUpError, match="déjà arrêté"):
        enrolment.stop(session, territory, None, followup.id, reason=StopReason.OTHER, note=None)


@pytest.mark.parametrize("ask", ["opt_out", "erasure"])
def test_an_opt_out_or_erasure_request_from_any_channel_stops_it_at_once(
    session: Session, territory: Territory, ask: str
) -> None:
    followup = enrolment.enrol(
        session, territory, None, request(consent_by_phone=True), MONDAY_MORNING
    )
    session.commit()
    common = {"channel": Channel.WEB, "conversation_id": None, "phone": PHONE}
    if ask == "opt_out":
        withdraw_consent(session, territory, **common)  # type: ignore[arg-type]
    else:
        request_erasure(session, territory, **common)  # type: ignore[arg-type]
    session.commit()
    session.refresh(followup)
    assert followup.status is FollowUpStatus.STOPPED
    assert followup.stop_reason is StopReason(ask)
    assert planned(session, followup) == []
    # An opt-out also refuses a new follow-up unless the person agrees again, by phone.
    if ask == "opt_out":
        with pytest.raises(FollowUpError, match="accord"):
            enrolment.enrol(session, territory, None, request(), MONDAY_MORNING)


def test_the_end_date_stops_the_follow_up_by_itself(session: Session, territory: Territory) -> None:
    followup = enrolment.enrol(
        session,
        territory,
        None,
        request(consent_by_phone=True, ends_on=date(2026, 12, 8)),
        MONDAY_MORNING,
    )
    [last] = planned(session, followup)
    last.state = AttemptState.DONE
    assert planning.plan_next(session, territory, followup, paris(2026, 12, 8, 11)) is None
    assert followup.status is FollowUpStatus.STOPPED
    assert followup.stop_reason is StopReason.ENDED


def test_a_pause_without_an_end_keeps_the_follow_up_until_resumed(
    session: Session, territory: Territory
) -> None:
    followup = enrolment.enrol(
        session, territory, None, request(consent_by_phone=True), MONDAY_MORNING
    )
    enrolment.pause(
        session,
        territory,
        None,
        followup.id,
        from_day=date(2026, 12, 7),
        until_day=None,
        reason=PauseReason.AWAY,
        note=None,
        now=MONDAY_MORNING,
    )
    assert followup.status is FollowUpStatus.ACTIVE
    assert planned(session, followup) == []
    enrolment.resume(session, territory, None, followup.id, MONDAY_MORNING)
    [next_call] = planned(session, followup)
    assert next_call.due_at == paris(2026, 12, 8, 10)
