"""The web chat as a visitor of the département's site uses it, in Chromium, with the real Rasa:
the widget on /dev/site (a report to the end, a reload in the middle, the keyboard alone, axe),
and /chat with JavaScript switched off (a self-referral to the end)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Case, Origin
from tests.browser.support import Watched, axe_violations
from tests.integration.conftest import Stack

pytestmark = pytest.mark.integration

LAUNCHER = "Une question ? Écrivez-nous"
MAX_TURNS = 14


def _cases(session: Session) -> list[Case]:
    session.expire_all()
    return list(session.scalars(select(Case)))


def _open(page: Any, url: str) -> Any:
    page.goto(f"{url}/dev/site")
    launcher = page.get_by_role("button", name=LAUNCHER)
    launcher.wait_for()
    if launcher.get_attribute("aria-expanded") != "true":  # left open on the page before
        launcher.click()
    frame = page.frame_locator("iframe[title^='Discussion avec']")
    frame.get_by_label("Votre message").wait_for()
    return frame


def _assistant_count(frame: Any) -> int:
    return int(frame.locator(".relais-chat__message--assistant").count())


def _send(frame: Any, text: str) -> None:
    before = _assistant_count(frame)
    frame.get_by_label("Votre message").fill(text)
    frame.get_by_role("button", name="Envoyer").click()
    _wait_for_answer(frame, before)


def _press(frame: Any, payload: str) -> None:
    before = _assistant_count(frame)
    frame.locator(f"#chat-choices button[value='{payload}']").click()
    _wait_for_answer(frame, before)


def _wait_for_answer(frame: Any, before: int) -> None:
    deadline = time.monotonic() + 30
    while _assistant_count(frame) <= before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _assistant_count(frame) > before, "the assistant did not answer"


def _neighbour(frame: Any) -> None:
    """Answers the assistant's last question as a cooperative neighbour on a phone would."""
    last = frame.locator(".relais-chat__message--assistant").last.inner_text().lower()
    payloads = frame.locator("#chat-choices button:not([disabled])").evaluate_all(
        "buttons => buttons.map(b => b.value)"
    )
    if re.search(r"commune|où habite", last):
        _send(frame, "aubusson")
    elif re.search(r"remarqué|observé|ce qui vous inquiète", last):
        _send(frame, "elle sort plus de chez elle depuis l'hiver et voit plus personne")
    elif re.search(r"numéro|téléphone|joindre", last):
        _send(frame, "06 12 34 56 78")
    elif re.search(r"danger", last):
        _send(frame, "non je crois pas")
    elif "/affirm" in payloads:
        _press(frame, "/affirm")
    else:
        _send(frame, "oui")


def test_a_neighbour_reports_through_the_widget_and_a_reload_resumes(
    stack: Stack, session: Session, browser: Any
) -> None:
    context = browser.new_context(locale="fr-FR")
    watched = Watched.open(context)
    page = watched.page
    frame = _open(page, stack.api_url)
    assert frame.get_by_text("En cas de danger, appelez le").is_visible()
    _send(frame, "bonjour ma voisine a 88 ans elle sort plus de chez elle")
    _neighbour(frame)
    said = frame.locator(".relais-chat__message").count()

    page.get_by_role("link", name="Seniors et autonomie").click()  # another page of the site
    page.reload()
    frame = _open(page, stack.api_url)
    assert page.get_by_role("button", name=LAUNCHER).get_attribute("aria-expanded") == "true"
    frame.locator(".relais-chat__message").nth(said - 1).wait_for()
    assert frame.locator(".relais-chat__message").count() == said
    assert not frame.get_by_text("En cas de danger, appelez le").is_visible()

    for _ in range(MAX_TURNS):
        cases = _cases(session)
        if cases and cases[0].reference in frame.locator("#chat-log").inner_text():
            break
        _neighbour(frame)
    cases = _cases(session)
    assert [c.origin for c in cases] == [Origin.THIRD_PARTY]
    assert cases[0].reference in frame.locator("#chat-log").inner_text()
    context.close()
    assert watched.errors == []


def test_the_widget_with_the_keyboard_alone(stack: Stack, session: Session, browser: Any) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{stack.api_url}/dev/site")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent") == LAUNCHER:
            break
    page.keyboard.press("Enter")
    frame = page.frame_locator("iframe[title^='Discussion avec']")
    frame.get_by_label("Votre message").wait_for()  # the chat loads at the first opening
    inner = page.frame(url=re.compile(r"/chat/widget"))
    assert inner is not None
    deadline = time.monotonic() + 10
    while inner.evaluate("() => document.activeElement.id") != "chat-text":
        assert time.monotonic() < deadline, "opening did not move the focus to the text box"
        time.sleep(0.1)
    page.keyboard.type("je me sens bien seule depuis que mon mari est parti")
    page.keyboard.press("Tab")  # to "Envoyer"
    assert inner.evaluate("() => document.activeElement.textContent.trim()") == "Envoyer"
    before = _assistant_count(frame)
    page.keyboard.press("Enter")
    _wait_for_answer(frame, before)
    assert inner.evaluate("() => document.activeElement.id") == "chat-text"
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.textContent") == LAUNCHER
    assert page.get_by_role("button", name=LAUNCHER).get_attribute("aria-expanded") == "false"
    context.close()


def test_the_open_widget_and_the_chat_page_pass_axe(
    stack: Stack, session: Session, browser: Any
) -> None:
    # axe is injected as an inline script, which /dev/site's strict policy forbids.
    page = browser.new_context(bypass_csp=True).new_page()
    frame = _open(page, stack.api_url)
    _send(frame, "ma voisine ne sort plus")
    inner = page.frame(url=re.compile(r"/chat/widget"))
    assert inner is not None
    found = axe_violations(page) + axe_violations(inner)
    page.goto(f"{stack.api_url}/chat")
    found += axe_violations(page)
    page.close()
    assert found == []


def test_what_a_visitor_types_is_shown_as_text(
    stack: Stack, session: Session, browser: Any
) -> None:
    page = browser.new_page()
    frame = _open(page, stack.api_url)
    injected = '<img src=x onerror="window.parent.pwned = 1; window.pwned = 1">'
    _send(frame, f"bonjour {injected}")
    log = frame.locator("#chat-log")
    assert injected in log.inner_text()
    assert log.locator("img").count() == 0
    assert page.evaluate("() => window.pwned") is None
    page.close()


def test_a_self_referral_without_javascript(stack: Stack, session: Session, browser: Any) -> None:
    """The /chat page with JavaScript switched off: every answer is a form post."""
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{stack.api_url}/chat")

    def say(text: str) -> str:
        page.get_by_label("Votre message").fill(text)
        page.get_by_role("button", name="Envoyer").click()
        for _ in range(20):  # past the answer budget, the page offers to look again
            if page.get_by_role("button", name="Voir la réponse").count() == 0:
                break
            time.sleep(0.5)
            page.get_by_role("button", name="Voir la réponse").click()
        return str(page.locator(".relais-chat__message--assistant").last.inner_text())

    def press(number: int) -> str:
        page.locator("#chat-choices button").nth(number - 1).click()
        return str(page.locator(".relais-chat__message--assistant").last.inner_text())

    assert "un peu plus" in say("depuis la mort de mon mari je ne vois plus personne")
    assert "famille" in say("mes enfants habitent à Lyon, ils appellent à Noël")
    assert "amis" in say("non pas vraiment")
    assert "voisins" in press(2)
    assert "association" in say("oui la voisine d'en face passe le dimanche")
    assert "compagnie" in say("non")
    assert "côté" in say("souvent")
    assert "isolement" in press(2)
    assert "proche malade" in say("tout le temps")
    assert "santé" in say("non")
    assert "ferait du bien" in say("oui je marche mal depuis mon opération de la hanche")
    assert "professionnel vous contacte" in say("quelqu'un qui passe me voir de temps en temps")
    answer = say("oui")
    assert "partenaire" in answer, page.locator("#chat-log").inner_text()
    assert "Comment préférez-vous" in say("d'accord")
    assert "moment" in press(1)
    assert "nouvelles" in say("plutôt le matin")
    assert "numéro" in say("non merci, ma fille m'appelle déjà tous les soirs")
    assert "prénom" in say("05 55 52 12 34")
    assert "commune" in say("je m'appelle Colette")
    done = say("Aubusson")
    cases = _cases(session)
    assert [c.origin for c in cases] == [Origin.SELF]
    assert cases[0].reference in done
    context.close()
