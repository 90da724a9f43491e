"""The assistant's forms, each with its questions and what it does besides reading answers.
The one place where a form's name chooses its flow (the actions look it up here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from relais.flows import report, self_referral
from relais.flows.common import stop_prefix
from relais.flows.turn import Turn, Where
from relais.followups.models import CheckinOutcome
from relais.followups.service import NUMBERED_PROMPT
from relais.territory.models import Territory

Slots = Mapping[str, Any]
Said = Callable[[Territory, str], dict[str, Any]]
After = Callable[[Session, Territory, str, Slots, Where], Turn]


def _nothing_said(territory: Territory, text: str) -> dict[str, Any]:
    return {}


def _nothing_after(
    session: Session, territory: Territory, question: str, slots: Slots, where: Where
) -> Turn:
    return Turn()


@dataclass(frozen=True)
class Form:
    """A form: which questions it still has to ask (`questions`), what the message that opened
    it (`opening`) and each answer (`extract`) say besides the question asked, and what follows
    an answer (`after_answer`)."""

    name: str
    questions: Callable[[Slots, Where], list[str]]
    opening: Said = _nothing_said
    extract: Said = _nothing_said
    after_answer: After = _nothing_after
    # Free-text questions where an emergency the NLU alone sees does not interrupt (the report
    # asks "is the person in danger now?" right after what was observed).
    danger_asked_next: frozenset[str] = frozenset()


def _checkin_questions(slots: Slots, where: Where) -> list[str]:
    numbered = slots.get("checkin_prompt") == NUMBERED_PROMPT
    asked = [*stop_prefix(slots), *(["checkin_reply"] if numbered else []), "checkin_status"]
    if slots.get("checkin_status") == CheckinOutcome.NOT_OK.value:
        asked.append("checkin_detail")
    return asked


FORMS: dict[str, Form] = {
    form.name: form
    for form in (
        Form(
            "report_form",
            questions=lambda slots, where: report.questions(slots, where.channel),
            opening=report.opening_slots,
            extract=report.extract,
            after_answer=report.after_answer,
            danger_asked_next=frozenset({"observation"}),
        ),
        Form(
            "self_form",
            questions=lambda slots, where: self_referral.questions(slots, where.address),
            opening=self_referral.opening_slots,
            extract=lambda territory, text: self_referral.extract(territory, text),
            after_answer=self_referral.after_answer,
        ),
        Form("checkin_form", questions=_checkin_questions),
        # The number a callback needs, outside any other form.
        Form(
            "callback_form",
            questions=lambda slots, where: (
                ["callback_phone"] if slots.get("callback_pending") else []
            ),
        ),
        # The commune for "il y a un club près de chez moi ?".
        Form("activities_form", questions=lambda slots, where: ["commune"]),
    )
}
