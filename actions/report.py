"""The report flow: a third party tells us about someone."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.runtime import territory, unit_of_work
from relais.cases.intake import PersonConsent, ReportInput, create_report_case
from relais.cases.models import Channel
from relais.conversation.service import find_conversation
from relais.territory.communes import ResolutionStatus
from relais.territory.service import resolve_commune

log = logging.getLogger(__name__)
REPORT_SLOTS = ("commune", "commune_insee", "observation", "person_consent")


class ValidateReportForm(FormValidationAction):
    def name(self) -> str:
        return "validate_report_form"

    def validate_commune(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        with unit_of_work() as session:
            resolution = resolve_commune(territory(session), str(value or ""))
        commune = resolution.commune
        if commune is not None:
            return {"commune": commune.name, "commune_insee": commune.insee}
        names = ", ".join(f"{c.name} ({c.postcodes[0]})" for c in resolution.candidates[:5])
        response = {
            ResolutionStatus.NOT_FOUND: "utter_commune_not_found",
            ResolutionStatus.AMBIGUOUS: "utter_commune_ambiguous",
            ResolutionStatus.SUGGESTED: "utter_commune_suggested",
        }[resolution.status]
        dispatcher.utter_message(response=response, candidates=names)
        return {"commune": None, "commune_insee": None}


class ActionCreateReportCase(Action):
    def name(self) -> str:
        return "action_create_report_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        consent = PersonConsent(tracker.get_slot("person_consent") or PersonConsent.UNKNOWN)
        try:
            with unit_of_work() as session:
                conversation = find_conversation(session, tracker.sender_id)
                report = ReportInput(
                    channel=conversation.channel if conversation else Channel.WEB,
                    conversation_id=conversation.id if conversation else None,
                    commune_insee=str(tracker.get_slot("commune_insee")),
                    observation=str(tracker.get_slot("observation") or ""),
                    person_consent=consent,
                )
                case = create_report_case(session, territory(session), report)
                reference = case.reference
        except Exception:
            log.exception("could not create the report case")
            dispatcher.utter_message(response="utter_report_failed")
            return []
        response = (
            "utter_report_recorded"
            if consent is PersonConsent.YES
            else "utter_report_recorded_without_consent"
        )
        dispatcher.utter_message(response=response, case_reference=reference)
        return [SlotSet("case_reference", reference)] + [SlotSet(s, None) for s in REPORT_SLOTS]
