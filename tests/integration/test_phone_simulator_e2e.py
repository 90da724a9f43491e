"""The phone simulator in headless Chromium, against the real API, Rasa and action server: a
person in Martinique texts Relais and reads the assistant's answer, calls, answers by voice and
by keypad, hangs up, and sees what Relais sent in the outbound panel."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Case, Channel
from relais.conversation.assistant import RasaAssistant
from relais.conversation.models import Conversation, InboxMessage
from relais.conversation.service import start_conversation
from relais.followups.service import start_checkin
from relais.phone.voice import GREETING, place_checkin_call
from relais.phone.voice_models import VoiceCall
from relais.seed.demo import DemoSeed
from relais.telephony.factory import make_telephony
from relais.territory.service import get_territory
from tests.integration.conftest import Stack

pytestmark = pytest.mark.integration

TYPED = "0696 12 34 56"
E164 = "+596696123456"  # Martinique, as Twilio sends it
WAIT_MS = 30_000
MAX_SILENCES = 5


def _conversation(session: Session, channel: Channel) -> Conversation:
    session.expire_all()
    return session.scalars(
        select(Conversation).where(Conversation.address == E164, Conversation.channel == channel)
    ).one()


def _then_wait(page: object, action: Callable[[], None]) -> None:
    """Does the action and waits until the call's transcript grows."""
    count = page.locator("#appel-fil li").count()  # type: ignore[attr-defined]
    action()
    page.wait_for_function(  # type: ignore[attr-defined]
        f"document.querySelectorAll('#appel-fil li').length > {count}"
    )


def _said(page: object) -> list[str]:
    lines = page.locator("#appel-fil .relais-line--relais")  # type: ignore[attr-defined]
    return [str(text) for text in lines.all_inner_texts()]


def test_a_person_texts_and_calls_relais_from_the_simulator(
    stack: Stack,
    session: Session,
    sessions: sessionmaker[Session],
    demo: DemoSeed,
    browser: object,
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{stack.api_url}/dev/phone")
    page.get_by_label("Votre numéro de téléphone").fill(TYPED)
    page.get_by_role("button", name="Utiliser ce numéro").click()
    assert "0696 12 34 56" in page.locator("#numero-actuel").inner_text()

    # An SMS: signed like Twilio's, stored in the inbox, answered by the assistant in TwiML.
    page.get_by_label("Votre SMS").fill("ma voisine de 88 ans ne sort plus")
    page.get_by_role("button", name="Envoyer le SMS").click()
    answer = page.locator("#sms-fil .relais-line--relais").first
    answer.wait_for()
    assert len(answer.inner_text().removeprefix("Relais").strip()) > 10
    assert page.locator("#sms-fil .relais-line--error").count() == 0
    sms = _conversation(session, Channel.SMS)
    inbox = session.scalars(select(InboxMessage).where(InboxMessage.conversation_id == sms.id))
    assert [m.text for m in inbox] == ["ma voisine de 88 ans ne sort plus"]

    # A call: the greeting is read, the caller answers by voice then by keypad, hangs up.
    page.get_by_role("button", name="Appeler Relais").click()
    page.get_by_label("Ce que vous dites").wait_for()
    assert GREETING[0] in _said(page)[0]
    before = len(_said(page))
    page.get_by_label("Ce que vous dites").fill("je voudrais signaler ma voisine qui est isolée")
    page.get_by_label("Ce que vous dites").press("Enter")  # the keyboard is enough
    page.wait_for_function(
        f"document.querySelectorAll('#appel-fil .relais-line--relais').length > {before}"
    )
    before = len(_said(page))
    page.get_by_role("button", name="Touche 1").click()
    page.wait_for_function(
        f"document.querySelectorAll('#appel-fil .relais-line--relais').length > {before}"
    )
    assert page.locator("#appel-fil").get_by_text("Touches : 1").count() == 1
    page.get_by_role("button", name="Raccrocher").click()
    page.get_by_role("button", name="Rappeler Relais").wait_for()
    assert page.locator("#appel-fil .relais-line--error").count() == 0

    call = _conversation(session, Channel.VOICE)
    voice_call = session.scalars(
        select(VoiceCall).where(VoiceCall.conversation_id == call.id)
    ).one()
    assert voice_call.status == "completed"
    assert voice_call.turn >= 2

    # The outbound panel shows what the console adapter recorded, without reloading the page.
    make_telephony(stack.settings, sessions).send_sms(E164, "Nous avons bien reçu votre appel.")
    panel = page.locator("#envois")
    deadline = time.monotonic() + 10
    while "Nous avons bien reçu votre appel." not in panel.inner_text():
        assert time.monotonic() < deadline, panel.inner_text()
        page.wait_for_timeout(200)
    assert re.search(r"0696 12 34 56", panel.inner_text())


def _checkin_call(stack: Stack, session: Session, sessions: sessionmaker[Session]) -> None:
    """What the scheduler does: a check-in opened for Jeanne, then a call placed to her."""
    settings = stack.settings
    assistant = RasaAssistant(
        settings.rasa_url, settings.action_server_url, settings.rasa_token.get_secret_value()
    )
    territory = get_territory(session, settings.territory_code)
    conversation = start_conversation(session, territory.id, Channel.VOICE, E164)
    start_checkin(session, assistant, conversation, "Jeanne")
    session.commit()
    assistant.close()
    place_checkin_call(session, make_telephony(settings, sessions), settings, conversation)


def test_a_check_in_call_placed_by_relais_is_answered_from_the_outbound_panel(
    stack: Stack,
    session: Session,
    sessions: sessionmaker[Session],
    demo: DemoSeed,
    browser: object,
) -> None:
    _checkin_call(stack, session, sessions)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{stack.api_url}/dev/phone")
    page.get_by_role("button", name="Décrocher").click()
    page.get_by_role("button", name="Raccrocher").wait_for()
    assert "0696 12 34 56" in page.locator("#numero-actuel").inner_text()
    assert "Jeanne" in " ".join(_said(page))  # the check-in question, not the inbound greeting
    page.get_by_role("button", name="Raccrocher").click()
    page.get_by_role("button", name="Rappeler Relais").wait_for()
    session.expire_all()
    call = session.scalars(select(VoiceCall)).one()
    assert (call.direction.value, call.status) == ("outbound", "completed")
    assert page.get_by_role("button", name="Décrocher").count() == 0


def test_after_silences_the_caller_is_handed_off_and_leaves_a_message(
    stack: Stack,
    session: Session,
    demo: DemoSeed,
    browser: object,
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{stack.api_url}/dev/phone?numero=%2B32470123456")  # a Belgian mobile
    page.get_by_role("button", name="Appeler Relais").click()
    page.get_by_role("button", name="Raccrocher").wait_for()
    for _ in range(MAX_SILENCES):  # repeated, rephrased, then a person is offered
        if page.get_by_role("button", name="Ne rien dire (silence)").count() == 0:
            break
        _then_wait(page, lambda: page.get_by_role("button", name="Ne rien dire (silence)").click())
    if page.get_by_role("button", name="Personne n'a répondu").count():  # opening hours
        assert "Transfert de l'appel vers" in page.locator("#appel-fil").inner_text()
        _then_wait(page, lambda: page.get_by_role("button", name="Personne n'a répondu").click())
    transcript = page.locator("#appel-fil").inner_text()
    assert page.get_by_label("Le message que vous laissez").count() == 1, transcript
    page.get_by_label("Le message que vous laissez").fill("rappelez-moi demain matin")
    page.get_by_role("button", name="Laisser le message").click()
    page.get_by_role("button", name="Rappeler Relais").wait_for()
    assert page.locator("#appel-fil .relais-line--error").count() == 0

    session.expire_all()
    case = session.scalars(select(Case)).one()
    recording = str(case.collected["recording_url"])
    assert recording.startswith(f"{stack.settings.public_base_url}/dev/phone/enregistrements/RE")
    path = recording.removeprefix(stack.settings.public_base_url)
    assert "rappelez-moi demain matin" in httpx.get(f"{stack.api_url}{path}").text
