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


def test_followups_from_the_command_line(
    settings: Settings, session: Session, demo: DemoSeed
) -> None:
    """The IT team sets up, lists, plans, pauses and stops a follow-up; bad input is refused
    in French with nothing written."""
    refused = _relais(settings, "followups", "enrol", "--phone", "0555521234", "--days", "",
                      "--time", "10:00", "--consent-by-phone")  # fmt: skip
    assert refused.returncode == 1
    assert "Choisissez au moins un jour d'appel." in refused.stderr
    no_consent = _relais(settings, "followups", "enrol", "--phone", "0555521234",
                         "--days", "tue,fri", "--time", "10:00")  # fmt: skip
    assert no_consent.returncode == 1
    assert "n'a pas donné son accord" in no_consent.stderr
    assert json.loads(_relais(settings, "followups", "list", "--json").stdout) == []

    enrolled = _relais(settings, "followups", "enrol", "--phone", "05 55 52 12 34",
                       "--first-name", "Jeanne", "--days", "mercredi,vendredi", "--time", "10h",
                       "--channel", "call+sms", "--consent-by-phone", "--json")  # fmt: skip
    assert enrolled.returncode == 0, enrolled.stderr
    shown = json.loads(enrolled.stdout)
    assert (shown["days"], shown["time"], shown["channel"]) == (["wed", "fri"], "10:00", "call_sms")
    assert shown["next_call"] is not None
    [listed] = json.loads(_relais(settings, "followups", "list", "--json").stdout)
    assert listed["phone"] == "+33555521234"
    assert listed["last_attempt"] is None

    # 14 July 2027 is a Wednesday and a public holiday: moved to the Thursday.
    plan = _relais(settings, "followups", "plan", "--phone", "0555521234", "--from",
                   "2027-07-12", "--count", "3", "--json")  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    calls = json.loads(plan.stdout)
    assert [c["due"][:16] for c in calls] == ["2027-07-15T10:00", "2027-07-16T10:00",
                                             "2027-07-21T10:00"]  # fmt: skip
    assert calls[0]["moved"] is True

    paused = _relais(settings, "followups", "pause", "--phone", "0555521234", "--until",
                     "2099-01-01", "--reason", "hospital")  # fmt: skip
    assert paused.returncode == 0, paused.stderr
    assert json.loads(_relais(settings, "followups", "list", "--json").stdout)[0]["status"] == (
        "paused"
    )
    stopped = _relais(settings, "followups", "stop", "--phone", "0555521234", "--reason", "moved")
    assert stopped.returncode == 0, stopped.stderr
    assert json.loads(_relais(settings, "followups", "list", "--json").stdout)[0]["status"] == (
        "stopped"
    )
    again = _relais(settings, "followups", "stop", "--phone", "0555521234", "--reason", "moved")
    assert again.returncode == 1
    assert "Aucun suivi en cours pour ce numéro." in again.stderr
