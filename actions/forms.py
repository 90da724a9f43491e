"""The forms' validation actions: each turn is decided by relais.flows.dialogue; this only
translates between Rasa's tracker and it.

Form slots have `custom` mappings: only these actions fill them, from the latest message.
"""

from __future__ import annotations

import logging
from abc import abstractmethod

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.runtime import carry_out, latest, territory, unit_of_work, where
from relais.flows.dialogue import form_turn
from relais.flows.forms import FORMS

log = logging.getLogger(__name__)


def answers_latest_message(tracker: Tracker, form: str) -> bool:
    """Whether the form runs right after the person spoke (their message is an answer to read),
    rather than after a rule answered a request in between (then it only asks again)."""
    seen_form = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "action" and event.get("name") == form and not seen_form:
            seen_form = True
            continue
        if kind == "user":
            return True
        if kind == "action":
            return False
    return False


class AssistantForm(FormValidationAction):
    """The validation action of one form (`form`, a name of relais.flows.forms.FORMS).
    Abstract: rasa_sdk registers only the subclasses, one per form."""

    form = ""

    @abstractmethod
    def name(self) -> str:
        """validate_<form>"""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = latest(tracker.latest_message)
        with unit_of_work() as session:
            turn = form_turn(
                session,
                territory(session),
                FORMS[self.form],
                dict(tracker.slots),
                message,
                where(session, tracker.sender_id),
                answering=answers_latest_message(tracker, self.form),
            )
        if turn.step_aside:
            log.info("form %s steps aside for intent %s", self.form, message.intent)
        return carry_out(dispatcher, turn, self.form)


class ValidateReportForm(AssistantForm):
    form = "report_form"

    def name(self) -> str:
        return "validate_report_form"


class ValidateSelfForm(AssistantForm):
    form = "self_form"

    def name(self) -> str:
        return "validate_self_form"


class ValidateCheckinForm(AssistantForm):
    form = "checkin_form"

    def name(self) -> str:
        return "validate_checkin_form"


class ValidateCallbackForm(AssistantForm):
    form = "callback_form"

    def name(self) -> str:
        return "validate_callback_form"


class ValidateActivitiesForm(AssistantForm):
    form = "activities_form"

    def name(self) -> str:
        return "validate_activities_form"
