"""Signing in, lockout, CSRF and the scope matrix, over HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.audit.models import AuditEntry
from relais.cases import workflow
from relais.cases.models import IsolationLevel, Orientation
from relais.cases.scope import scope_for
from relais.db import session_scope, utcnow
from relais.directory.models import Structure
from relais.seed.demo import DemoSeed
from relais.staff.models import Role
from relais.staff.service import create_staff
from relais.territory.models import Territory
from tests.backoffice.conftest import Browser, report, staff, structure

COORDINATOR = "coordination@relais.example"


def test_a_page_asks_for_login_and_comes_back_after_it(browser: Browser) -> None:
    response = browser.client.get("/backoffice/stats", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/backoffice/login?next=/backoffice/stats"
    assert browser.client.get("/backoffice/api/cases").status_code == 401
    assert browser.login(COORDINATOR).headers["location"] == "/backoffice/"
    assert "File d'orientation" in browser.client.get("/backoffice/").text


def test_the_session_cookie_is_http_only_and_stores_no_token_in_clear(
    browser: Browser, session: Session
) -> None:
    response = browser.login(COORDINATOR)
    cookie = response.headers["set-cookie"]
    assert "relais_session=" in cookie
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    token = browser.client.cookies["relais_session"]
    stored = session.execute(select(AuditEntry.detail)).all()
    assert token not in str(stored)


def test_a_wrong_password_says_so_in_french_without_telling_which_part_was_wrong(
    browser: Browser,
) -> None:
    for email in (COORDINATOR, "nobody@relais.example"):
        response = browser.login(email, "wrong password!")
        assert response.status_code == 401
        assert "Adresse e-mail ou mot de passe incorrect." in response.text


def test_five_failures_lock_the_account_even_for_the_right_password(
    browser: Browser, sessions: sessionmaker[Session]
) -> None:
    for _ in range(4):
        assert "incorrect" in browser.login(COORDINATOR, "wrong password!").text
    assert "bloqué" in browser.login(COORDINATOR, "wrong password!").text
    locked = browser.login(COORDINATOR)
    assert locked.status_code == 401
    assert "bloqué pendant encore 15 minutes" in locked.text
    with session_scope(sessions) as session:
        user = staff(session, COORDINATOR)
        assert user.locked_until is not None
        user.locked_until = utcnow() - timedelta(seconds=1)  # fifteen minutes later
    assert browser.login(COORDINATOR).status_code == 303


def test_login_without_the_form_token_is_refused(browser: Browser) -> None:
    response = browser.client.post(
        "/backoffice/login",
        data={"email": COORDINATOR, "password": browser.password},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "Formulaire refusé" in response.text
    assert "relais_session" not in browser.client.cookies


def test_a_form_without_the_session_token_changes_nothing(
    browser: Browser, sessions: sessionmaker[Session], session: Session
) -> None:
    case_id = report(sessions)
    browser.login(COORDINATOR)
    for token in (None, "forged"):
        data = {"text": "note"} | ({"csrf_token": token} if token else {})
        response = browser.client.post(f"/backoffice/cases/{case_id}/actions/note", data=data)
        assert response.status_code == 403
    assert [e.kind for e in staff_case_events(session, case_id)] == ["created"]
    assert (
        browser.post(f"/backoffice/cases/{case_id}/actions/note", {"text": "ok"}).status_code == 303
    )


def staff_case_events(session: Session, case_id: int) -> list[object]:
    from tests.backoffice.conftest import case

    return list(case(session, case_id).events)


def test_logout_ends_the_session_on_the_server(browser: Browser) -> None:
    browser.login(COORDINATOR)
    token = browser.client.cookies["relais_session"]
    assert browser.post("/backoffice/logout").status_code == 303
    browser.client.cookies.set("relais_session", token, path="/backoffice")
    assert browser.client.get("/backoffice/", follow_redirects=False).status_code == 303


def test_changing_the_password_closes_the_other_sessions(
    browser: Browser, other_browser: Browser
) -> None:
    browser.login(COORDINATOR)
    other_browser.login(COORDINATOR)
    short = browser.post(
        "/backoffice/password",
        {"current": browser.password, "new": "court", "confirm": "court"},
    )
    assert short.status_code == 422
    assert "12 caractères" in short.text
    new = "un mot de passe bien long"
    done = browser.post(
        "/backoffice/password", {"current": browser.password, "new": new, "confirm": new}
    )
    assert "a été changé" in done.text
    assert browser.client.get("/backoffice/").status_code == 200
    assert other_browser.client.get("/backoffice/", follow_redirects=False).status_code == 303
    assert other_browser.login(COORDINATOR, new).status_code == 303


# --- the scope matrix -------------------------------------------------------------------------

ROLES = {
    "admin": "admin@relais.example",
    "coordinator": COORDINATOR,
    "partner_ccas": "ccas-aubusson@relais.example",
    "partner_other": "equipe-souterraine@relais.example",
    "viewer": "statistiques@relais.example",
    "other_territory": "coordination@autre.example",
}
# Which roles may see a case of the demo territory oriented to the CCAS d'Aubusson.
SEES_CASE = {"admin", "coordinator", "partner_ccas"}
ENDPOINTS = {
    "page": lambda c: ("GET", f"/backoffice/cases/{c}"),
    "api": lambda c: ("GET", f"/backoffice/api/cases/{c}"),
    "action": lambda c: ("POST", f"/backoffice/cases/{c}/actions/note"),
}


@pytest.fixture
def matrix_case(demo: DemoSeed, sessions: sessionmaker[Session]) -> int:
    case_id = report(sessions)
    with session_scope(sessions) as session:
        coordinator = scope_for(staff(session, COORDINATOR))
        territory = session.get(Territory, demo.territory.id)
        assert territory is not None
        workflow.qualify(session, coordinator, case_id, IsolationLevel.HIGH)
        ccas = structure(session, "CCAS d'Aubusson")
        workflow.orient(session, coordinator, case_id, Orientation.SOCIAL_EVALUATION, ccas.id)
        # Territories are kept between tests (like the communes).
        other = session.scalar(select(Territory).where(Territory.code == "autre"))
        if other is None:
            other = Territory(code="autre", name="Autre territoire", departements=["87"])
            session.add(other)
            session.flush()
        create_staff(
            session,
            email=ROLES["other_territory"],
            role=Role.COORDINATOR,
            territory=other,
            password="other territory password",
        )
    return case_id


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_scope_matrix_case_in_or_out_of_scope(
    browser: Browser, matrix_case: int, role: str, endpoint: str
) -> None:
    password = "other territory password" if role == "other_territory" else None
    assert browser.login(ROLES[role], password).status_code == 303
    method, path = ENDPOINTS[endpoint](matrix_case)
    if method == "GET":
        response = browser.client.get(path)
    else:
        response = browser.post(path, {"text": "note de test"})
    if role in SEES_CASE:
        assert response.status_code == (303 if method == "POST" else 200)
    elif role == "viewer":
        assert response.status_code in (403, 404)
        assert "Jeanne" not in response.text
    else:
        assert response.status_code == 404
        assert "Jeanne" not in response.text


@pytest.mark.parametrize("role", list(ROLES))
def test_scope_matrix_queue_and_export_list_only_cases_in_scope(
    browser: Browser, matrix_case: int, role: str
) -> None:
    password = "other territory password" if role == "other_territory" else None
    browser.login(ROLES[role], password)
    reference = f"RL-{utcnow().year}-{matrix_case:06d}"
    queue = browser.client.get("/backoffice/")
    export = browser.client.get("/backoffice/cases.csv")
    api = browser.client.get("/backoffice/api/cases")
    if role == "viewer":
        assert {queue.status_code, export.status_code, api.status_code} == {403}
        return
    listed = role in SEES_CASE
    assert (reference in queue.text) is listed
    assert (reference in export.text) is listed
    assert (reference in api.text) is listed
    assert "Jeanne" not in export.text
    assert "+3361" not in export.text


def test_every_case_read_and_change_is_audited_and_only_admins_browse_the_audit(
    browser: Browser, other_browser: Browser, matrix_case: int, session: Session
) -> None:
    browser.login(COORDINATOR)
    browser.client.get(f"/backoffice/cases/{matrix_case}")
    browser.post(f"/backoffice/cases/{matrix_case}/actions/note", {"text": "vu"})
    assert browser.client.get("/backoffice/audit").status_code == 403
    other_browser.login("admin@relais.example")
    audit_page = other_browser.client.get("/backoffice/audit?object_type=case")
    assert audit_page.status_code == 200
    coordinator = staff(session, COORDINATOR)
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.actor_id == coordinator.id)
    ).all()
    assert "case.read" in actions
    assert "case.note" in actions
    assert "case.read" in audit_page.text
    assert COORDINATOR in audit_page.text


def test_partners_cannot_orient_even_with_a_valid_form(
    browser: Browser, matrix_case: int, session: Session
) -> None:
    browser.login(ROLES["partner_ccas"])
    clic = session.scalar(select(Structure).where(Structure.name == "CLIC de la Creuse"))
    assert clic is not None
    response = browser.post(
        f"/backoffice/cases/{matrix_case}/actions/orient",
        {"orientation": "social_evaluation", "structure_id": str(clic.id)},
    )
    assert response.status_code == 422
    assert "Seuls les coordinateurs" in response.text
