"""The answer to a check-in call or SMS (relais.followups)."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.ending import reset_flow, say_opted_out, stop_side_effects
from actions.forms import AssistantForm
from actions.runtime import Context, context, territory, unit_of_work
from relais.conversation.service import find_conversation
from relais.flows.common import stop_prefix, stopped
from relais.followups.models import CheckinOutcome
from relais.followups.service import record_checkin_answer

log = logging.getLogger(__name__)
CHECKIN_QUESTIONS = ["checkin_status"]


class ValidateCheckinForm(AssistantForm):
    form = "checkin_form"

    def questions(self, slots: dict[str, Any], where: Context) -> list[str]:
        asked = stop_prefix(slots) + CHECKIN_QUESTIONS
        if slots.get("checkin_status") == CheckinOutcome.NOT_OK.value:
            asked.append("checkin_detail")
        return asked


class ActionFinishCheckin(Action):
    def name(self) -> str:
        return "action_finish_checkin"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots = dict(tracker.slots)
        reason = stopped(slots)
        outcome = CheckinOutcome.OPT_OUT if reason == "opt_out" else None
        if reason is None and slots.get("checkin_status"):
            outcome = CheckinOutcome(slots["checkin_status"])
        try:
            with unit_of_work() as session:
                where = context(session, tracker.sender_id)
                conversation = find_conversation(session, where.conversation_id)
                if reason == "erase_data":
                    stop_side_effects(session, reason, where, dispatcher, during="checkin")
                if outcome is not None and conversation is not None:
                    detail = slots.get("checkin_detail") or slots.get("checkin_said")
                    record_checkin_answer(
                        session, territory(session), conversation, outcome, detail
                    )
        except Exception:
            log.exception("could not record the check-in answer")
            dispatcher.utter_message(response="utter_checkin_failed")
            return reset_flow()
        if outcome is CheckinOutcome.OPT_OUT:
            say_opted_out(where, dispatcher)
        elif outcome is CheckinOutcome.OK:
            dispatcher.utter_message(response="utter_checkin_ok")
        elif outcome is CheckinOutcome.NOT_OK:
            dispatcher.utter_message(response="utter_checkin_not_ok")
            dispatcher.utter_message(response="utter_checkin_emergency_reminder")
        elif outcome is CheckinOutcome.CALLBACK:
            dispatcher.utter_message(response="utter_checkin_callback")
        elif reason == "goodbye":
            dispatcher.utter_message(response="utter_goodbye")
        return reset_flow()
