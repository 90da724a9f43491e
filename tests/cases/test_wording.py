"""Every value a page shows has its French words: a new enum member without a label, or a
label left in English, fails here rather than on a coordinator's screen."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pytest

from relais.cases import wording
from relais.cases.describe import collected_lines, event_summary
from relais.cases.models import (
    CallbackReason,
    CaseDanger,
    CaseStatus,
    Channel,
    ClosedReason,
    EventKind,
    IsolationLevel,
    Orientation,
    Origin,
    ReporterRelation,
)
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.directory.models import Service, StructureKind
from relais.followups.models import (
    AttemptKind,
    AttemptOutcome,
    AttemptReason,
    AttemptState,
    CheckinOutcome,
    FollowUpChannel,
    FollowUpStatus,
    PauseReason,
    StopReason,
)
from relais.people.models import AgeBand
from relais.phone.voice_models import CallDirection, CallOutcome
from relais.staff.models import Role

LABELLED: list[tuple[type[StrEnum], dict[object, str]]] = [
    (EventKind, wording.EVENT),
    (CaseStatus, wording.STATUS),
    (ClosedReason, wording.CLOSED_REASON),
    (IsolationLevel, wording.LEVEL),
    (Orientation, wording.ORIENTATION),
    (Channel, wording.CHANNEL),
    (Origin, wording.ORIGIN),
    (ReporterRelation, wording.RELATION),
    (AgeBand, wording.AGE_BAND),
    (ConsentSubject, wording.CONSENT_SUBJECT),
    (ConsentSource, wording.CONSENT_SOURCE),
    (ConsentScope, wording.CONSENT_SCOPE),
    (ConsentDecision, wording.CONSENT_DECISION),
    (Role, wording.ROLE),
    (Service, wording.SERVICE),
    (StructureKind, wording.STRUCTURE_KIND),
    (CaseDanger, wording.DANGER),
    (CallbackReason, wording.CALLBACK_REASON),
    (CheckinOutcome, wording.CHECKIN_ANSWER),
    (CallOutcome, wording.CALL_OUTCOME),
    (CallDirection, wording.CALL_DIRECTION),
    (FollowUpChannel, wording.FOLLOWUP_CHANNEL),
    (FollowUpStatus, wording.FOLLOWUP_STATUS),
    (PauseReason, wording.PAUSE_REASON),
    (StopReason, wording.FOLLOWUP_STOP_REASON),
    (AttemptKind, wording.ATTEMPT_KIND),
    (AttemptReason, wording.ATTEMPT_REASON),
    (AttemptState, wording.ATTEMPT_STATE),
    (AttemptOutcome, wording.ATTEMPT_OUTCOME),
]
RAW = {member.value for enum, _ in LABELLED for member in enum}
TEMPLATES = Path(__file__).resolve().parents[2] / "api"
LABEL_CALL = re.compile(r'label\("([a-z_]+)"')


def test_every_table_a_template_reads_is_checked_here() -> None:
    """A template showing `label("kind", value)` reads wording.KIND: that table must be one of
    LABELLED, so every value it can show is proved to have its words."""
    kinds = {
        kind for path in TEMPLATES.rglob("*.html") for kind in LABEL_CALL.findall(path.read_text())
    }
    assert "status" in kinds
    checked = {id(labels) for _, labels in LABELLED}
    unchecked = {kind for kind in kinds if id(getattr(wording, kind.upper())) not in checked}
    assert not unchecked, f"tables shown by the templates but not checked: {unchecked}"


@pytest.mark.parametrize(("enum", "labels"), LABELLED, ids=[e.__name__ for e, _ in LABELLED])
def test_every_member_has_its_french_words(enum: type[StrEnum], labels: dict[object, str]) -> None:
    for member in enum:
        assert member in labels, f"{enum.__name__}.{member.name} has no French label"
        text = labels[member]
        assert text, f"{enum.__name__}.{member.name} has an empty label"
        assert text != member.value, f"{enum.__name__}.{member.name}: {text!r}"
        assert "_" not in text


RECORDS = (
    [{"kind": "danger", "danger": danger.value} for danger in CaseDanger]
    + [
        {"kind": "callback", "reason": reason.value, "phone": "+33612345678"}
        for reason in CallbackReason
    ]
    + [
        {"kind": "checkin", "answer": answer.value, "detail": None, "phone": None}
        for answer in CheckinOutcome
    ]
    + [
        {
            "kind": "report",
            "relation": relation.value,
            "age_band": "85_plus",
            "person_consent": "unknown",
            "complete": False,
            "stop_reason": "session_expired",
            "commune_said": "le hameau",
        }
        for relation in ReporterRelation
    ]
    + [
        {
            "kind": "self_referral",
            "contact_consent": True,
            "share_consent": False,
            "preferred_channel": "sms",
            "preferred_time": "morning",
            "complete": False,
            "stop_reason": "goodbye",
        }
    ]
)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: f"{r['kind']}")
def test_what_the_assistant_collected_is_shown_in_french(record: dict[str, object]) -> None:
    for label, text in collected_lines(record):
        assert label not in RAW, (label, text)
        assert text not in RAW, (label, text)
        assert "_" not in label


SCHEDULE = {"days": ["mon", "thu"], "at": "10:00", "calls_by": "call_sms"}
REFERENCE = "RL-2026-000001"
FOLLOWUP_DETAILS: dict[str, dict[str, object]] = {
    "followup_proposed": SCHEDULE,
    "followup_started": SCHEDULE,
    "followup_paused": {"from": "2026-12-01", "until": "2026-12-10", "reason": "hospital"},
    "followup_resumed": {},
    "followup_stopped": {"reason": "deceased"},
    "checkin_call": {"try": 2, "reason": "retry", "result": "no_answer"},
    "checkin_sms": {"try": 4, "reason": "sms_fallback", "result": "sent"},
    "checkin_answered": {
        "try": 1,
        "reason": "scheduled",
        "outcome": "not_ok",
        "reference": REFERENCE,
    },
    "checkin_escalated": {"try": 3, "reason": "retry", "level": "high", "reference": REFERENCE},
}


@pytest.mark.parametrize("kind", list(FOLLOWUP_DETAILS))
def test_the_follow_up_lines_are_summarised_in_french(kind: str) -> None:
    summary = event_summary(kind, FOLLOWUP_DETAILS[kind])
    for raw in RAW:
        assert f" {raw} " not in f" {summary} ", (kind, summary)
    assert "_" not in summary


def test_a_retry_reads_as_a_coordinator_would_say_it() -> None:
    assert event_summary("checkin_call", FOLLOWUP_DETAILS["checkin_call"]) == (
        "essai n°2 (nouvel essai) — pas de réponse"
    )
    assert event_summary("followup_started", SCHEDULE) == (
        "lundi, jeudi à 10:00 (appel, puis SMS si personne ne répond)"
    )


@pytest.mark.parametrize("kind", [k for k in EventKind if k.value not in FOLLOWUP_DETAILS])
def test_the_assistants_events_are_summarised_in_french(kind: EventKind) -> None:
    detail = {
        "channel": "web",
        "danger": "fall",
        "reason": "outside_opening_hours",
        "level": "high",
        "direction": "outbound",
        "outcome": "no-answer",
        "duration_seconds": 0,
        "incomplete": True,
    }
    summary = event_summary(kind.value, detail)
    for raw in RAW:
        assert f" {raw} " not in f" {summary} ", (kind, summary)
