"""Reading one answer to one question of a form: the value to keep, or why it cannot be kept.

A form question is a slot. Its reader turns the person's message (typed, said, or a button's
payload) into the slot's value. Values are plain JSON (strings, booleans, lists) so that the
assistant can hold them between turns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from relais.answers import parse
from relais.answers.parse import YesNo
from relais.answers.text import words
from relais.assessment.answers import Frequency, RuptureEvent, Wish
from relais.cases.models import ReporterRelation
from relais.followups.models import CheckinOutcome
from relais.people.models import AgeBand


@dataclass(frozen=True)
class Message:
    """What the person said: the text, the NLU's intent and the choice of a button, if any."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    choice: str | None = None  # the entity `choice` of a payload such as /inform{"choice":"x"}


@dataclass(frozen=True)
class Reading:
    """`value` None: not understood. `recognised` False: a value was kept by default (an
    unknown relation becomes "other") and only stands if the message is not a request."""

    value: Any
    recognised: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # other slots the answer fills
    say: tuple[str, ...] = ()  # responses to say (e.g. why a phone number is refused)

    @property
    def understood(self) -> bool:
        return self.value is not None


NOT_UNDERSTOOD = Reading(None)

Reader = Callable[[Message], Reading]


def _choice(message: Message, allowed: type[Any]) -> Any | None:
    if message.choice is None:
        return None
    try:
        return allowed(message.choice).value
    except ValueError:
        return None


def read_yes_no_unknown(message: Message) -> Reading:
    answer = parse.yes_no(message.text, message.intent, message.confidence)
    return NOT_UNDERSTOOD if answer is None else Reading(answer.value)


def read_yes_no(message: Message) -> Reading:
    """Yes or no; "je ne sais pas" counts as no: nothing is assumed the person did not say."""
    answer = parse.yes_no(message.text, message.intent, message.confidence)
    return NOT_UNDERSTOOD if answer is None else Reading(answer is YesNo.YES)


def read_free_text(message: Message) -> Reading:
    text = message.text.strip()
    return Reading(text) if text else NOT_UNDERSTOOD


def read_optional_text(message: Message) -> Reading:
    """Free text that may be declined ("non", "je ne sais pas", the "skip" button): ""."""
    if message.intent in {"deny", "consent_unknown"} and message.confidence >= 0.9:
        return Reading("")
    answer = parse.yes_no(message.text)
    if answer in {YesNo.NO, YesNo.UNKNOWN} and len(message.text.split()) <= 4:
        return Reading("")
    return read_free_text(message)


def read_relation(message: Message) -> Reading:
    chosen = _choice(message, ReporterRelation)
    if chosen is not None:
        return Reading(chosen)
    found = parse.relation(message.text)
    if found is not None:
        extra = {"reporter_relation_said": message.text.strip()}
        return Reading(found.value, extra=extra if found is ReporterRelation.OTHER else {})
    text = message.text.strip()
    if not text:
        return NOT_UNDERSTOOD
    other = ReporterRelation.OTHER.value
    return Reading(other, recognised=False, extra={"reporter_relation_said": text})


def read_age(message: Message) -> Reading:
    chosen = _choice(message, AgeBand)
    if chosen is not None:
        return Reading(chosen, extra={"approximate_age": None})
    if message.intent == "consent_unknown" and message.confidence >= 0.9:
        return Reading(AgeBand.UNKNOWN.value, extra={"approximate_age": None})
    said = parse.age(message.text)
    if said is None:
        return NOT_UNDERSTOOD
    return Reading(said.band.value, extra={"approximate_age": said.age})


def read_frequency(message: Message) -> Reading:
    chosen = _choice(message, Frequency)
    if chosen is not None:
        return Reading(chosen)
    found = parse.frequency(message.text)
    return NOT_UNDERSTOOD if found is None else Reading(found.value)


def read_events(message: Message) -> Reading:
    chosen = _choice(message, RuptureEvent)
    if chosen is not None:
        return Reading([chosen])
    found = parse.rupture_events(message.text)
    if found is None and message.intent == "deny" and message.confidence >= 0.9:
        found = frozenset()
    return NOT_UNDERSTOOD if found is None else Reading(sorted(e.value for e in found))


def read_wishes(message: Message) -> Reading:
    chosen = _choice(message, Wish)
    if chosen is not None:
        return Reading([chosen])
    found = parse.wishes(message.text)
    if found is None and message.intent == "consent_unknown" and message.confidence >= 0.9:
        found = frozenset()
    return NOT_UNDERSTOOD if found is None else Reading(sorted(w.value for w in found))


def read_channel(message: Message) -> Reading:
    chosen = _choice(message, parse.PreferredChannel)
    if chosen is not None:
        return Reading(chosen)
    found = parse.preferred_channel(message.text)
    return NOT_UNDERSTOOD if found is None else Reading(found.value)


def read_time(message: Message) -> Reading:
    chosen = _choice(message, parse.TimeOfDay)
    if chosen is not None:
        return Reading(chosen, extra={"preferred_time_said": None})
    found = parse.time_of_day(message.text)
    if found is None:
        return NOT_UNDERSTOOD
    return Reading(found.value, extra={"preferred_time_said": message.text.strip()})


def read_phone(message: Message) -> Reading:
    """A phone number in E.164; "" when the person prefers not to give one."""
    number = parse.phone(message.text)
    if number is not None:
        return Reading(number)
    if message.intent == "deny" and message.confidence >= 0.9:
        return Reading("")
    if parse.yes_no(message.text) is YesNo.NO or "prefere" in words(message.text):
        return Reading("")
    digits = sum(char.isdigit() for char in message.text)
    return Reading(None, say=("utter_phone_invalid",)) if digits >= 4 else NOT_UNDERSTOOD


def read_first_name(message: Message) -> Reading:
    if message.intent == "deny" and message.confidence >= 0.9:
        return Reading("")
    name = parse.first_name(message.text)
    return NOT_UNDERSTOOD if name is None else Reading(name)


_CHECKIN_INTENTS = {
    "checkin_ok": CheckinOutcome.OK,
    "affirm": CheckinOutcome.OK,
    "thank": CheckinOutcome.OK,
    "checkin_not_ok": CheckinOutcome.NOT_OK,
    "deny": CheckinOutcome.NOT_OK,
    "self_referral": CheckinOutcome.NOT_OK,
    "request_callback": CheckinOutcome.CALLBACK,
}
CHECKIN_CONFIDENCE = 0.5


def read_checkin_status(message: Message) -> Reading:
    """The answer to "comment allez-vous ?". An opt-out is not read here: the form confirms it."""
    if message.intent in _CHECKIN_INTENTS and message.confidence >= CHECKIN_CONFIDENCE:
        outcome = _CHECKIN_INTENTS[message.intent]
        extra = {} if message.text.startswith("/") else {"checkin_said": message.text.strip()}
        return Reading(outcome.value, extra=extra)
    return NOT_UNDERSTOOD


READERS: dict[str, Reader] = {
    "stop_confirmed": read_yes_no,
    "callback_phone": read_phone,
    "reporter_relation": read_relation,
    "address": read_optional_text,
    "age_band": read_age,
    "observation": read_free_text,
    "danger_now": read_yes_no_unknown,
    "person_consent": read_yes_no_unknown,
    "reporter_phone": read_phone,
    "reporter_callback_ok": read_yes_no,
    "reporter_wants_feedback": read_yes_no,
    "self_story": read_optional_text,
    "network_family": read_yes_no,
    "network_friends": read_yes_no,
    "network_neighbours": read_yes_no,
    "network_groups": read_yes_no,
    "ucla_companionship": read_frequency,
    "ucla_left_out": read_frequency,
    "ucla_isolated": read_frequency,
    "rupture_events": read_events,
    "caregiving": read_yes_no,
    "health_limits": read_yes_no,
    "wishes": read_wishes,
    "contact_consent": read_yes_no,
    "share_consent": read_yes_no,
    "preferred_channel": read_channel,
    "preferred_time": read_time,
    "self_phone": read_phone,
    "self_first_name": read_first_name,
    "checkin_status": read_checkin_status,
    "checkin_detail": read_free_text,
}

# Questions whose answer is free text: anything said is an answer, unless it is clearly a
# request (see relais.answers.interrupt).
FREE_TEXT = frozenset({"observation", "self_story", "address", "checkin_detail"})
