"""The pages wear the territory's theme, never the State's, and show a refused form the way
the design system does: a summary at the top whose links lead to the fields in error."""

from __future__ import annotations

import re
import subprocess

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from api.main import create_app
from relais.config import ROOT, Settings
from tests.backoffice.conftest import Browser, report

SUMMARY_LINKS = re.compile(r'govuk-error-summary__list">\s*((?:<li>.*?</li>\s*)+)</ul>', re.S)


def _summary(html: str) -> list[str]:
    found = SUMMARY_LINKS.search(html)
    assert found is not None, "no error summary"
    return re.findall(r'<a href="#([^"]+)">', found.group(1))


def test_the_pages_show_the_territory_not_the_state(browser: Browser) -> None:
    page = browser.client.get("/backoffice/login").text
    assert "Territoire de démonstration (Creuse)" in page
    assert "--govuk-brand-colour: #005f73" in browser.client.get("/theme/style.css").text
    assert 'href="/donnees-personnelles"' in page
    assert "République" not in page
    assert "Marianne" not in page
    logo = browser.client.get("/theme/logo")
    assert logo.status_code == 200
    assert logo.headers["content-type"].startswith("image/svg+xml")
    assert "Données personnelles" in browser.client.get("/donnees-personnelles").text


def test_another_territory_sets_its_own_theme(settings: Settings) -> None:
    theirs = settings.model_copy(update={"theme_name": "CCAS de Guéret", "theme_colour": "#6e2a8c"})
    with TestClient(create_app(theirs)) as client:
        page = client.get("/backoffice/login").text
        style = client.get("/theme/style.css").text
    assert "CCAS de Guéret" in page
    assert "--govuk-brand-colour: #6e2a8c" in style


def test_a_refused_action_links_to_its_field(
    browser: Browser, sessions: sessionmaker[Session]
) -> None:
    case_id = report(sessions)
    browser.login("admin@relais.example")
    response = browser.post(f"/backoffice/cases/{case_id}/actions/note", {"text": " "})
    assert response.status_code == 422
    page = response.text
    assert _summary(page) == ["note-text"]
    assert 'id="note-text-error"' in page
    assert "Indiquez le texte de la note." in page
    assert re.search(r'<details class="govuk-details" id="action-note" open>', page)


def test_a_form_error_without_a_field_links_to_its_form(
    browser: Browser, sessions: sessionmaker[Session]
) -> None:
    case_id = report(sessions)
    browser.login("admin@relais.example")
    page = browser.post(f"/backoffice/cases/{case_id}/actions/anonymise").text
    assert _summary(page) == ["action-anonymise"]
    assert "Cochez la case pour confirmer" in page


def test_every_field_of_a_refused_structure_is_named(browser: Browser) -> None:
    browser.login("admin@relais.example")
    page = browser.post("/backoffice/directory/new", {"nom": "", "communes": "Atlantis"}).text
    links = _summary(page)
    assert "nom" in links
    assert "communes" in links
    for field in links:
        assert f'id="{field}-error"' in page


def test_no_file_of_the_state_design_system_remains() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked
    assert not [name for name in tracked if re.search("dsfr|marianne", name, re.I)]
    vendor = ROOT / "api" / "backoffice" / "static" / "vendor"
    assert sorted(p.name for p in vendor.iterdir()) == ["VERSIONS.md", "govuk-frontend", "htmx"]
    css = (vendor / "govuk-frontend" / "govuk-frontend.min.css").read_text()
    assert "GDS Transport" not in css
    assert "/assets/fonts" not in css
