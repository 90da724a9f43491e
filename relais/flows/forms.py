"""The assistant's forms, each with its questions and what it does besides reading answers.
The one place where a form's name chooses its flow (the actions look it up here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from relais.flows import report, self_referral
from relais.flows.common import stop_prefix
from relais.flows.readers import Message
from relais.flows.turn import Turn, Where
from relais.followups.models import CheckinOutcome
from relais.territory.models import Territory


class Form:
    """A form: which questions it still has to ask, what the message that opened it and each
    answer say besides the question asked, and what follows an answer."""

    name = ""
    # Free-text questions where an emergency the NLU alone sees does not interrupt (the report
    # asks "is the person in danger now?" right after what was observed).
    danger_asked_next: frozenset[str] = frozenset()
    free_text: frozenset[str] = frozenset()

    def questions(self, slots: Mapping[str, Any], where: Where) -> list[str]:
        return []

    def opening(
        self, session: Session, territory: Territory, text: str, where: Where
    ) -> dict[str, Any]:
        """Slots the message that opened the form already answers."""
        return {}

    def extract(
        self,
        session: Session,
        territory: Territory,
        message: Message,
        slots: Mapping[str, Any],
        where: Where,
    ) -> dict[str, Any]:
        """Other questions an answer answers too (only those still open are kept)."""
        return {}

    def after_answer(
        self,
        session: Session,
        territory: Territory,
        question: str,
        slots: Mapping[str, Any],
        where: Where,
    ) -> Turn:
        return Turn()


class ReportForm(Form):
    name = "report_form"
    danger_asked_next = frozenset({"observation"})

    def questions(self, slots: Mapping[str, Any], where: Where) -> list[str]:
        return report.questions(slots, where.channel)

    def opening(
        self, session: Session, territory: Territory, text: str, where: Where
    ) -> dict[str, Any]:
        return report.opening_slots(territory, text)

    def extract(
        self,
        session: Session,
        territory: Territory,
        message: Message,
        slots: Mapping[str, Any],
        where: Where,
    ) -> dict[str, Any]:
        return report.extract(territory, message.text)

    def after_answer(
        self,
        session: Session,
        territory: Territory,
        question: str,
        slots: Mapping[str, Any],
        where: Where,
    ) -> Turn:
        return report.after_answer(session, territory, question, slots, where)


class SelfForm(Form):
    name = "self_form"

    def questions(self, slots: Mapping[str, Any], where: Where) -> list[str]:
        return self_referral.questions(slots, where.address)

    def opening(
        self, session: Session, territory: Territory, text: str, where: Where
    ) -> dict[str, Any]:
        return self_referral.opening_slots(territory, text)

    def extract(
        self,
        session: Session,
        territory: Territory,
        message: Message,
        slots: Mapping[str, Any],
        where: Where,
    ) -> dict[str, Any]:
        return self_referral.extract(territory, message.text)

    def after_answer(
        self,
        session: Session,
        territory: Territory,
        question: str,
        slots: Mapping[str, Any],
        where: Where,
    ) -> Turn:
        return self_referral.after_answer(session, territory, question, slots, where)


class CheckinForm(Form):
    name = "checkin_form"

    def questions(self, slots: Mapping[str, Any], where: Where) -> list[str]:
        asked = [*stop_prefix(slots), "checkin_status"]
        if slots.get("checkin_status") == CheckinOutcome.NOT_OK.value:
            asked.append("checkin_detail")
        return asked


class CallbackForm(Form):
    """Asks the number a callback needs, outside any other form."""

    name = "callback_form"

    def questions(self, slots: Mapping[str, Any], where: Where) -> list[str]:
        return ["callback_phone"] if slots.get("callback_pending") else []


class ActivitiesForm(Form):
    """Asks the commune for "il y a un club près de chez moi ?"."""

    name = "activities_form"

    def questions(self, slots: Mapping[str, Any], where: Where) -> list[str]:
        return ["commune"]


FORMS: dict[str, Form] = {
    form.name: form
    for form in (ReportForm(), SelfForm(), CheckinForm(), CallbackForm(), ActivitiesForm())
}
