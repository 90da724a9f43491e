"""Case workflow through the services: scope, transitions, routing, each action's timeline."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.audit.models import AuditEntry
from relais.cases import queries, workflow
from relais.cases.erasure import anonymise_case
from relais.cases.intake import PersonConsent
from relais.cases.models import CaseStatus, ClosedReason, IsolationLevel, Orientation
from relais.cases.scope import CaseNotFound, NotAllowed, Scope, scope_for
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSubject
from relais.consent.service import record_opt_out
from relais.conversation.service import start_conversation
from relais.seed.demo import DemoSeed
from relais.telephony.console import ConsoleTelephony, recorded
from relais.territory.models import Territory
from tests.backoffice.conftest import case, report, staff, structure


def scope_of(session: Session, email: str) -> Scope:
    return scope_for(staff(session, email))


@pytest.fixture
def coordinator(session: Session) -> Scope:
    return scope_of(session, "coordination@relais.example")


@pytest.fixture
def territory(session: Session, demo: DemoSeed) -> Territory:
    found = session.get(Territory, demo.territory.id)
    assert found is not None
    return found


def kinds(session: Session, case_id: int) -> list[str]:
    return [e.kind for e in case(session, case_id).events]


def test_routing_proposes_the_local_ccas_first_for_a_social_evaluation_in_aubusson(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    case_id = report(sessions, commune="23008")
    workflow.qualify(session, coordinator, case_id, IsolationLevel.HIGH)
    proposal = workflow.routing_proposal(session, coordinator, case(session, case_id))
    assert proposal is not None
    assert proposal.orientation is Orientation.SOCIAL_EVALUATION
    assert [s.name for s in proposal.structures] == ["CCAS d'Aubusson", "CLIC de la Creuse"]


def test_qualify_then_orient_to_the_proposed_structure(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    case_id = report(sessions)
    workflow.take(session, coordinator, case_id)
    workflow.qualify(session, coordinator, case_id, IsolationLevel.HIGH)
    ccas = structure(session, "CCAS d'Aubusson")
    workflow.orient(session, coordinator, case_id, Orientation.SOCIAL_EVALUATION, ccas.id)
    session.commit()

    oriented = case(session, case_id)
    assert oriented.status is CaseStatus.ORIENTED
    assert oriented.structure_id == ccas.id
    assert oriented.assignee_id == coordinator.staff_id
    assert oriented.oriented_at is not None
    assert oriented.orientation_override_reason is None
    assert kinds(session, case_id) == ["created", "taken", "qualified", "oriented"]


def test_an_orientation_other_than_the_proposed_one_needs_a_reason(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    case_id = report(sessions)
    workflow.qualify(session, coordinator, case_id, IsolationLevel.HIGH)
    session.commit()
    ccas = structure(session, "CCAS d'Aubusson")
    with pytest.raises(workflow.WorkflowError, match="raison"):
        workflow.orient(session, coordinator, case_id, Orientation.ACTIVITIES_INFORMATION, ccas.id)
    session.rollback()
    assert case(session, case_id).status is CaseStatus.QUALIFIED

    workflow.orient(
        session, coordinator, case_id, Orientation.ACTIVITIES_INFORMATION, ccas.id,
        "Elle souhaite d'abord des activités, pas de visite",
    )  # fmt: skip
    session.commit()
    oriented = case(session, case_id)
    assert oriented.chosen_orientation is Orientation.ACTIVITIES_INFORMATION
    assert oriented.proposed_orientation is Orientation.SOCIAL_EVALUATION
    assert "activités" in (oriented.orientation_override_reason or "")


def test_changing_the_proposed_level_needs_a_reason(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    case_id = report(sessions)
    workflow.qualify(session, coordinator, case_id, IsolationLevel.MEDIUM)
    with pytest.raises(workflow.WorkflowError, match="raison"):
        workflow.qualify(session, coordinator, case_id, IsolationLevel.HIGH)
    workflow.qualify(session, coordinator, case_id, IsolationLevel.HIGH, "Chute récente")
    assert case(session, case_id).isolation_level is IsolationLevel.HIGH


def test_an_aller_vers_case_is_not_oriented_until_the_person_agrees_by_phone(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    case_id = report(sessions, consent=PersonConsent.NO)
    clic = structure(session, "CLIC de la Creuse")
    with pytest.raises(workflow.WorkflowError, match="accord"):
        workflow.orient(session, coordinator, case_id, Orientation.SOCIAL_EVALUATION, clic.id)
    workflow.record_phone_consent(
        session, coordinator, case_id, ConsentScope.CONTACT, ConsentDecision.GIVEN
    )
    session.commit()
    agreed = case(session, case_id)
    assert agreed.status is CaseStatus.NEW
    view = queries.case_view(session, coordinator, case_id)
    person = [c for c in view.consents if c.subject is ConsentSubject.PERSON]
    assert [c.source.value for c in person] == ["third_party", "staff"]
    assert view.consents[-1].recorded_by_id == coordinator.staff_id


def test_manual_status_changes_follow_the_allowed_transitions_and_need_a_reason(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope
) -> None:
    case_id = report(sessions)
    with pytest.raises(workflow.WorkflowError, match="raison"):
        workflow.change_status(session, coordinator, case_id, CaseStatus.AWAITING_CONTACT, " ")
    with pytest.raises(workflow.WorkflowError, match="peut passer"):
        workflow.change_status(session, coordinator, case_id, CaseStatus.FOLLOWED, "suivi")
    workflow.close(session, coordinator, case_id, ClosedReason.REFUSED, "Ne souhaite rien")
    with pytest.raises(workflow.WorkflowError, match="clos"):
        workflow.add_note(session, coordinator, case_id, "x") and workflow.take(
            session, coordinator, case_id
        )
    workflow.change_status(session, coordinator, case_id, CaseStatus.NEW, "Elle a rappelé")
    session.commit()
    reopened = case(session, case_id)
    assert reopened.status is CaseStatus.NEW
    assert reopened.closed_reason is None
    assert kinds(session, case_id)[-3:] == ["closed", "note", "reopened"]


def test_merging_a_duplicate_closes_it_and_links_both(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope
) -> None:
    first = report(sessions)
    second = report(sessions)
    with pytest.raises(workflow.WorkflowError, match="lui-même"):
        workflow.merge(session, coordinator, first, first)
    workflow.merge(session, coordinator, second, first)
    session.commit()
    duplicate = case(session, second)
    assert duplicate.status is CaseStatus.CLOSED
    assert duplicate.closed_reason is ClosedReason.DUPLICATE
    assert duplicate.merged_into_id == first
    assert queries.case_view(session, coordinator, first).merged_from == [second]


def test_contact_attempts_and_notes_are_in_the_timeline_but_not_in_the_audit(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope
) -> None:
    case_id = report(sessions)
    with pytest.raises(workflow.WorkflowError):
        workflow.log_contact_attempt(session, coordinator, case_id, "teleported")
    workflow.log_contact_attempt(session, coordinator, case_id, "no_answer", "Rappeler jeudi")
    workflow.add_note(session, coordinator, case_id, "Fille joignable le soir")
    session.commit()
    events = case(session, case_id).events
    assert events[-2].detail == {"outcome": "no_answer", "note": "Rappeler jeudi"}
    assert events[-1].detail == {"text": "Fille joignable le soir"}
    audits = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "case")).all()
    assert [a.action for a in audits] == ["case.contact_attempt", "case.note"]
    assert all("Rappeler" not in str(a.detail) and "Fille" not in str(a.detail) for a in audits)


def test_the_reporter_feedback_sms_is_fixed_sent_once_and_only_when_asked(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    telephony = ConsoleTelephony(sessions, "+33555000099")
    silent = report(sessions, wants_feedback=False)
    asked = report(sessions, reporter_phone="+33611111111")
    clic = structure(session, "CLIC de la Creuse")
    for case_id in (silent, asked):
        workflow.qualify(session, coordinator, case_id, IsolationLevel.HIGH)
        workflow.orient(session, coordinator, case_id, Orientation.SOCIAL_EVALUATION, clic.id)
    session.commit()

    with pytest.raises(workflow.WorkflowError, match="pas demandé"):
        workflow.send_reporter_feedback(session, coordinator, silent, telephony)
    workflow.send_reporter_feedback(session, coordinator, asked, telephony)
    session.commit()
    with pytest.raises(workflow.WorkflowError, match="déjà"):
        workflow.send_reporter_feedback(session, coordinator, asked, telephony)

    [sms] = recorded(session, kind="sms")
    assert sms.to == "+33611111111"
    assert sms.body == "La situation que vous nous avez signalée a été prise en charge. Merci."
    assert kinds(session, asked)[-1] == "reporter_feedback_sent"


def test_no_feedback_before_orientation_nor_to_a_reporter_who_opted_out(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    case_id = report(sessions, reporter_phone="+33622222222")
    assert workflow.feedback_refusal(session, case(session, case_id)) is not None
    workflow.qualify(session, coordinator, case_id, IsolationLevel.LOW)
    clic = structure(session, "CLIC de la Creuse")
    workflow.orient(
        session, coordinator, case_id, Orientation.SOCIAL_EVALUATION, clic.id, "Besoin d'aide"
    )
    record_opt_out(session, phone="+33622222222", channel="sms")
    session.commit()
    assert "ne plus recevoir" in (workflow.feedback_refusal(session, case(session, case_id)) or "")


def test_partners_see_only_the_cases_oriented_to_their_structure(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    to_ccas = report(sessions)
    elsewhere = report(sessions)
    workflow.qualify(session, coordinator, to_ccas, IsolationLevel.HIGH)
    ccas = structure(session, "CCAS d'Aubusson")
    workflow.orient(session, coordinator, to_ccas, Orientation.SOCIAL_EVALUATION, ccas.id)
    session.commit()

    partner = scope_of(session, "ccas-aubusson@relais.example")
    other = scope_of(session, "equipe-souterraine@relais.example")
    viewer = scope_of(session, "statistiques@relais.example")
    listed = queries.queue(session, partner, queries.QueueFilters())
    assert [r.case.id for r in listed.rows] == [to_ccas]
    assert queries.queue(session, other, queries.QueueFilters()).rows == []
    assert queries.queue(session, viewer, queries.QueueFilters()).rows == []
    for scope, case_id in [(partner, elsewhere), (other, to_ccas), (viewer, to_ccas)]:
        with pytest.raises(CaseNotFound):
            queries.case_view(session, scope, case_id)
        with pytest.raises(CaseNotFound):
            workflow.add_note(session, scope, case_id, "x")
    with pytest.raises(NotAllowed):
        workflow.orient(session, partner, to_ccas, Orientation.SOCIAL_EVALUATION, ccas.id)
    workflow.log_contact_attempt(session, partner, to_ccas, "reached")


def test_the_queue_puts_urgent_first_then_the_nearest_due_date_and_counts_per_status(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope, territory: Territory
) -> None:
    low = report(sessions)
    urgent = report(sessions, commune="23096")
    workflow.qualify(session, coordinator, low, IsolationLevel.LOW)
    workflow.qualify(session, coordinator, urgent, IsolationLevel.URGENT)
    session.commit()
    unassessed = report(sessions)
    page = queries.queue(session, coordinator, queries.QueueFilters())
    assert [r.case.id for r in page.rows] == [urgent, unassessed, low]
    assert page.counts[CaseStatus.QUALIFIED] == 2
    assert page.counts[CaseStatus.NEW] == 1
    only = queries.queue(session, coordinator, queries.QueueFilters(commune_insee="23096"))
    assert [r.case.id for r in only.rows] == [urgent]
    by_reference = queries.queue(
        session, coordinator, queries.QueueFilters(reference=case(session, low).reference)
    )
    assert [r.case.id for r in by_reference.rows] == [low]


def test_anonymising_keeps_statistics_and_removes_what_identifies(
    session: Session, sessions: sessionmaker[Session], coordinator: Scope
) -> None:
    case_id = report(sessions)
    conversation = start_conversation(
        session, coordinator.territory_id, case(session, case_id).channel
    )
    case(session, case_id).conversation_id = conversation.id
    workflow.add_note(session, coordinator, case_id, "Fille : Mme Martin")
    session.commit()
    anonymise_case(session, coordinator, case_id)
    session.commit()
    erased = case(session, case_id)
    assert erased.person is not None
    assert erased.person.first_name is None
    assert erased.reporter_phone is None
    assert erased.observation is None
    assert erased.collected == {}
    assert all("text" not in e.detail for e in erased.events)
    assert erased.commune_insee == "23008"
    assert erased.channel.value == "sms"
    assert erased.anonymised_at is not None
