"""Admins manage staff accounts: create, unlock after a lockout, deactivate."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.backoffice.conftest import Browser, staff

COORDINATOR = "coordination@relais.example"


def test_an_admin_creates_a_partner_account_that_sees_only_its_structure(
    browser: Browser, other_browser: Browser, session: Session
) -> None:
    browser.login("admin@relais.example")
    bad = browser.post(
        "/backoffice/accounts",
        {"email": "p@relais.example", "role": "partner", "password": "un mot de passe long"},
    )
    assert bad.status_code == 422
    assert "rattaché à une structure" in bad.text
    clic = staff(session, "clic@relais.example").structure_id
    created = browser.post(
        "/backoffice/accounts",
        {"email": "p@relais.example", "role": "partner", "structure_id": str(clic),
         "password": "un mot de passe long", "display_name": "Nouvelle partenaire"},
    )  # fmt: skip
    assert created.status_code == 303
    assert other_browser.login("p@relais.example", "un mot de passe long").status_code == 303


def test_an_admin_unlocks_a_locked_account_and_deactivation_ends_its_sessions(
    browser: Browser, other_browser: Browser, session: Session
) -> None:
    for _ in range(5):
        other_browser.login(COORDINATOR, "wrong password!")
    assert "bloqué" in other_browser.login(COORDINATOR).text
    browser.login("admin@relais.example")
    coordinator = staff(session, COORDINATOR)
    assert "Débloquer" in browser.client.get("/backoffice/accounts").text
    assert browser.post(f"/backoffice/accounts/{coordinator.id}/unlock").status_code == 303
    assert other_browser.login(COORDINATOR).status_code == 303
    assert other_browser.client.get("/backoffice/").status_code == 200
    assert browser.post(f"/backoffice/accounts/{coordinator.id}/deactivate").status_code == 303
    assert other_browser.client.get("/backoffice/", follow_redirects=False).status_code == 303
    assert other_browser.login(COORDINATOR).status_code == 401


def test_only_admins_manage_accounts(browser: Browser) -> None:
    browser.login(COORDINATOR)
    assert browser.client.get("/backoffice/accounts").status_code == 403


def test_a_viewer_lands_on_the_dashboard(browser: Browser) -> None:
    response = browser.login("statistiques@relais.example")
    assert response.headers["location"] == "/backoffice/stats"
