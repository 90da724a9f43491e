"""The actions that end a flow: a report, a self-referral, a check-in; the start of a new
session (what an unfinished flow had gathered is kept); a danger. relais.flows.endings decides
what becomes a case and what is said."""

from __future__ import annotations

import logging
from abc import abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.runtime import (
    active_form,
    carry_out,
    end_flow,
    in_conversation,
    latest,
    leave_form,
    reset_flow,
    say,
    territory,
    unit_of_work,
    where,
)
from relais.flows import endings
from relais.flows.turn import responses

log = logging.getLogger(__name__)


class FinishForm(Action):
    """A big form ended, finished or stopped: the case and what happens next. Abstract:
    rasa_sdk registers only the subclasses, one per form."""

    form = ""
    failed_response = ""

    @abstractmethod
    def name(self) -> str:
        """action_finish_<flow>"""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots = dict(tracker.slots)
        try:
            with unit_of_work() as session:
                here = where(session, tracker.sender_id)
                ending = endings.finish(session, territory(session), self.form, slots, here)
        except Exception:
            log.exception("could not record the end of %s", self.form)
            say(dispatcher, responses(self.failed_response))
            return reset_flow() if self.form == "checkin_form" else []
        say(dispatcher, ending.say)
        if ending.goodbye:
            say(dispatcher, responses("utter_goodbye"))
        return reset_flow()


class ActionFinishReport(FinishForm):
    form = "report_form"
    failed_response = "utter_report_failed"

    def name(self) -> str:
        return "action_finish_report"


class ActionFinishSelf(FinishForm):
    form = "self_form"
    failed_response = "utter_self_referral_failed"

    def name(self) -> str:
        return "action_finish_self"


class ActionFinishCheckin(FinishForm):
    form = "checkin_form"
    failed_response = "utter_checkin_failed"

    def name(self) -> str:
        return "action_finish_checkin"


class ActionSessionStart(Action):
    """A session expires after an hour of silence; what an unfinished report or self-referral
    had gathered is then kept as a case, not lost."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = active_form(tracker)
        if form is not None:
            try:
                with unit_of_work() as session:
                    here = where(session, tracker.sender_id)
                    endings.keep_unfinished(
                        session, territory(session), form, dict(tracker.slots), here
                    )
            except Exception:
                log.exception("could not keep an unfinished %s", form)
        return [SessionStarted(), ActionExecuted("action_listen")]


class ActionDangerFollowup(Action):
    """The safety net already answered with the emergency numbers and opened the case; any
    form stops, and what it had gathered goes to the urgent case."""

    def name(self) -> str:
        return "action_danger_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form, slots = active_form(tracker), dict(tracker.slots)
        said = in_conversation(
            tracker, lambda db, place, here: endings.danger_followup(db, form, slots, here)
        )
        return end_flow(dispatcher, tracker, said)


class ActionEmergency(Action):
    """An emergency the NLU recognised and the safety net did not (relais.flows.endings)."""

    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest(tracker.latest_message).text
        with unit_of_work() as session:
            here = where(session, tracker.sender_id)
            turn = endings.nlu_emergency(
                session, territory(session), active_form(tracker), dict(tracker.slots), here, text
            )
        events = carry_out(dispatcher, turn)
        # An emergency ends any form and the flow (step_aside here means: leave the form).
        return events + leave_form(tracker) + reset_flow() if turn.step_aside else events
