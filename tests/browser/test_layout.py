"""The queue, a case and the dashboard at 1280 and 320 px: no sideways scrolling of the page,
the signed-in menu reachable on a small screen. Screenshots are kept in var/screenshots/ for a
person to look at."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Site
from tests.browser.support import SCREENSHOTS, Watched, login, scrolls_sideways

COORDINATOR = "coordination@relais.example"
PAGES = {
    "file": "/backoffice/",
    "dossier": "/backoffice/cases/{self}",
    "tableau-de-bord": "/backoffice/stats",
}


@pytest.mark.parametrize("width", [1280, 320])
def test_pages_reflow_without_sideways_scrolling(browser: Any, site: Site, width: int) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    watched = Watched.open(context)
    page = watched.page
    login(page, site.url, COORDINATOR, site.password)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sideways = []
    for name, path in PAGES.items():
        page.goto(site.url + path.format(self=site.cases["self"]))
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        if scrolls_sideways(page):
            sideways.append(name)
    context.close()
    assert sideways == []
    assert watched.errors == []


def test_the_menu_opens_on_a_small_screen(browser: Any, site: Site) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 700})
    watched = Watched.open(context)
    page = watched.page
    login(page, site.url, COORDINATOR, site.password)
    menu = page.get_by_role("button", name="Menu")
    sign_out = page.get_by_role("button", name="Se déconnecter")
    assert menu.is_visible()
    assert not sign_out.is_visible()  # folded away until asked for
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    for name in ("File d'orientation", "Suivis", "Annuaire", "Tableau de bord"):
        assert page.get_by_role("link", name=name, exact=True).is_visible(), name
    assert page.get_by_role("link", name="Mon compte").is_visible()
    sign_out.click()
    page.wait_for_load_state()
    assert "Vous êtes déconnecté." in page.content()
    context.close()
    assert watched.errors == []
