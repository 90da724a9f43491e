"""Every back-office page, for each role that can see it, and every form with its errors
shown, checked by axe-core in Chromium: no critical or serious violation, no script error, no
value shown as its code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Site
from tests.browser.support import Watched, axe_violations, login, raw_codes

ADMIN = "admin@relais.example"
COORDINATOR = "coordination@relais.example"
PARTNER = "ccas-aubusson@relais.example"
VIEWER = "statistiques@relais.example"
BAD_CSV = "nom;type;communes\n;mairie;Atlantis\n"

Step = Callable[[Any, Site], None]


def go(path: str) -> Step:
    def step(page: Any, site: Site) -> None:
        page.goto(f"{site.url}{path}")

    return step


def case_page(key: str) -> Step:
    def step(page: Any, site: Site) -> None:
        page.goto(f"{site.url}/backoffice/cases/{site.cases[key]}")
        assert page.locator("h1").inner_text().startswith("Dossier RL-")

    return step


def refused(key: str, fold: str, fill: Callable[[Any], None] | None = None) -> Step:
    """Opens a fold of a case page, submits its form as filled by `fill`, and expects the
    error summary with its inline message."""

    def step(page: Any, site: Site) -> None:
        page.goto(f"{site.url}/backoffice/cases/{site.cases[key]}")
        details = page.locator("details").filter(has=page.locator("summary", has_text=fold))
        if details.get_attribute("open") is None:
            details.locator("summary").first.click()
        if fill is not None:
            fill(details)
        details.locator("button[type=submit]").last.click()
        page.wait_for_load_state()
        expect_errors(page)

    return step


def expect_errors(page: Any) -> None:
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1, "no error summary"
    assert page.locator(".govuk-error-message").count() >= 1, "no inline error message"
    # Each link of the summary leads to something on the page.
    for target in summary.locator("a").evaluate_all("links => links.map(a => a.hash)"):
        assert page.locator(target).count() == 1, f"the summary links to a missing {target}"


def submitted(path: str, fill: Callable[[Any], None] | None = None, button: str = "") -> Step:
    def step(page: Any, site: Site) -> None:
        page.goto(f"{site.url}{path}")
        if fill is not None:
            fill(page)
        main = page.locator("main")
        target = main.get_by_role("button", name=button, exact=True) if button else None
        (target or main.locator("form[method=post] button[type=submit]").last).click()
        page.wait_for_load_state()
        expect_errors(page)

    return step


def login_refused(page: Any, site: Site) -> None:
    login(page, site.url, ADMIN, "not-the-password")
    expect_errors(page)


def upload_bad_csv(page: Any) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "annuaire.csv", "mimeType": "text/csv", "buffer": BAD_CSV.encode()}]
    )


def _hours_backwards(page: Any) -> None:
    page.locator("#calling-from").fill("19:00")
    page.locator("#calling-until").fill("09:00")


ANONYMOUS: dict[str, Step] = {
    "connexion": go("/backoffice/login"),
    "connexion refusée": login_refused,
    "données personnelles": go("/donnees-personnelles"),
    "simulateur de téléphone": go("/dev/phone"),
}
CASES = {
    f"dossier ({key})": case_page(key)
    for key in ("report", "self", "danger", "callback", "checkin", "oriented")
}
ADMIN_PAGES: dict[str, Step] = {
    "file d'orientation": go("/backoffice/"),
    "file filtrée": go("/backoffice/?status=new&level=high&channel=sms&overdue=1"),
    "file, filtre invalide": go("/backoffice/?level=inconnu"),
    **CASES,
    "qualifier sans niveau": refused("report", "Qualifier"),
    "orienter sans raison": refused(
        "self",
        "Orienter vers une structure",
        lambda d: d.get_by_label("Orientation", exact=True).select_option("activities_information"),
    ),
    "consentement sans réponse": refused("report", "Consentement recueilli"),
    "signalant, numéro invalide": refused(
        "report",
        "Coordonnées du signalant",
        lambda d: d.get_by_label("Téléphone du signalant").fill("12"),
    ),
    "note vide": refused("report", "Ajouter une note"),
    "statut sans raison": refused("report", "Changer le statut"),
    "fusion, référence invalide": refused(
        "report",
        "Fusionner",
        lambda d: d.get_by_label("Référence du dossier à conserver").fill("abc"),
    ),
    "effacement non confirmé": refused("report", "Effacer les données personnelles"),
    "suivi sans jour": refused("report", "Mettre en place des appels réguliers"),
    "pause sans date": refused("self", "Mettre en pause"),
    "suivis": go("/backoffice/suivis"),
    "suivis, alertes": go("/backoffice/suivis?alertes=1"),
    "annuaire": go("/backoffice/directory"),
    "structure": lambda page, site: (
        page.goto(f"{site.url}/backoffice/directory"),
        page.get_by_role("link", name="CCAS d'Aubusson").click(),
    ),
    "nouvelle structure": go("/backoffice/directory/new"),
    "structure incomplète": submitted("/backoffice/directory/new"),
    "import CSV": go("/backoffice/directory/import"),
    "import sans fichier": submitted("/backoffice/directory/import"),
    "import avec erreurs": submitted("/backoffice/directory/import", upload_bad_csv),
    "tableau de bord": go("/backoffice/stats"),
    "journal d'audit": go("/backoffice/audit"),
    "journal filtré": go("/backoffice/audit?object_type=case&action=case.read"),
    "comptes": go("/backoffice/accounts"),
    "compte incomplet": submitted("/backoffice/accounts", button="Créer le compte"),
    "territoire": go("/backoffice/territoire"),
    "heures d'appel invalides": submitted("/backoffice/territoire", _hours_backwards),
    "effacements et oppositions": go("/backoffice/tasks"),
    "mon compte": go("/backoffice/password"),
    "mot de passe refusé": submitted("/backoffice/password"),
}
COORDINATOR_PAGES: dict[str, Step] = {
    "file d'orientation": go("/backoffice/"),
    "dossier (report)": case_page("report"),
    "dossier (self)": case_page("self"),
    "suivis": go("/backoffice/suivis"),
    "effacements et oppositions": go("/backoffice/tasks"),
    "annuaire": go("/backoffice/directory"),
    "tableau de bord": go("/backoffice/stats"),
    "mon compte": go("/backoffice/password"),
}
PARTNER_PAGES: dict[str, Step] = {
    "file d'orientation": go("/backoffice/"),
    "dossier orienté vers le CCAS": case_page("oriented"),
    "suivis": go("/backoffice/suivis"),
    "annuaire": go("/backoffice/directory"),
    "tableau de bord": go("/backoffice/stats"),
}
VIEWER_PAGES: dict[str, Step] = {
    "tableau de bord": go("/backoffice/stats"),
    "annuaire": go("/backoffice/directory"),
}
ROLES = {
    "sans compte": (None, ANONYMOUS),
    "administrateur": (ADMIN, ADMIN_PAGES),
    "coordinatrice": (COORDINATOR, COORDINATOR_PAGES),
    "partenaire": (PARTNER, PARTNER_PAGES),
    "lecteur": (VIEWER, VIEWER_PAGES),
}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_has_a_serious_accessibility_problem(browser: Any, site: Site, role: str) -> None:
    email, pages = ROLES[role]
    context = browser.new_context(locale="fr-FR")
    watched = Watched.open(context)
    page = watched.page
    if email is not None:
        login(page, site.url, email, site.password)
    problems: dict[str, list[str]] = {}
    for name, step in pages.items():
        watched.errors.clear()
        try:
            step(page, site)
            page.wait_for_load_state()
            found = axe_violations(page) + watched.errors
            found += [f"shown as a code: {code}" for code in raw_codes(page)]
        except Exception as failed:  # every page is reported, not only the first
            found = [f"the page did not behave: {str(failed).splitlines()[0]}"]
        if found:
            problems[name] = found
    context.close()
    assert not problems, "\n".join(
        f"{name}:\n  " + "\n  ".join(lines) for name, lines in problems.items()
    )


def test_the_checker_sees_a_page_that_shuts_people_out(browser: Any) -> None:
    """axe-core, as injected here, reports what the tests above must never meet."""
    page = browser.new_page()
    page.set_content(
        '<html><body><main><img src="data:,"><input type="text">'
        '<p style="color:#bbb;background:#fff">texte pâle</p></main></body></html>'
    )
    found = " ".join(axe_violations(page))
    page.close()
    assert "image-alt" in found
    assert "label" in found
    assert "color-contrast" in found
