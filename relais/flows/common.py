"""What every form shares: the order of questions, confirming a wish to stop, asking again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from relais.cases.models import Channel
from relais.flows.readers import QUESTIONS

PHONE_CHANNELS = frozenset({Channel.SMS, Channel.VOICE})
REQUESTED = "requested_slot"
STOP_QUESTION = "stop_confirmed"
CALLBACK_QUESTION = "callback_phone"


def stop_prefix(slots: Mapping[str, Any]) -> list[str]:
    """Questions that come before the form's own: "do you really want to stop?" after an
    opt-out, an erasure request or a goodbye; the phone number a callback needs."""
    prefix = []
    if slots.get("pending_stop"):
        prefix.append(STOP_QUESTION)
    if slots.get("callback_pending"):
        prefix.append(CALLBACK_QUESTION)
    return prefix


def next_question(slots: Mapping[str, Any], questions: Sequence[str]) -> str | None:
    """The first question not answered yet; None ends the form (also when a stop is confirmed)."""
    if slots.get(STOP_QUESTION) is True:
        return None
    return next((q for q in questions if slots.get(q) is None), None)


def stopped(slots: Mapping[str, Any]) -> str | None:
    """Why the form ended early ("opt_out", "erase_data", "goodbye"), or None if it finished."""
    if slots.get(STOP_QUESTION) is True:
        return str(slots.get("pending_stop") or "goodbye")
    return None


# Every slot a flow fills: each question's, and what the flows keep beside them. Cleared when
# the flow ends so that the next one starts afresh.
FLOW_SLOTS = (
    *QUESTIONS,
    "commune",
    "misunderstood",
    "pending_stop",
    "commune_insee",
    "commune_candidates",
    "commune_problem",
    "opening_message",
    "reporter_relation_said",
    "approximate_age",
    "preferred_time_said",
    "checkin_said",
    "callback_phone_needed",
    "callback_pending",
    "callback_reason",
    "activities_commune_needed",
    "activities_requested",
    "asked_times",
    "answers_said",
    "rephrase",
    "pending_story",
)
INITIAL_VALUES: dict[str, object] = {"misunderstood": 0.0, "rephrase": False}
