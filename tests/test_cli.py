"""The `relais` command, run as a user runs it: a subprocess on the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sqlalchemy.orm import Session

from relais.cases.intake import PersonConsent, ReportInput, create_report_case
from relais.cases.models import Channel
from relais.config import Settings
from relais.seed.demo import DemoSeed


def _relais(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "RELAIS_DATABASE_URL": settings.database_url,
        "RELAIS_ENVIRONMENT": "test",
        "RELAIS_SECRET_KEY": settings.secret_key.get_secret_value(),
        "RELAIS_RASA_TOKEN": settings.rasa_token.get_secret_value(),
    }
    command = [sys.executable, "-m", "relais.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_cases_list_json_shows_the_queue(
    settings: Settings, session: Session, demo: DemoSeed
) -> None:
    report = ReportInput(
        channel=Channel.SMS,
        commune_insee="23008",
        observation="Ne sort plus",
        person_consent=PersonConsent.NO,
    )
    case = create_report_case(session, demo.territory, report)
    session.commit()

    result = _relais(settings, "cases", "list", "--json")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["reference"] == case.reference
    assert row["status"] == "awaiting_contact"
    assert row["commune"] == "Aubusson"
    assert row["channel"] == "sms"


def test_staff_create_refuses_a_short_password(settings: Settings, demo: DemoSeed) -> None:
    result = _relais(
        settings,
        "staff",
        "create",
        "--email",
        "c@creuse.example",
        "--role",
        "coordinator",
        "--territory",
        "creuse",
        "--password",
        "court",
    )
    assert result.returncode == 1
    assert "au moins 12 caractères" in result.stderr


def test_staff_create_then_refuses_a_duplicate(settings: Settings, demo: DemoSeed) -> None:
    args = [
        "staff",
        "create",
        "--email",
        "c@creuse.example",
        "--role",
        "coordinator",
        "--territory",
        "creuse",
        "--password",
        "un mot de passe long",
    ]
    assert _relais(settings, *args).returncode == 0
    again = _relais(settings, *args)
    assert again.returncode == 1
    assert "existe déjà" in again.stderr


def test_seed_demo_is_idempotent(settings: Settings, demo: DemoSeed) -> None:
    result = _relais(settings, "seed", "demo")
    assert result.returncode == 0, result.stderr
    assert "0 communes added" in result.stdout
