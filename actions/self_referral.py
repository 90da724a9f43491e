"""The self-referral: listening, the isolation assessment, a case with its level
(relais.flows.self_referral, relais.assessment)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.ending import activities_lines, finish_flow
from actions.forms import AssistantForm
from actions.runtime import Context, territory
from relais.assessment.level import assess
from relais.cases.intake import create_self_referral_case
from relais.flows import self_referral
from relais.flows.common import STOP_REASONS


class ValidateSelfForm(AssistantForm):
    form = "self_form"

    def questions(self, slots: dict[str, Any], where: Context) -> list[str]:
        return self_referral.questions(slots, where.address)

    def opening(self, session: Session, text: str, where: Context) -> dict[str, Any]:
        return {"opening_message": text}

    def after_answer(
        self,
        session: Session,
        question: str,
        slots: dict[str, Any],
        where: Context,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any]:
        transition = self_referral.TRANSITIONS.get(question)
        if transition:
            dispatcher.utter_message(response=transition)
        return {}


class ActionFinishSelf(Action):
    """The self-referral ended: the case with its level and what happens next."""

    def name(self) -> str:
        return "action_finish_self"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return finish_flow(
            dispatcher,
            tracker,
            during="self_referral",
            kept=self_referral.kept,
            keep=keep_referral,
            failed_response="utter_self_referral_failed",
        )


def keep_referral(
    session: Session,
    slots: dict[str, Any],
    where: Context,
    dispatcher: CollectingDispatcher,
    reason: str | None,
) -> None:
    """The case. An opt-out keeps nothing: the person asked not to be contacted."""
    place = territory(session)
    referral = self_referral.referral_input(
        slots,
        channel=where.channel,
        conversation_id=where.conversation_id,
        address=where.address,
        complete=reason is None,
        stopped_because=STOP_REASONS.get(reason or ""),
    )
    case = create_self_referral_case(session, place, referral)
    if reason is not None:
        return
    level = assess(referral.answers).level
    for line in self_referral.next_steps(
        referral, level, case.due_at, case.reference, place.timezone
    ):
        dispatcher.utter_message(text=line)
    insee = slots.get("commune_insee")
    if insee and self_referral.wants_activities(referral, level):
        for line in activities_lines(session, place, insee, str(slots.get("commune"))):
            dispatcher.utter_message(text=line)
