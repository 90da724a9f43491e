"""The audit trail reads in words: every action the code writes, every kind of object and the
details' codes have their French, so the audit page never shows `case.read` or `staff_user 1`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relais.audit import wording
from relais.cases.models import EventKind

SOURCE = Path(__file__).resolve().parents[2] / "relais"
WRITTEN = re.compile(r'action="([a-z_.]+)"|_audit\(session, scope, "([a-z_.]+)"')
WRITTEN_IF = re.compile(r'action="([a-z_.]+)" if \w+ else "([a-z_.]+)"')
OBJECTS = re.compile(r'object_type="([a-z_]+)"')


def _written() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        for match in [*WRITTEN.finditer(text), *WRITTEN_IF.finditer(text)]:
            found.update(group for group in match.groups() if group)
    return found


def test_the_code_writes_the_actions_we_know() -> None:
    written = _written()
    assert {"login", "case.read", "staff.create", "structure.import"} <= written


@pytest.mark.parametrize("action", sorted(_written()))
def test_every_action_written_has_french_words(action: str) -> None:
    assert wording.action_label(action) != action


@pytest.mark.parametrize("kind", list(EventKind))
def test_every_case_and_follow_up_event_has_french_words(kind: EventKind) -> None:
    assert wording.action_label(f"case.{kind.value}").startswith("Dossier : ")
    assert wording.action_label(f"followup.{kind.value}").startswith("Suivi : ")


def test_every_kind_of_object_written_has_french_words() -> None:
    written = {m for p in SOURCE.rglob("*.py") for m in OBJECTS.findall(p.read_text())}
    assert written, "no object type found in the code"
    assert written <= set(wording.OBJECT_TYPES), written - set(wording.OBJECT_TYPES)
    assert wording.object_label("staff_user", "1") == "Compte n° 1"


def test_details_show_words_not_codes() -> None:
    assert wording.detail_text({"role": "admin"}) == "Rôle : Administrateur"
    assert (
        wording.detail_text({"from": "new", "to": "qualified"})
        == "Ancien statut : Nouveau ; Nouveau statut : Qualifié"
    )
    assert wording.detail_text({"days": ["tue", "fri"], "calls_by": "call"}).startswith(
        "Jours : mardi, vendredi ; Par : "
    )
    assert wording.actor_label("anon", None) == "Personne non connectée"
