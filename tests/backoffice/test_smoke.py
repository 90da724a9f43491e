from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from tests.backoffice.conftest import Browser, report


def test_pages_render(browser: Browser, sessions: sessionmaker[Session]) -> None:
    case_id = report(sessions)
    assert browser.login("admin@relais.example").status_code == 303
    for path in [
        "/backoffice/",
        f"/backoffice/cases/{case_id}",
        "/backoffice/directory",
        "/backoffice/directory/new",
        "/backoffice/directory/import",
        "/backoffice/stats",
        "/backoffice/audit",
        "/backoffice/tasks",
        "/backoffice/password",
        "/backoffice/cases.csv",
        "/backoffice/stats.csv",
        "/backoffice/directory/export.csv",
        f"/backoffice/api/cases/{case_id}",
        "/backoffice/api/cases",
    ]:
        r = browser.client.get(path)
        assert r.status_code == 200, (path, r.text[:3000])
