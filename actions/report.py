"""The report flow: a third party tells us about someone (relais.flows.report)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.ending import activities_if_requested, finish_flow
from actions.forms import AssistantForm
from actions.runtime import Context, territory
from relais.cases.intake import create_report_case, open_danger_case
from relais.flows import report
from relais.flows.common import STOP_REASONS
from relais.safety.detect import DangerMatch
from relais.safety.patterns import DangerKind
from relais.safety.replies import emergency_reply

# The numbers given when a reporter says the person is in danger now.
REPORTED_DANGER = DangerMatch(
    kind=DangerKind.NO_SIGN_OF_LIFE, numbers=("15", "17", "112"), phrase="reported_in_form"
)


class ValidateReportForm(AssistantForm):
    form = "report_form"
    danger_asked_next = frozenset({"observation"})

    def questions(self, slots: dict[str, Any], where: Context) -> list[str]:
        return report.questions(slots, where.channel)

    def opening(self, session: Session, text: str, where: Context) -> dict[str, Any]:
        return report.opening_slots(territory(session), text)

    def after_answer(
        self,
        session: Session,
        question: str,
        slots: dict[str, Any],
        where: Context,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any]:
        if question == "danger_now" and slots["danger_now"] == "yes":
            for line in emergency_reply(REPORTED_DANGER)[1:-1]:
                dispatcher.utter_message(text=line)
            open_danger_case(
                session,
                territory(session),
                channel=where.channel,
                conversation_id=where.conversation_id,
                danger_kind="reported_in_form",
                observation=str(slots.get("observation") or slots.get("opening_message") or ""),
            )
            dispatcher.utter_message(response="utter_danger_reported")
        return {}


class ActionFinishReport(Action):
    """The report form ended: the case and its summary, or what a stop calls for."""

    def name(self) -> str:
        return "action_finish_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return finish_flow(
            dispatcher,
            tracker,
            during="report",
            kept=report.kept,
            keep=keep_report,
            failed_response="utter_report_failed",
        )


def keep_report(
    session: Session,
    slots: dict[str, Any],
    where: Context,
    dispatcher: CollectingDispatcher,
    reason: str | None,
) -> None:
    place = territory(session)
    said = report.report_input(
        slots,
        channel=where.channel,
        conversation_id=where.conversation_id,
        address=where.address,
        complete=reason is None,
        stopped_because=STOP_REASONS.get(reason or ""),
    )
    case = create_report_case(session, place, said)
    if reason is not None:
        dispatcher.utter_message(response="utter_report_kept")
        return
    commune = slots.get("commune") if slots.get("commune_insee") else None
    for line in report.summary(said, commune, case.reference):
        dispatcher.utter_message(text=line)
    activities_if_requested(session, place, slots, dispatcher)
