"""A case action's form is read in full before the action runs: input it cannot use gets a
clear French error and writes nothing (no event, no change), whatever the action."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import CaseStatus
from tests.backoffice.conftest import Browser, case, report

COORDINATOR = "coordination@relais.example"


@pytest.mark.parametrize(
    ("action", "form", "said"),
    [
        ("qualify", {"level": "tres_haut"}, "Valeur invalide pour le niveau"),
        ("qualify", {}, "Choisissez le niveau."),
        ("orient", {"orientation": "social_evaluation", "structure_id": "abc"}, "la structure"),
        ("close", {"reason_code": ""}, "Choisissez le motif de clôture."),
        ("consent", {"scope": "contact"}, "Choisissez la réponse de la personne."),
        ("merge", {"into": "le bon dossier"}, "RL-2026-000042"),
    ],
)
def test_input_an_action_cannot_use_is_refused_before_anything_is_written(
    browser: Browser,
    sessions: sessionmaker[Session],
    session: Session,
    action: str,
    form: dict[str, str],
    said: str,
) -> None:
    case_id = report(sessions)
    browser.login(COORDINATOR)
    before = case(session, case_id)
    status, events = before.status, len(before.events)
    response = browser.post(f"/backoffice/cases/{case_id}/actions/{action}", form)
    assert response.status_code == 422
    assert said in response.text
    after = case(session, case_id)
    assert after.status is status is CaseStatus.NEW
    assert len(after.events) == events
