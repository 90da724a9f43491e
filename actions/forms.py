"""What the forms' validation actions share: read the answer to the question asked, or step
aside when the message is something else, confirm a wish to stop, then pick the next question.

Form slots have `custom` mappings: only these actions fill them, from the latest message.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.runtime import Context, context, latest, territory, unit_of_work
from relais.answers.interrupt import Interruption, interruption
from relais.cases.intake import open_callback_case
from relais.db import utcnow
from relais.flows import anywhere
from relais.flows.common import CALLBACK_QUESTION, STOP_QUESTION, next_question
from relais.flows.commune import read_commune
from relais.flows.readers import FREE_TEXT, READERS, Message, Reading
from relais.territory.hours import next_opening

log = logging.getLogger(__name__)
REQUESTED = "requested_slot"


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
    """The validation action of one form (`form`)."""

    form = ""
    # Free-text questions where an emergency the NLU alone sees does not interrupt (the report
    # asks "is the person in danger now?" right after what was observed).
    danger_asked_next: frozenset[str] = frozenset()

    def name(self) -> str:
        return f"validate_{self.form}"

    @abstractmethod
    def questions(self, slots: dict[str, Any], where: Context) -> list[str]:
        """Every question of the form still relevant, in order."""

    def opening(self, session: Session, text: str, where: Context) -> dict[str, Any]:
        """Slots the message that started the form already answers."""
        return {}

    def after_answer(
        self,
        session: Session,
        question: str,
        slots: dict[str, Any],
        where: Context,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any]:
        """Said or done once an answer is kept; returns more slots to set."""
        return {}

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots: dict[str, Any] = dict(tracker.slots)
        asked = slots.get(REQUESTED)
        message = latest(tracker.latest_message)
        with unit_of_work() as session:
            where = context(session, tracker.sender_id)
            if asked is None:
                updates = self.opening(session, message.text, where)
            elif answers_latest_message(tracker, self.form):
                outcome = self._read(session, asked, message, slots, where, dispatcher)
                if outcome is None:
                    log.info("form %s steps aside for intent %s", self.form, message.intent)
                    return [SlotSet(asked, None), ActionExecutionRejected(self.form)]
                updates = outcome
            else:
                updates = {}
            slots |= updates
            following = next_question(slots, self.questions(slots, where))
        events: list[EventType] = [SlotSet(k, v) for k, v in updates.items()]
        return [*events, SlotSet(REQUESTED, following)]

    def _read(
        self,
        session: Session,
        asked: str,
        message: Message,
        slots: dict[str, Any],
        where: Context,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any] | None:
        """The slots to set from the answer; None when the form steps aside for a rule."""
        attempts = int(slots.get("misunderstood") or 0)
        if asked == "commune":
            candidates = list(slots.get("commune_candidates") or [])
            reading = read_commune(territory(session), message, candidates, attempts)
        else:
            reading = READERS[asked](message)
        if asked == STOP_QUESTION and message.intent == slots.get("pending_stop"):
            reading = Reading(True)  # "STOP" again: that is a yes
        free_text = asked in FREE_TEXT
        decision = interruption(
            message.intent,
            message.confidence,
            message.text,
            understood=reading.understood and reading.recognised and not free_text,
            free_text=free_text,
        )
        if asked == STOP_QUESTION and decision is Interruption.CONFIRM_STOP:
            decision = Interruption.NONE
        if asked in self.danger_asked_next and message.intent == "emergency":
            decision = Interruption.NONE
        if decision is Interruption.ANSWER_ELSEWHERE:
            return None
        if decision is Interruption.CONFIRM_STOP:
            return {asked: None, "pending_stop": message.intent, STOP_QUESTION: None}
        if decision is Interruption.GREETING:
            dispatcher.utter_message(response="utter_greet_again")
            return {asked: None}
        for response in reading.say:
            dispatcher.utter_message(response=response)
        if not reading.understood:
            if not reading.say:
                again = attempts >= 1
                dispatcher.utter_message(
                    response="utter_not_understood_again" if again else "utter_not_understood"
                )
            return {asked: None, "misunderstood": attempts + 1} | reading.extra
        updates = {asked: reading.value, "misunderstood": 0} | reading.extra
        return updates | self._after(session, asked, slots | updates, where, dispatcher)

    def _after(
        self,
        session: Session,
        asked: str,
        slots: dict[str, Any],
        where: Context,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any]:
        if asked == STOP_QUESTION and slots[STOP_QUESTION] is False:
            dispatcher.utter_message(response="utter_lets_continue")
            return {STOP_QUESTION: None, "pending_stop": None}
        if asked == CALLBACK_QUESTION:
            return callback_number_given(session, slots, where, dispatcher)
        return self.after_answer(session, asked, slots, where, dispatcher)


def callback_number_given(
    session: Session, slots: dict[str, Any], where: Context, dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    """The number a callback needed: the callback case is opened (or the person is told how to
    reach the team if they prefer not to give it)."""
    place = territory(session)
    phone = slots.get(CALLBACK_QUESTION) or None
    if phone is None:
        dispatcher.utter_message(response="utter_callback_declined")
        line = anywhere.team_phone_line(place)
        if line:
            dispatcher.utter_message(text=line)
    else:
        when = next_opening(place, utcnow())
        open_callback_case(
            session,
            place,
            channel=where.channel,
            conversation_id=where.conversation_id,
            phone=phone,
            reason=str(slots.get("callback_reason") or "callback_requested"),
            call_back_from=when,
        )
        dispatcher.utter_message(text=anywhere.callback_promise(place, when))
    return {"callback_pending": False, "callback_reason": None}
