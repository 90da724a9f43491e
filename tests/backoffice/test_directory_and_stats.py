"""The directory (forms, CSV import all or nothing, export), the dashboard and the tasks."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Channel
from relais.db import session_scope
from relais.directory.models import Structure
from relais.tasks.models import TaskKind, TaskStatus
from relais.tasks.service import open_task
from tests.backoffice.conftest import Browser, case, report, structure

ADMIN = "admin@relais.example"
HEADER = "nom;type;services;communes;telephone;horaires\n"


def structures(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Structure)) or 0


def upload(browser: Browser, text: str) -> object:
    return browser.client.post(
        "/backoffice/directory/import",
        data={"csrf_token": browser.csrf()},
        files={"file": ("annuaire.csv", text.encode(), "text/csv")},
        follow_redirects=False,
    )


def test_a_csv_with_one_bad_line_imports_nothing_and_names_each_bad_line(
    browser: Browser, session: Session
) -> None:
    browser.login(ADMIN)
    text = (
        HEADER
        + "Club de Guéret;association;activités;23096;05 55 00 00 10;Mardi 14 h\n"
        + "Visiteurs;equipe inconnue;visites;Guéret;;\n"
        + "Transport;association;transport;Nullepart;abc;\n"
    )
    response = upload(browser, text)
    assert response.status_code == 422
    assert "Ligne 3 : Type inconnu « equipe inconnue »" in response.text
    assert "Ligne 4 : Téléphone invalide « abc »" in response.text
    assert "Commune inconnue dans le territoire : « Nullepart »" in response.text
    assert structures(session) == 3


def test_a_valid_csv_creates_and_updates_and_feeds_routing(
    browser: Browser, session: Session
) -> None:
    browser.login(ADMIN)
    text = (
        HEADER
        + "Club de Guéret;association;activités,visites;23096;05 55 00 00 10;Mardi 14 h\n"
        + "CCAS d'Aubusson;ccas;évaluation sociale;Aubusson;;Lundi 9 h\n"
    )
    response = upload(browser, text)
    assert response.status_code == 303
    assert (
        "1 structure(s) créée(s), 1 mise(s) à jour"
        in browser.client.get(response.headers["location"]).text
    )
    club = structure(session, "Club de Guéret")
    assert club.phone == "+33555000010"
    assert club.services == ["activities", "visits"]
    assert [c.name for c in club.communes] == ["Guéret"]
    assert structure(session, "CCAS d'Aubusson").hours == "Lundi 9 h"
    exported = browser.client.get("/backoffice/directory/export.csv").text
    assert "Club de Guéret;association;oui;activities,visits" in exported


def test_the_structure_form_shows_errors_by_field_and_keeps_the_input(
    browser: Browser, session: Session
) -> None:
    browser.login(ADMIN)
    bad = browser.post("/backoffice/directory/new", {"nom": "", "type": "clic", "email": "x@"})
    assert bad.status_code == 422
    assert "Le nom de la structure est obligatoire." in bad.text
    assert "Adresse e-mail invalide" in bad.text
    assert "Indiquez au moins une commune" in bad.text
    good = browser.post(
        "/backoffice/directory/new",
        {"nom": "Équipe de Bourganeuf", "type": "citizen_team", "services": "visits",
         "communes": "Bourganeuf", "active": "1"},
    )  # fmt: skip
    assert good.status_code == 303
    created = structure(session, "Équipe de Bourganeuf")
    assert created.active
    deactivate = browser.post(f"/backoffice/directory/{created.id}/active", {"active": "0"})
    assert deactivate.status_code == 303
    session.expire_all()
    assert not structure(session, "Équipe de Bourganeuf").active


def test_only_admins_edit_the_directory(browser: Browser, session: Session) -> None:
    browser.login("coordination@relais.example")
    assert browser.client.get("/backoffice/directory").status_code == 200
    assert browser.client.get("/backoffice/directory/new").status_code == 403
    response = browser.post("/backoffice/directory/new", {"nom": "X", "type": "clic"})
    assert response.status_code == 403
    assert structures(session) == 3


def test_the_dashboard_and_its_export_hold_aggregates_only(
    browser: Browser, sessions: sessionmaker[Session]
) -> None:
    report(sessions)
    report(sessions, commune="23096")
    browser.login("statistiques@relais.example")
    page = browser.client.get("/backoffice/stats")
    assert page.status_code == 200
    assert "Signalements et orientations par semaine" in page.text
    exported = browser.client.get("/backoffice/stats.csv").text
    assert "dossiers;total;2" in exported
    assert "canal;SMS;2" in exported
    assert "commune;Guéret;1" in exported
    assert "Jeanne" not in exported
    assert "+3361" not in exported
    assert "hiver" not in exported
    only_gueret = browser.client.get("/backoffice/stats.csv?commune=23096").text
    assert "dossiers;total;1" in only_gueret


def test_an_erasure_request_anonymises_the_requesters_cases_from_the_tasks_page(
    browser: Browser, sessions: sessionmaker[Session], session: Session
) -> None:
    reported = report(sessions, reporter_phone="+33633333333")
    with session_scope(sessions) as writing:
        territory_id = case(writing, reported).territory_id
        task = open_task(
            writing, territory_id=territory_id, kind=TaskKind.ERASURE_REQUEST,
            channel=Channel.SMS.value, phone="+33633333333",
        )  # fmt: skip
        task_id = task.id
    browser.login("coordination@relais.example")
    assert "+33633333333" in browser.client.get("/backoffice/tasks").text
    response = browser.post(f"/backoffice/tasks/{task_id}/erase")
    assert response.status_code == 303
    assert (
        "signalant effacé de 1 dossier(s)" in browser.client.get(response.headers["location"]).text
    )
    erased = case(session, reported)
    assert erased.reporter_phone is None
    assert erased.observation is not None  # the case about the neighbour stays workable
    session.expire_all()
    from relais.tasks.models import StaffTask

    done = session.get(StaffTask, task_id)
    assert done is not None
    assert done.status is TaskStatus.DONE
    assert done.phone is None
