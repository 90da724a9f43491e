"""What works from anywhere, inside a form or not: a person, a callback, the activities near
the person, an opt-out, an erasure request, goodbye (relais.flows.anywhere)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.runtime import (
    active_form,
    carry_out,
    end_flow,
    in_conversation,
    latest,
    territory,
    unit_of_work,
    where,
)
from relais.flows import anywhere, endings
from relais.flows.commune import commune_question
from relais.flows.turn import responses


class ActionRequestHuman(Action):
    """During opening hours, a hand-off (the voice channel dials the on-call number);
    otherwise a callback case, once a number to call is known."""

    request = "request_human"

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with unit_of_work() as session:
            turn = anywhere.reach_a_person(
                session,
                territory(session),
                request=self.request,
                slots=dict(tracker.slots),
                where=where(session, tracker.sender_id),
                said_text=latest(tracker.latest_message).text,
                in_form=active_form(tracker) is not None,
            )
        return carry_out(dispatcher, turn)


class ActionRequestCallback(ActionRequestHuman):
    """ "Rappelez-moi": always a callback case, at any hour."""

    request = "request_callback"

    def name(self) -> str:
        return "action_request_callback"


class ActionCallbackDone(Action):
    def name(self) -> str:
        return "action_callback_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return [
            SlotSet("callback_phone", None),
            SlotSet("callback_pending", None),
            SlotSet("callback_reason", None),
            SlotSet("callback_phone_needed", False),
        ]


class ActionActivities(Action):
    """What exists near the person: the directory's activities for the commune of the flow,
    of the question, or asked for (activities_form)."""

    def name(self) -> str:
        return "action_activities"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = latest(tracker.latest_message)
        with unit_of_work() as session:
            turn = anywhere.activities(
                session,
                territory(session),
                slots=dict(tracker.slots),
                form=active_form(tracker),
                text=message.text,
                asked_now=message.intent == "ask_activities",
            )
        return carry_out(dispatcher, turn)


class ActionAskCommune(Action):
    """The commune question, with the communes to choose from after an ambiguous name or a
    typo (buttons, so that the phone keypad can answer)."""

    def name(self) -> str:
        return "action_ask_commune"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        question = commune_question(active_form(tracker), dict(tracker.slots))
        dispatcher.utter_message(text=question.text, buttons=question.buttons)
        return []


class ActionOptOut(Action):
    """An opt-out outside the big forms (inside them the form confirms first): at once."""

    def name(self) -> str:
        return "action_opt_out"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        said = in_conversation(
            tracker, lambda db, place, here: endings.stop_effects(db, place, "opt_out", here, None)
        )
        return end_flow(dispatcher, tracker, said)


class ActionEraseData(Action):
    def name(self) -> str:
        return "action_erase_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        said = in_conversation(
            tracker,
            lambda db, place, here: endings.stop_effects(db, place, "erase_data", here, None),
        )
        return end_flow(dispatcher, tracker, said)


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return end_flow(dispatcher, tracker, responses("utter_goodbye"))
