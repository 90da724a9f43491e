"""A coordinator who works with the keyboard only (Tab, Shift+Tab, Enter, Space) signs in,
filters the queue, opens a case, takes it and orients it; the focus is always visible."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Site
from tests.browser.support import Watched

COORDINATOR = "coordination@relais.example"
MAX_TABS = 120
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none" || style.backgroundColor === "rgb(255, 221, 0)";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {tag: el.tagName, text: (el.innerText || el.value || "").trim(), label: label.trim(),
          id: el.id, visible: visible};
}"""


def tab_to(page: Any, wanted: str, backwards: bool = False) -> dict[str, Any]:
    """Presses Tab (or Shift+Tab) until the focus is on an element whose text, label or id is
    `wanted`, checking at each stop that the focus can be seen."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["visible"], f"the focus cannot be seen on {focused}"
        if wanted in (focused["text"], focused["label"], focused["id"]):
            return dict(focused)
    raise AssertionError(f"{wanted!r} cannot be reached with the keyboard")


def test_a_coordinator_orients_a_case_with_the_keyboard_only(browser: Any, site: Site) -> None:
    context = browser.new_context(locale="fr-FR")
    watched = Watched.open(context)
    page = watched.page
    page.goto(f"{site.url}/backoffice/login")

    tab_to(page, "Adresse e-mail")
    page.keyboard.type(COORDINATOR)
    tab_to(page, "Mot de passe")
    page.keyboard.type(site.password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/backoffice/")

    reference = page.locator(f"tr[data-case='{site.cases['self']}'] a").inner_text()
    tab_to(page, "Référence du dossier")
    page.keyboard.type(reference)
    tab_to(page, "Filtrer")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#queue-results tbody tr").count() == 1

    tab_to(page, reference)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/backoffice/cases/{site.cases['self']}")

    tab_to(page, "Prendre le dossier")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "Vous suivez ce dossier." in page.content() or "Ne plus suivre" in page.content()

    tab_to(page, "Orienter vers une structure")
    page.keyboard.press("Enter")  # opens the fold
    tab_to(page, "Orienter")
    tab_to(page, "Orienter vers une structure", backwards=True)  # Shift+Tab goes back
    tab_to(page, "Orienter")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "Le dossier est orienté." in page.content()
    context.close()
    assert watched.errors == []
