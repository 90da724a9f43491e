"""Danger: after the safety net (EXTERNAL_danger), or when the NLU alone saw an emergency.

Either way any form stops, and what it had gathered goes to the urgent case (the commune
matters most to the team on its way)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.ending import leave_form, reset_flow
from actions.runtime import Context, context, latest, territory, unit_of_work
from relais.cases.intake import (
    add_to_danger_case,
    describe_report,
    describe_self_referral,
    open_danger_case,
)
from relais.flows import report, self_referral
from relais.safety.detect import DangerMatch
from relais.safety.patterns import DangerKind
from relais.safety.replies import emergency_reply

# The NLU cannot tell a fall from a malaise: the numbers for any medical emergency, then the
# suicide prevention line, said apart.
NLU_EMERGENCY = DangerMatch(kind=DangerKind.MEDICAL, numbers=("15", "17", "112"), phrase="nlu")
SUICIDE_LINE = "Si vous pensez au suicide, appelez le 3114, à toute heure."


def _gathered(
    session: Session, tracker: Tracker, where: Context
) -> tuple[dict[str, Any], str | None]:
    """What the interrupted form had gathered, in readable words, and its commune."""
    slots = dict(tracker.slots)
    form = (tracker.active_loop or {}).get("name")
    if form == "report_form" and report.worth_keeping(slots):
        said = report.report_input(
            slots,
            channel=where.channel,
            conversation_id=where.conversation_id,
            address=where.address,
            complete=False,
        )
        return {"Signalement en cours": describe_report(session, said)}, said.commune_insee
    if form == "self_form" and self_referral.worth_keeping(slots):
        told = self_referral.referral_input(
            slots,
            channel=where.channel,
            conversation_id=where.conversation_id,
            address=where.address,
            complete=False,
        )
        return {"Demande en cours": describe_self_referral(session, told)}, told.commune_insee
    return {}, None


class ActionDangerFollowup(Action):
    """The safety net already answered with the emergency numbers and opened the case."""

    def name(self) -> str:
        return "action_danger_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with unit_of_work() as session:
            where = context(session, tracker.sender_id)
            gathered, commune = _gathered(session, tracker, where)
            if where.conversation_id is not None:
                add_to_danger_case(session, where.conversation_id, gathered, commune)
        dispatcher.utter_message(response="utter_danger_followup")
        return leave_form(tracker.active_loop) + reset_flow()


class ActionEmergency(Action):
    """An emergency the NLU recognised and the safety net did not: the same answer, at once."""

    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        for line in emergency_reply(NLU_EMERGENCY):
            dispatcher.utter_message(text=line)
        dispatcher.utter_message(text=SUICIDE_LINE)
        with unit_of_work() as session:
            where = context(session, tracker.sender_id)
            gathered, commune = _gathered(session, tracker, where)
            open_danger_case(
                session,
                territory(session),
                channel=where.channel,
                conversation_id=where.conversation_id,
                danger_kind="nlu_emergency",
                observation=latest(tracker.latest_message).text,
            )
            if where.conversation_id is not None:
                add_to_danger_case(session, where.conversation_id, gathered, commune)
        return leave_form(tracker.active_loop) + reset_flow()
