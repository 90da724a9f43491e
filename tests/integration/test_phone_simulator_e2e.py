"""The phone simulator in headless Chromium, against the real API, Rasa and action server: a
person in Martinique texts Relais and reads the assistant's answer, calls, answers by voice and
by keypad, hangs up, and sees what Relais sent in the outbound panel."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Channel
from relais.conversation.models import Conversation, InboxMessage
from relais.phone.voice import GREETING
from relais.phone.voice_models import VoiceCall
from relais.seed.demo import DemoSeed
from relais.telephony.factory import make_telephony
from tests.integration.conftest import Stack
from tests.integration.test_backoffice_e2e import chromium  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.integration

TYPED = "0696 12 34 56"
E164 = "+596696123456"  # Martinique, as Twilio sends it
WAIT_MS = 30_000


def _conversation(session: Session, channel: Channel) -> Conversation:
    session.expire_all()
    return session.scalars(
        select(Conversation).where(Conversation.address == E164, Conversation.channel == channel)
    ).one()


def _said(page: object) -> list[str]:
    lines = page.locator("#appel-fil .relais-line--relais")  # type: ignore[attr-defined]
    return [str(text) for text in lines.all_inner_texts()]


def test_a_person_texts_and_calls_relais_from_the_simulator(
    stack: Stack,
    session: Session,
    sessions: sessionmaker[Session],
    demo: DemoSeed,
    chromium: object,  # noqa: F811
) -> None:
    page = chromium.new_page()  # type: ignore[attr-defined]
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
