"""What works from anywhere, inside a form or not: a person, a callback, the activities near
the person, an opt-out, an erasure request, goodbye (relais.flows.anywhere)."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.ending import activities_lines, leave_form, reset_flow, say_opted_out
from actions.forms import AssistantForm
from actions.runtime import Context, context, latest, territory, unit_of_work
from relais.cases.intake import open_callback_case
from relais.db import utcnow
from relais.flows import anywhere
from relais.flows.commune import commune_question
from relais.territory.models import Territory
from relais.territory.service import resolve_commune

log = logging.getLogger(__name__)
BIG_FORMS = frozenset({"report_form", "self_form", "checkin_form"})


def active_form(tracker: Tracker) -> str | None:
    name = (tracker.active_loop or {}).get("name")
    return str(name) if name else None


class ActionRequestHuman(Action):
    """During opening hours, a hand-off (the voice channel dials the on-call number);
    otherwise a callback case, once a number to call is known."""

    reason = "outside_opening_hours"

    def name(self) -> str:
        return "action_request_human"

    def answer(self, place: Territory, where: Context, phone: str | None) -> anywhere.HumanAnswer:
        return anywhere.request_human(place, where.channel, phone, utcnow())

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots = dict(tracker.slots)
        said = latest(tracker.latest_message).text
        with unit_of_work() as session:
            place = territory(session)
            where = context(session, tracker.sender_id)
            phone = anywhere.known_phone(slots, where.address)
            answer = self.answer(place, where, phone)
            if answer.callback and not answer.needs_phone:
                open_callback_case(
                    session,
                    place,
                    channel=where.channel,
                    conversation_id=where.conversation_id,
                    phone=phone,
                    reason=self.reason,
                    said=None if said.startswith("/") else said,
                    call_back_from=answer.call_back_from,
                )
        for index, line in enumerate(answer.lines):
            last = index == len(answer.lines) - 1
            custom = anywhere.HANDOFF if answer.handoff and last else None
            dispatcher.utter_message(text=line, json_message=custom)
        if not answer.needs_phone:
            return [SlotSet("callback_phone_needed", False)]
        # Outside a form, callback_form asks for the number; inside one, the form does.
        return [
            SlotSet("callback_pending", True),
            SlotSet("callback_reason", self.reason),
            SlotSet("callback_phone_needed", active_form(tracker) is None),
        ]


class ActionRequestCallback(ActionRequestHuman):
    """ "Rappelez-moi": always a callback case, at any hour."""

    reason = "callback_requested"

    def name(self) -> str:
        return "action_request_callback"

    def answer(self, place: Territory, where: Context, phone: str | None) -> anywhere.HumanAnswer:
        return anywhere.request_callback(place, phone, utcnow())


class ValidateCallbackForm(AssistantForm):
    """Asks the number a callback needs, outside any other form."""

    form = "callback_form"

    def questions(self, slots: dict[str, Any], where: Context) -> list[str]:
        return ["callback_phone"] if slots.get("callback_pending") else []


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
        slots = dict(tracker.slots)
        form = active_form(tracker)
        message = latest(tracker.latest_message)
        with unit_of_work() as session:
            place = territory(session)
            insee, name = slots.get("commune_insee"), slots.get("commune")
            if insee is None and message.intent == "ask_activities":
                found = resolve_commune(place, message.text).commune
                if found is not None:
                    insee, name = found.insee, found.name
            asked_commune = slots.get("activities_commune_needed") is True
            if insee:
                lines = activities_lines(session, place, insee, str(name))
            else:
                lines = anywhere.no_activities_lines(place) if asked_commune else []
        for line in lines:
            dispatcher.utter_message(text=line)
        done = [SlotSet("activities_commune_needed", False)]
        if insee or asked_commune:
            return done + ([SlotSet(s, None) for s in _ACTIVITY_SLOTS] if form is None else [])
        if form in BIG_FORMS:
            dispatcher.utter_message(text=_LATER[form])
            return [*done, SlotSet("activities_requested", True)]
        return [SlotSet("activities_commune_needed", True)]


_ACTIVITY_SLOTS = (
    "commune",
    "commune_insee",
    "commune_candidates",
    "commune_problem",
    "misunderstood",
)
_LATER = {
    "report_form": "Je vous dirai ce qui existe près de chez elle quand je connaîtrai sa commune.",
    "self_form": "Je vous dirai ce qui existe près de chez vous quand je connaîtrai votre commune.",
    "checkin_form": "Un professionnel pourra vous dire ce qui existe près de chez vous.",
}


class ValidateActivitiesForm(AssistantForm):
    form = "activities_form"

    def questions(self, slots: dict[str, Any], where: Context) -> list[str]:
        return ["commune"]


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
        with unit_of_work() as session:
            where = context(session, tracker.sender_id)
            anywhere.withdraw_consent(
                session,
                territory(session),
                channel=where.channel,
                conversation_id=where.conversation_id,
                phone=where.address,
            )
        say_opted_out(where, dispatcher)
        return leave_form(tracker.active_loop) + reset_flow()


class ActionEraseData(Action):
    def name(self) -> str:
        return "action_erase_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with unit_of_work() as session:
            where = context(session, tracker.sender_id)
            anywhere.request_erasure(
                session,
                territory(session),
                channel=where.channel,
                conversation_id=where.conversation_id,
                phone=where.address,
            )
        dispatcher.utter_message(response="utter_erasure_requested")
        return leave_form(tracker.active_loop) + reset_flow()


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_goodbye")
        return leave_form(tracker.active_loop) + reset_flow()
