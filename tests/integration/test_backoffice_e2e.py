"""End to end in headless Chromium: a web chat report becomes a case, a coordinator orients it
to the CCAS and tells the reporter, a partner of another structure cannot open it."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Case
from relais.cases.workflow import REPORTER_FEEDBACK_SMS
from relais.seed.demo import DemoSeed
from relais.telephony.console import recorded
from tests.browser import support as browser_support
from tests.integration.conftest import Stack

pytestmark = pytest.mark.integration

REPORTER_PHONE = "06 12 34 56 78"
MAX_TURNS = 12


def _answer(messages: list[dict[str, object]]) -> str:
    """What a cooperative neighbour answers to the assistant's last question."""
    text = " ".join(str(m["text"]) for m in messages).lower()
    payloads = [str(b["payload"]) for m in messages for b in m.get("buttons", [])]  # type: ignore[attr-defined]
    if re.search(r"commune|où habite", text):
        return "aubusson"
    if re.search(r"remarqué|observé|ce qui vous inquiète", text):
        return "elle ne sort plus de chez elle depuis l'hiver et ne voit plus personne"
    if re.search(r"numéro|téléphone|joindre", text):
        return REPORTER_PHONE
    if re.search(r"danger", text):
        return "non"
    if "/affirm" in payloads:
        return "/affirm"
    return "oui"


def _report_by_chat(api: httpx.Client, session: Session) -> Case:
    chat = api.post("/api/chat/sessions").json()["session_id"]
    messages = api.post(
        f"/api/chat/sessions/{chat}/messages", json={"text": "ma voisine de 88 ans ne sort plus"}
    ).json()["messages"]
    for _ in range(MAX_TURNS):
        session.expire_all()
        found = session.scalar(select(Case).where(Case.conversation_id == chat))
        if found is not None:
            return found
        response = api.post(f"/api/chat/sessions/{chat}/messages", json={"text": _answer(messages)})
        assert response.status_code == 200, response.text
        messages = response.json()["messages"]
    pytest.fail("the conversation did not create a case")


def _unfold(page: object, title: str) -> None:
    """Opens an action's fold as a keyboard user would, unless it is open already."""
    summary = page.locator("summary", has_text=title)  # type: ignore[attr-defined]
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.focus()
        page.keyboard.press("Enter")  # type: ignore[attr-defined]


def test_a_chat_report_is_oriented_to_the_ccas_and_the_reporter_is_told(
    stack: Stack, api: httpx.Client, session: Session, demo: DemoSeed, browser: object
) -> None:
    case = _report_by_chat(api, session)
    assert demo.admin_password is not None
    coordinator = browser.new_page()  # type: ignore[attr-defined]
    browser_support.login(
        coordinator, stack.api_url, "coordination@relais.example", demo.admin_password
    )

    first_row = coordinator.locator("#queue-results tbody tr").first
    assert case.reference in first_row.inner_text()
    first_row.get_by_role("link", name=case.reference).click()
    assert coordinator.locator("h1").inner_text() == f"Dossier {case.reference}"

    coordinator.get_by_label("Niveau", exact=True).select_option("high")
    coordinator.get_by_role("button", name="Qualifier", exact=True).click()
    assert "Le dossier est qualifié." in coordinator.content()

    _unfold(coordinator, "Orienter vers une structure")
    ccas = coordinator.get_by_label(re.compile("^CCAS d'Aubusson"))
    assert ccas.is_checked()  # the routing proposes the commune's CCAS first
    coordinator.get_by_role("button", name="Orienter", exact=True).click()
    assert "Le dossier est orienté." in coordinator.content()

    if not case.reporter_wants_feedback or not case.reporter_phone:
        _unfold(coordinator, "Coordonnées du signalant")
        coordinator.get_by_label("Téléphone du signalant").fill(REPORTER_PHONE)
        coordinator.get_by_text(re.compile("souhaite être informé")).click()
        assert coordinator.get_by_label(re.compile("souhaite être informé")).is_checked()
        coordinator.get_by_role("button", name="Enregistrer", exact=True).click()
    coordinator.get_by_role("button", name="Envoyer le SMS de retour").click()
    assert "SMS de retour envoyé au signalant" in coordinator.content()

    deadline = time.monotonic() + 10
    while not (sms := recorded(session, kind="sms")) and time.monotonic() < deadline:
        session.expire_all()
        time.sleep(0.1)
    assert [(m.to, m.body) for m in sms] == [("+33612345678", REPORTER_FEEDBACK_SMS)]

    partner = browser.new_page()  # type: ignore[attr-defined]
    browser_support.login(
        partner, stack.api_url, "equipe-souterraine@relais.example", demo.admin_password
    )
    response = partner.goto(f"{stack.api_url}/backoffice/cases/{case.id}")
    assert response.status == 404
    assert "Dossier introuvable" in partner.content()
    assert case.reference not in partner.goto(f"{stack.api_url}/backoffice/").text()
