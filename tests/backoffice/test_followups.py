"""The Suivis page and the follow-up panel of a case, over HTTP: who sees which follow-up
(table-driven, like the cases), setting one up from a case, the one-click confirmation of a
follow-up the person asked for, a pause, the calling hours an admin sets, the dashboard's
check-in figures."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.cases import workflow
from relais.cases.models import Case, Orientation
from relais.cases.scope import scope_for
from relais.db import session_scope, utcnow
from relais.followups import enrolment
from relais.followups.models import AttemptState, CheckinAttempt, FollowUp, FollowUpStatus
from relais.territory.models import Territory
from tests.backoffice.conftest import Browser, report, staff, structure
from tests.followups.conftest import consent_to_calls, request

ADMIN = "admin@relais.example"
COORDINATOR = "coordination@relais.example"
CCAS = "ccas-aubusson@relais.example"
CLIC = "clic@relais.example"
VIEWER = "statistiques@relais.example"


def _followed(sessions: sessionmaker[Session], name: str, phone: str, to: str | None) -> int:
    """A case oriented to `to` (a structure's name, or the territory's coordination) and its
    follow-up with that structure as referent."""
    case_id = report(sessions)
    with session_scope(sessions) as session:
        territory = session.scalars(select(Territory).where(Territory.code == "creuse")).one()
        coordinator = scope_for(staff(session, COORDINATOR))
        structure_id = structure(session, to).id if to else None
        if structure_id:
            workflow.orient(
                session, coordinator, case_id, Orientation.SOCIAL_EVALUATION, structure_id, None
            )
        enrolment.enrol(
            session,
            territory,
            None,
            request(
                phone=phone,
                first_name=name,
                case_id=case_id,
                consent_by_phone=True,
                structure_id=structure_id,
            ),
            utcnow(),
        )
    return case_id


@pytest.fixture
def three(sessions: sessionmaker[Session]) -> dict[str, int]:
    return {
        "Jeanne": _followed(sessions, "Jeanne", "+33555520001", "CCAS d'Aubusson"),
        "Marcel": _followed(sessions, "Marcel", "+33555520002", "CLIC de la Creuse"),
        "Odette": _followed(sessions, "Odette", "+33555520003", None),
    }


SEES = [
    (ADMIN, {"Jeanne", "Marcel", "Odette"}),
    (COORDINATOR, {"Jeanne", "Marcel", "Odette"}),
    (CCAS, {"Jeanne"}),
    (CLIC, {"Marcel"}),
]


@pytest.mark.parametrize(("email", "visible"), SEES, ids=[e for e, _ in SEES])
def test_each_role_sees_the_follow_ups_of_its_scope(
    browser: Browser, three: dict[str, int], email: str, visible: set[str]
) -> None:
    browser.login(email)
    page = browser.client.get("/backoffice/suivis")
    assert page.status_code == 200
    shown = {name for name, case_id in three.items() if f"/cases/{case_id}#suivi" in page.text}
    assert shown == visible


def test_a_viewer_has_no_suivis_page(browser: Browser, three: dict[str, int]) -> None:
    browser.login(VIEWER)
    assert browser.client.get("/backoffice/suivis").status_code == 403


def test_a_partner_cannot_act_on_another_structures_follow_up(
    browser: Browser, three: dict[str, int], session: Session
) -> None:
    marcel = session.scalar(select(FollowUp).where(FollowUp.phone == "+33555520002"))
    assert marcel is not None
    browser.login(CCAS)
    answer = browser.post(f"/backoffice/suivis/{marcel.id}/stop", {"reason": "moved"})
    assert answer.status_code == 404
    session.refresh(marcel)
    assert marcel.status is FollowUpStatus.ACTIVE


def test_a_coordinator_sets_up_calls_from_the_case_page(
    browser: Browser, sessions: sessionmaker[Session], session: Session
) -> None:
    case_id = report(sessions)
    browser.login(COORDINATOR)
    form = {
        "at": "10:30",
        "channel": "call_sms",
        "phone": "05 55 52 12 34",
        "consent_by_phone": "true",
    }
    answer = browser.client.post(
        f"/backoffice/cases/{case_id}/suivi",
        data={"csrf_token": browser.csrf(), "days": ["tue", "fri"], **form},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    page = browser.client.get(answer.headers["location"])
    assert "Le suivi est en place" in page.text
    assert "En cours — mardi, vendredi à 10:30" in page.text
    assert "Appel, puis SMS si personne ne répond" in page.text
    followup = session.scalars(select(FollowUp)).one()
    assert followup.case_id == case_id
    assert session.scalars(select(CheckinAttempt.state)).all() == [AttemptState.PLANNED]


@pytest.mark.parametrize(
    ("days", "at", "message"),
    [
        ([], "10:00", "Choisissez au moins un jour d&#39;appel."),
        (["mon"], "21:00", "L&#39;heure d&#39;appel doit être comprise entre 09:00 et 19:00"),
        (["mon"], "dix heures", "Heure invalide"),
    ],
)
def test_a_bad_form_says_why_and_writes_nothing(
    browser: Browser,
    sessions: sessionmaker[Session],
    session: Session,
    days: list[str],
    at: str,
    message: str,
) -> None:
    case_id = report(sessions)
    browser.login(COORDINATOR)
    data = {"csrf_token": browser.csrf(), "days": days, "at": at, "consent_by_phone": "true"}
    answer = browser.client.post(f"/backoffice/cases/{case_id}/suivi", data=data)
    assert answer.status_code == 422
    assert message in answer.text
    assert session.scalars(select(FollowUp)).all() == []


def test_without_consent_the_page_says_what_to_do(
    browser: Browser, sessions: sessionmaker[Session], session: Session
) -> None:
    case_id = report(sessions)
    browser.login(COORDINATOR)
    data = {"csrf_token": browser.csrf(), "days": ["wed"], "at": "11:00", "phone": "0555521234"}
    answer = browser.client.post(f"/backoffice/cases/{case_id}/suivi", data=data)
    assert answer.status_code == 422
    assert "recueillez son accord (par téléphone)" in answer.text
    assert session.scalars(select(FollowUp)).all() == []


def test_a_follow_up_the_person_asked_for_is_confirmed_in_one_click(
    browser: Browser, sessions: sessionmaker[Session], session: Session
) -> None:
    case_id = report(sessions)
    with session_scope(sessions) as writing:
        territory = writing.scalars(select(Territory).where(Territory.code == "creuse")).one()
        case = writing.get_one(Case, case_id)
        assert case.person is not None
        case.person.phone = "+33555521234"
        consent_to_calls(writing, "+33555521234")
        proposed = enrolment.propose(
            writing,
            territory,
            case,
            preferred_channel="call",
            preferred_time="afternoon",
            now=utcnow(),
        )
        assert proposed is not None
        followup_id = proposed.id
    browser.login(COORDINATOR)
    page = browser.client.get(f"/backoffice/cases/{case_id}")
    assert "À confirmer — lundi, jeudi à 15:00" in page.text
    assert "Confirmer le suivi" in page.text
    suivis = browser.client.get("/backoffice/suivis?etat=proposed")
    assert "À confirmer" in suivis.text
    answer = browser.post(f"/backoffice/suivis/{followup_id}/confirm")
    assert answer.status_code == 303
    followup = session.get_one(FollowUp, followup_id)
    assert followup.status is FollowUpStatus.ACTIVE
    assert session.scalars(select(CheckinAttempt.state)).all() == [AttemptState.PLANNED]


def test_a_pause_is_shown_and_resumed(browser: Browser, three: dict[str, int]) -> None:
    browser.login(COORDINATOR)
    page = browser.client.get(f"/backoffice/cases/{three['Odette']}")
    followup_id = re.search(r"/backoffice/suivis/(\d+)/pause", page.text)
    assert followup_id is not None
    today = utcnow().date().isoformat()
    answer = browser.post(
        f"/backoffice/suivis/{followup_id.group(1)}/pause",
        {"from_day": today, "reason": "hospital", "note": "Hôpital de Guéret"},
    )
    assert answer.status_code == 303
    page = browser.client.get(answer.headers["location"])
    assert "Le suivi est en pause." in page.text
    assert "Hôpital de Guéret" in page.text
    assert "Reprendre les appels" in page.text
    answer = browser.post(f"/backoffice/suivis/{followup_id.group(1)}/resume")
    assert "Le suivi reprend." in browser.client.get(answer.headers["location"]).text


def test_an_admin_sets_the_calling_hours_and_bad_hours_are_refused(
    browser: Browser, session: Session
) -> None:
    browser.login(ADMIN)
    refused = browser.post(
        "/backoffice/territoire/heures-appel", {"calling_from": "18:00", "calling_until": "10:00"}
    )
    assert refused.status_code == 422
    assert "après leur début" in refused.text
    answer = browser.post(
        "/backoffice/territoire/heures-appel", {"calling_from": "10:00", "calling_until": "18:30"}
    )
    assert answer.status_code == 303
    territory = session.scalars(select(Territory).where(Territory.code == "creuse")).one()
    session.refresh(territory)
    assert (territory.calling_from, territory.calling_until) == ("10:00", "18:30")
    browser.login(COORDINATOR)
    assert browser.client.get("/backoffice/territoire").status_code == 403


def test_the_dashboard_counts_check_in_calls(
    browser: Browser, three: dict[str, int], sessions: sessionmaker[Session]
) -> None:
    with session_scope(sessions) as session:
        for attempt in session.scalars(select(CheckinAttempt)):
            attempt.placed_at, attempt.state = utcnow(), AttemptState.RINGING
    browser.login(COORDINATOR)
    page = browser.client.get("/backoffice/stats").text
    row = re.search(r"Appels passés</th><td[^>]*>(\d+)</td>", page)
    assert row is not None
    assert row.group(1) == "3"
    browser.login(CCAS)
    page = browser.client.get("/backoffice/stats").text
    row = re.search(r"Appels passés</th><td[^>]*>(\d+)</td>", page)
    assert row is not None
    assert row.group(1) == "1"
