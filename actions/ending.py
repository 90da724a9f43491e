"""What the actions that end a flow share: clearing the flow's slots, the effects of a stop
confirmed inside a form, and the activities a person asked about on the way."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.runtime import Context, context, territory, unit_of_work
from relais.directory.models import Service
from relais.directory.routing import structures_for
from relais.flows import anywhere
from relais.flows.common import FLOW_SLOTS, INITIAL_VALUES, stopped
from relais.territory.models import Territory

log = logging.getLogger(__name__)

Keep = Callable[[Session, dict[str, Any], Context, CollectingDispatcher, str | None], None]


def reset_flow() -> list[EventType]:
    """Every slot of every flow back to its initial value: the next flow starts afresh."""
    return [SlotSet(name, INITIAL_VALUES.get(name)) for name in FLOW_SLOTS]


def leave_form(tracker_active_loop: dict[str, Any] | None) -> list[EventType]:
    """Deactivates the active form, if any (a danger, an opt-out in a small form)."""
    if not (tracker_active_loop or {}).get("name"):
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


def finish_flow(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    during: str,
    kept: Callable[[str | None, Mapping[str, Any]], bool],
    keep: Keep,
    failed_response: str,
) -> list[EventType]:
    """A big form ended, finished or stopped: the stop's effects, the case when `kept` says
    so (written by `keep`), all in one transaction; then the flow's slots are cleared."""
    slots = dict(tracker.slots)
    reason = stopped(slots)
    try:
        with unit_of_work() as session:
            where = context(session, tracker.sender_id)
            stop_side_effects(session, reason, where, dispatcher, during=during)
            if kept(reason, slots):
                keep(session, slots, where, dispatcher, reason)
    except Exception:
        log.exception("could not record the %s", during)
        dispatcher.utter_message(response=failed_response)
        return []
    if reason == "goodbye":
        dispatcher.utter_message(response="utter_goodbye")
    return reset_flow()


def stop_side_effects(
    session: Session,
    reason: str | None,
    where: Context,
    dispatcher: CollectingDispatcher,
    during: str,
) -> None:
    """An opt-out or an erasure request confirmed inside a form."""
    if reason == "opt_out":
        anywhere.withdraw_consent(
            session,
            territory(session),
            channel=where.channel,
            conversation_id=where.conversation_id,
            phone=where.address,
            during=during,
        )
        say_opted_out(where, dispatcher)
    elif reason == "erase_data":
        anywhere.request_erasure(
            session,
            territory(session),
            channel=where.channel,
            conversation_id=where.conversation_id,
            phone=where.address,
            during=during,
        )
        dispatcher.utter_message(response="utter_erasure_requested")


def say_opted_out(where: Context, dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_opted_out" if where.address else "utter_opted_out_web")
    dispatcher.utter_message(response="utter_come_back_anytime")


def activities_lines(session: Session, place: Territory, insee: str, name: str) -> list[str]:
    structures = structures_for(session, place.id, insee, [Service.ACTIVITIES])
    return anywhere.activities_lines(name, structures) or anywhere.no_activities_lines(place)


def activities_if_requested(
    session: Session, place: Territory, slots: dict[str, Any], dispatcher: CollectingDispatcher
) -> None:
    """The activities asked about before the commune was known, now that it is."""
    insee = slots.get("commune_insee")
    if slots.get("activities_requested") and insee:
        for line in activities_lines(session, place, insee, str(slots.get("commune"))):
            dispatcher.utter_message(text=line)
