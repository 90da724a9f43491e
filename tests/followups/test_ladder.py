"""The retry ladder as a followed person lives it: calls placed by the scheduler at the planned
time, Twilio's signed status callbacks (no answer, busy, failed, an answering machine), the
SMS after the calls, the person's answers, and the alert to the referent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from api.main import create_app
from relais.cases.describe import case_lines, event_summary
from relais.cases.models import Case, IsolationLevel
from relais.config import Settings
from relais.conversation.models import Conversation
from relais.followups import enrolment
from relais.followups.models import (
    AttemptKind,
    AttemptOutcome,
    AttemptReason,
    AttemptState,
    CheckinOutcome,
    FollowUp,
    FollowUpChannel,
    FollowUpStatus,
)
from relais.followups.service import record_checkin_answer
from relais.seed.demo import DemoSeed
from relais.telephony.console import ConsoleTelephony
from relais.territory.models import Territory
from tests.backoffice.conftest import staff, structure
from tests.followups.conftest import MONDAY_MORNING, PHONE, paris, request
from tests.followups.rig import Clock, Rig
from tests.phone.conftest import ScriptedAssistant

TUESDAY_TEN = paris(2026, 12, 8, 10)


@pytest.fixture
def rig(settings: Settings, sessions: sessionmaker[Session], demo: DemoSeed) -> Iterator[Rig]:
    clock = Clock(MONDAY_MORNING)
    rig_settings = settings.model_copy(update={"calls_per_second": 5.0})
    telephony = ConsoleTelephony(sessions, rig_settings.telephony_from_number, clock)
    app = create_app(rig_settings, assistant=ScriptedAssistant(), telephony=telephony, clock=clock)
    with TestClient(app, base_url="http://testserver") as client:
        yield Rig(sessions, rig_settings, client, clock, telephony)


def enrol(
    session: Session, territory: Territory, channel: FollowUpChannel = FollowUpChannel.CALL
) -> FollowUp:
    ccas = structure(session, "CCAS d'Aubusson")
    referent = staff(session, "ccas-aubusson@relais.example")
    followup = enrolment.enrol(
        session,
        territory,
        None,
        request(
            consent_by_phone=True, channel=channel, structure_id=ccas.id, referent_id=referent.id
        ),
        MONDAY_MORNING,
    )
    session.commit()
    return followup


def timeline(session: Session, followup: FollowUp) -> list[str]:
    session.expire_all()
    case = session.get_one(Case, followup.case_id)
    return [
        f"{e.kind}: {event_summary(e.kind, e.detail)}"
        for e in case.events
        if e.kind.startswith("checkin_")
    ]


def unanswered(rig: Rig, at: datetime, status: str = "no-answer") -> None:
    """The scheduler places the call due at `at`; the phone rings out (or is busy, fails)."""
    done = rig.tick(at)
    assert done.leader, done
    assert done.placed == 1, done
    rig.status(rig.calls()[-1], status)


def test_nobody_answers_three_calls_then_the_referent_is_alerted(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followup = enrol(session, territory)
    assert rig.tick(paris(2026, 12, 8, 9, 59)).placed == 0  # not yet due
    unanswered(rig, TUESDAY_TEN)
    unanswered(rig, paris(2026, 12, 8, 10, 30))
    unanswered(rig, paris(2026, 12, 8, 11, 0))
    assert [c.to for c in rig.calls()] == [PHONE] * 3

    attempts = rig.attempts(session)
    assert [(a.try_number, a.reason, a.result) for a in attempts[:3]] == [
        (1, AttemptReason.SCHEDULED, AttemptState.NO_ANSWER),
        (2, AttemptReason.RETRY, AttemptState.NO_ANSWER),
        (3, AttemptReason.RETRY, AttemptState.NO_ANSWER),
    ]
    alert = session.get_one(Case, attempts[2].case_id)
    assert alert.isolation_level is IsolationLevel.HIGH
    assert alert.structure_id == followup.structure_id
    assert alert.assignee_id == followup.referent_id
    assert alert.due_at == paris(2026, 12, 9, 11)  # the next working day
    assert dict(case_lines(alert.collected)[0])["Alerte"].startswith("Personne injoignable")
    # The next planned call: Friday at 10:00.
    assert attempts[3].state is AttemptState.PLANNED
    assert attempts[3].due_at == paris(2026, 12, 11, 10)
    assert timeline(session, followup) == [
        "checkin_call: essai n°1 (prévu) — pas de réponse",
        "checkin_call: essai n°2 (nouvel essai) — pas de réponse",
        "checkin_call: essai n°3 (nouvel essai) — pas de réponse",
        f"checkin_escalated: essai n°3 (nouvel essai) — dossier {alert.reference} — niveau élevé",
    ]


def test_unreached_twice_in_a_row_is_urgent(
    rig: Rig, session: Session, territory: Territory
) -> None:
    enrol(session, territory)
    for day in (8, 11):  # Tuesday, then Friday
        for minute in (0, 30, 60):
            unanswered(
                rig, paris(2026, 12, day, 10) + (minute * (paris(1, 1, 1, 0, 1) - paris(1, 1, 1)))
            )
    alerts = [a for a in rig.attempts(session) if a.case_id]
    first, second = (session.get_one(Case, a.case_id) for a in alerts)
    assert first.isolation_level is IsolationLevel.HIGH
    assert second.isolation_level is IsolationLevel.URGENT
    assert second.due_at == paris(2026, 12, 11, 15)  # four hours


def test_busy_failed_and_an_answering_machine_are_not_reached(
    rig: Rig, session: Session, territory: Territory
) -> None:
    enrol(session, territory)
    unanswered(rig, TUESDAY_TEN, "busy")
    unanswered(rig, paris(2026, 12, 8, 10, 30), "failed")
    rig.tick(paris(2026, 12, 8, 11))
    machine = rig.calls()[-1]
    heard = rig.pick_up(machine, AnsweredBy="machine_end_beep")
    assert "Nous vous rappellerons" in heard.said
    assert heard.hangs_up
    rig.status(machine, "completed", AnsweredBy="machine_end_beep", CallDuration="6")
    results = [a.result for a in rig.attempts(session)[:3]]
    assert results == [AttemptState.BUSY, AttemptState.FAILED, AttemptState.MACHINE]
    assert rig.attempts(session)[2].case_id is not None  # the ladder ended: an alert


def test_after_the_calls_one_sms_and_its_answer_2_asks_for_a_call_later(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followup = enrol(session, territory, FollowUpChannel.CALL_SMS)
    for minute in (0, 30, 60):
        unanswered(rig, paris(2026, 12, 8, 10) + timedelta(minutes=minute))
    sms_attempt = rig.attempts(session)[-1]
    assert (sms_attempt.kind, sms_attempt.reason) == (AttemptKind.SMS, AttemptReason.SMS_FALLBACK)
    assert sms_attempt.case_id is None  # no alert yet: the SMS may be answered
    assert rig.tick().placed == 1
    [sent] = rig.sms()
    assert sent.to == PHONE
    assert "Bonjour Jeanne" in (sent.body or "")
    # The person answers "2" (read by the check-in dialogue: tests/integration); its outcome:
    conversation = session.get_one(Conversation, rig.attempts(session)[-1].conversation_id)
    rig.clock.set(paris(2026, 12, 8, 12, 5))
    record_checkin_answer(
        session, territory, conversation, CheckinOutcome.CALLBACK, now=rig.clock.now
    )
    session.commit()
    attempts = rig.attempts(session)
    assert attempts[-2].outcome is AttemptOutcome.CALLBACK
    callback = attempts[-1]
    assert (callback.reason, callback.kind, callback.state) == (
        AttemptReason.CALLBACK,
        AttemptKind.CALL,
        AttemptState.PLANNED,
    )
    assert callback.slot_at == attempts[0].slot_at  # still Tuesday's check-in
    assert timeline(session, followup)[-2:] == [
        "checkin_sms: essai n°4 (SMS après les appels) — SMS envoyé",
        "checkin_answered: essai n°4 (SMS après les appels) — rappeler plus tard",
    ]


def test_an_sms_nobody_answers_alerts_the_referent(
    rig: Rig, session: Session, territory: Territory
) -> None:
    enrol(session, territory, FollowUpChannel.CALL_SMS)
    for minute in (0, 30, 60):
        unanswered(rig, paris(2026, 12, 8, 10) + timedelta(minutes=minute))
    rig.tick()
    rig.tick(paris(2026, 12, 8, 14, 10))  # three hours later
    last = rig.attempts(session)[-2]
    assert (last.kind, last.outcome) == (AttemptKind.SMS, AttemptOutcome.NOT_REACHED)
    assert last.case_id is not None


def test_ca_ne_va_pas_opens_a_case_for_the_referent_due_the_same_day(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followup = enrol(session, territory)
    rig.tick(TUESDAY_TEN)
    call = rig.calls()[-1]
    greeting = rig.pick_up(call)
    assert "Bonjour Jeanne" in greeting.said
    attempt = rig.attempts(session)[0]
    assert attempt.state is AttemptState.ANSWERED
    conversation = session.get_one(Conversation, attempt.conversation_id)
    record_checkin_answer(
        session, territory, conversation, CheckinOutcome.NOT_OK, "J'ai mal", now=rig.clock.now
    )
    session.commit()
    rig.status(call, "completed", CallDuration="40")
    attempt, following = rig.attempts(session)
    assert (attempt.result, attempt.outcome) == (AttemptState.ANSWERED, AttemptOutcome.NOT_OK)
    case = session.get_one(Case, attempt.case_id)
    assert case.structure_id == followup.structure_id
    assert case.assignee_id == followup.referent_id
    assert case.due_at == paris(2026, 12, 8, 19)
    assert following.due_at == paris(2026, 12, 11, 10)  # calls go on


def test_an_opt_out_during_the_call_stops_everything(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followup = enrol(session, territory)
    rig.tick(TUESDAY_TEN)
    rig.pick_up(rig.calls()[-1])
    attempt = rig.attempts(session)[0]
    conversation = session.get_one(Conversation, attempt.conversation_id)
    record_checkin_answer(
        session, territory, conversation, CheckinOutcome.OPT_OUT, now=rig.clock.now
    )
    session.commit()
    session.refresh(followup)
    assert followup.status is FollowUpStatus.STOPPED
    assert [a.state for a in rig.attempts(session)] == [AttemptState.DONE]
    assert rig.tick(paris(2026, 12, 11, 10)).placed == 0
    assert len(rig.calls()) == 1


def test_a_call_picked_up_then_hung_up_without_an_answer_is_tried_again(
    rig: Rig, session: Session, territory: Territory
) -> None:
    enrol(session, territory)
    rig.tick(TUESDAY_TEN)
    call = rig.calls()[-1]
    rig.pick_up(call)
    rig.status(call, "completed", CallDuration="3")
    first, retry = rig.attempts(session)
    assert (first.result, first.outcome) == (AttemptState.ANSWERED, AttemptOutcome.NOT_REACHED)
    assert retry.due_at == paris(2026, 12, 8, 10, 30)


def test_a_retried_status_callback_changes_nothing(
    rig: Rig, session: Session, territory: Territory
) -> None:
    enrol(session, territory)
    unanswered(rig, TUESDAY_TEN)
    rig.status(rig.calls()[-1], "no-answer")
    assert len(rig.attempts(session)) == 2
