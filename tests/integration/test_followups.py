"""Follow-ups against the real stack: the scheduler places the planned call, the person picks
up and answers the real Rasa check-in dialogue over signed webhooks; after unanswered calls the
SMS is answered "2"; an opt-out said on the phone stops the calls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Case
from relais.conversation.assistant import rasa_assistant
from relais.followups import enrolment
from relais.followups.models import (
    AttemptOutcome,
    AttemptReason,
    AttemptState,
    CheckinAttempt,
    FollowUp,
    FollowUpChannel,
    FollowUpStatus,
)
from relais.followups.placing import Placing
from relais.followups.ticks import Pacer, Scheduler
from relais.telephony.console import ConsoleTelephony, recorded
from relais.telephony.models import ConsoleRecord
from relais.territory.models import Territory
from tests.backoffice.conftest import staff, structure
from tests.followups.conftest import request
from tests.followups.test_scheduler import _workable_zone
from tests.integration.conftest import Stack
from tests.integration.sms import Phone
from tests.phone.voice_client import Caller, Twiml

pytestmark = pytest.mark.integration

NUMBER = "+33555521234"
FAST = 20.0  # calls per second: each test's rounds place their call at once


@pytest.fixture
def territory(session: Session, api: httpx.Client) -> Territory:
    """Calls allowed all day (the test runs at any hour), today not a public holiday."""
    found = session.scalars(select(Territory).where(Territory.code == "creuse")).one()
    found.timezone = _workable_zone()
    found.calling_from, found.calling_until = "00:00", "23:59"
    session.commit()
    return found


@pytest.fixture
def scheduler(stack: Stack, sessions: sessionmaker[Session]) -> Iterator[Scheduler]:
    telephony = ConsoleTelephony(sessions, stack.settings.telephony_from_number)
    assistant = rasa_assistant(stack.settings)
    placing = Placing(telephony, assistant, stack.settings, holder="integration")
    yield Scheduler(sessions, placing, pacer=Pacer(FAST))
    assistant.close()


def enrol(
    session: Session, territory: Territory, channel: FollowUpChannel = FollowUpChannel.CALL
) -> FollowUp:
    followup = enrolment.enrol(
        session,
        territory,
        None,
        request(
            phone=NUMBER,
            consent_by_phone=True,
            channel=channel,
            days=frozenset(range(7)),
            at=time(0, 0),
            structure_id=structure(session, "CCAS d'Aubusson").id,
            referent_id=staff(session, "ccas-aubusson@relais.example").id,
        ),
        datetime.now(UTC),
    )
    session.commit()
    due_now(session)
    return followup


def due_now(session: Session) -> None:
    past = datetime.now(UTC) - timedelta(seconds=5)
    session.execute(
        update(CheckinAttempt)
        .where(CheckinAttempt.state == AttemptState.PLANNED)
        .values(due_at=past)
    )
    session.commit()


def attempts(session: Session) -> list[CheckinAttempt]:
    session.expire_all()
    return list(session.scalars(select(CheckinAttempt).order_by(CheckinAttempt.id)))


def placed(sessions: sessionmaker[Session], kind: str) -> list[ConsoleRecord]:
    with sessions() as check:
        return recorded(check, kind=kind)


def pick_up(api: httpx.Client, stack: Stack, call: ConsoleRecord) -> tuple[Caller, Twiml]:
    caller = Caller(api, stack.settings, number=call.to)
    caller.call_sid = call.sid
    assert call.url
    return caller, caller.dial_in(call.url, direction="outbound-api")


def answer(caller: Caller, words: str) -> Twiml:
    heard = caller.say(words)
    while heard.redirect and heard.gather is None:  # "un instant, je note"
        heard = caller.follow_redirect()
    return heard


def test_ca_ne_va_pas_said_on_the_phone_puts_a_case_in_the_referents_queue(
    api: httpx.Client,
    stack: Stack,
    session: Session,
    sessions: sessionmaker[Session],
    territory: Territory,
    scheduler: Scheduler,
) -> None:
    followup = enrol(session, territory)
    assert scheduler.tick().placed == 1
    [call] = placed(sessions, "call")
    caller, greeting = pick_up(api, stack, call)
    assert "Bonjour Jeanne" in greeting.said
    assert "Comment allez-vous" in greeting.said
    asked = answer(caller, "bof pas terrible aujourd'hui")
    assert "Qu'est-ce qui ne va pas" in asked.said
    told = answer(caller, "j'ai le moral à zéro depuis que ma voisine est partie en maison")
    assert "Un professionnel va vous rappeler" in told.said
    caller.hang_up("completed", 55, call.status_callback or "")
    attempt, following = attempts(session)
    assert (attempt.state, attempt.outcome) == (AttemptState.DONE, AttemptOutcome.NOT_OK)
    case = session.get_one(Case, attempt.case_id)
    assert case.structure_id == followup.structure_id
    assert case.assignee_id == followup.referent_id
    assert case.observation == "j'ai le moral à zéro depuis que ma voisine est partie en maison"
    assert case.due_at is not None
    assert case.due_at <= datetime.now(UTC) + timedelta(days=1)
    assert following.state is AttemptState.PLANNED


def test_after_three_unanswered_calls_the_sms_answered_2_plans_a_call_later(
    api: httpx.Client,
    stack: Stack,
    session: Session,
    sessions: sessionmaker[Session],
    territory: Territory,
    scheduler: Scheduler,
) -> None:
    enrol(session, territory, FollowUpChannel.CALL_SMS)
    for _ in range(3):
        assert scheduler.tick().placed == 1
        call = placed(sessions, "call")[-1]
        caller = Caller(api, stack.settings, number=call.to)
        caller.call_sid = call.sid
        caller.hang_up("no-answer", 0, call.status_callback or "")
        due_now(session)  # the next rung, without waiting half an hour
    assert scheduler.tick().placed == 1
    [sms] = placed(sessions, "sms")
    # In GSM-7 (one SMS segment costs less): "être" loses its accent.
    assert "Répondez 1 si tout va bien, 2 si vous souhaitez etre rappelé(e)" in (sms.body or "")
    phone = Phone(api, stack.settings, NUMBER)
    assert "nous vous rappellerons" in phone.say("2").lower()
    *_, sent, callback = attempts(session)
    assert (sent.reason, sent.outcome) == (AttemptReason.SMS_FALLBACK, AttemptOutcome.CALLBACK)
    assert (callback.reason, callback.state) == (AttemptReason.CALLBACK, AttemptState.PLANNED)
    assert callback.due_at > datetime.now(UTC) + timedelta(minutes=50)


def test_ne_m_appelez_plus_stops_the_follow_up(
    api: httpx.Client,
    stack: Stack,
    session: Session,
    sessions: sessionmaker[Session],
    territory: Territory,
    scheduler: Scheduler,
) -> None:
    followup = enrol(session, territory)
    scheduler.tick()
    caller, _ = pick_up(api, stack, placed(sessions, "call")[-1])
    heard = answer(caller, "ne m'appelez plus s'il vous plaît")
    if heard.gather is not None and "plus" in heard.said:  # the opt-out is confirmed first
        heard = answer(caller, "oui c'est ça")
    session.expire_all()
    assert session.get_one(FollowUp, followup.id).status is FollowUpStatus.STOPPED
    due_now(session)
    scheduler.tick()
    assert len(placed(sessions, "call")) == 1


def _outbound_page(stack: Stack, browser: object) -> object:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.set_default_timeout(30_000)
    page.goto(f"{stack.api_url}/dev/phone")
    return page


def test_the_whole_ladder_tried_by_hand_in_the_phone_simulator(
    stack: Stack,
    session: Session,
    sessions: sessionmaker[Session],
    territory: Territory,
    scheduler: Scheduler,
    browser: object,
) -> None:
    """The planned calls appear in /dev/phone, where the person lets one ring out, sends one to
    voicemail and finds the line busy: the referent is alerted."""
    enrol(session, territory)
    for button, result in (
        ("Laisser sonner", AttemptState.NO_ANSWER),
        ("Répondeur", AttemptState.MACHINE),
        ("Occupé", AttemptState.BUSY),
    ):
        assert scheduler.tick().placed == 1
        page = _outbound_page(stack, browser)
        page.get_by_role("button", name=button).click()  # type: ignore[attr-defined]
        page.get_by_role("button", name="Appeler Relais").wait_for()  # type: ignore[attr-defined]
        if button == "Répondeur":
            said = page.locator("#appel-fil").inner_text()  # type: ignore[attr-defined]
            assert "Nous vous rappellerons" in said
        page.close()  # type: ignore[attr-defined]
        assert attempts(session)[-2].result is result
        due_now(session)
    alert = next(a for a in attempts(session) if a.case_id)
    assert session.get_one(Case, alert.case_id).collected["kind"] == "unreached"


def test_ca_ne_va_pas_answered_in_the_phone_simulator(
    stack: Stack,
    session: Session,
    sessions: sessionmaker[Session],
    territory: Territory,
    scheduler: Scheduler,
    browser: object,
) -> None:
    followup = enrol(session, territory)
    scheduler.tick()
    page = _outbound_page(stack, browser)
    page.get_by_role("button", name="Décrocher").click()  # type: ignore[attr-defined]
    speech = page.get_by_label("Ce que vous dites")  # type: ignore[attr-defined]
    speech.wait_for()
    assert "Jeanne" in page.locator("#appel-fil").inner_text()  # type: ignore[attr-defined]
    for words in ("ça ne va pas", "je me sens bien seule depuis que ma fille a déménagé"):
        said = page.locator("#appel-fil .relais-line--relais").count()  # type: ignore[attr-defined]
        speech.fill(words)
        speech.press("Enter")
        page.wait_for_function(  # type: ignore[attr-defined]
            f"document.querySelectorAll('#appel-fil .relais-line--relais').length > {said}"
        )
    assert "rappeler" in page.locator("#appel-fil").inner_text()  # type: ignore[attr-defined]
    session.expire_all()
    attempt = attempts(session)[0]
    assert attempt.outcome is AttemptOutcome.NOT_OK
    case = session.get_one(Case, attempt.case_id)
    assert case.structure_id == followup.structure_id
