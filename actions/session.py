"""The start of a conversation session. A session expires after an hour of silence; what an
unfinished report or self-referral had gathered is then kept as a case, not lost."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.runtime import context, territory, unit_of_work
from relais.cases.intake import create_report_case, create_self_referral_case
from relais.flows import report, self_referral
from relais.flows.common import STOP_REASONS

log = logging.getLogger(__name__)


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = (tracker.active_loop or {}).get("name")
        slots: dict[str, Any] = dict(tracker.slots)
        if form in {"report_form", "self_form"}:
            try:
                keep_unfinished(str(form), slots, tracker.sender_id)
            except Exception:
                log.exception("could not keep an unfinished %s", form)
        return [SessionStarted(), ActionExecuted("action_listen")]


def keep_unfinished(form: str, slots: dict[str, Any], sender_id: str) -> None:
    with unit_of_work() as session:
        where = context(session, sender_id)
        place = territory(session)
        common: dict[str, Any] = {
            "channel": where.channel,
            "conversation_id": where.conversation_id,
            "address": where.address,
            "complete": False,
            "stopped_because": STOP_REASONS["session_expired"],
        }
        if form == "report_form" and report.worth_keeping(slots):
            create_report_case(session, place, report.report_input(slots, **common))
        elif form == "self_form" and self_referral.worth_keeping(slots):
            create_self_referral_case(session, place, self_referral.referral_input(slots, **common))
