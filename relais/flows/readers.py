"""Reading one answer to one question of a form: the value to keep, or why it cannot be kept.

A form question is a slot. Its reader turns the person's message (typed, said, or a button's
payload) into the slot's value. Values are plain JSON (strings, booleans, lists) so that the
assistant can hold them between turns. Every question also says what is kept when an answer
cannot be read even after the question was rephrased (`undetermined`): the words are kept as
said beside it, and the conversation moves on (conversations.md, "No question loops").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from relais.answers import assessment, contact, people, report
from relais.answers.contact import PreferredChannel, TimeOfDay
from relais.answers.yes_no import YesNo, yes_no
from relais.assessment.answers import Frequency, RuptureEvent, Wish
from relais.cases.models import ReporterRelation
from relais.followups.models import CheckinOutcome
from relais.language.clauses import clauses
from relais.language.phrases import has_any, longest_match, word_count, words
from relais.people.models import AgeBand

# Kept for an answer that could not be read where no other value is natural (a network, a
# UCLA item, health): it counts as not answered, and staff read the words said.
NOT_DETERMINED = "not_determined"


@dataclass(frozen=True)
class Message:
    """What the person said: the text, the NLU's intent and the choice of a button, if any."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    choice: str | None = None  # the entity `choice` of a payload such as /inform{"choice":"x"}

    @property
    def typed(self) -> bool:
        """Words the person typed or said, not a button's payload."""
        return bool(self.text.strip()) and not self.text.startswith("/")


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
SURE = 0.9

Reader = Callable[[Message], Reading]


def _choice(message: Message, allowed: type[Any]) -> Any | None:
    if message.choice is None:
        return None
    try:
        return allowed(message.choice).value
    except ValueError:
        return None


def _sure(message: Message, *intents: str) -> bool:
    return message.intent in intents and message.confidence >= SURE


def read_yes_no_unknown(message: Message) -> Reading:
    answer = yes_no(message.text, message.intent, message.confidence)
    return NOT_UNDERSTOOD if answer is None else Reading(answer.value)


def read_yes_no(message: Message) -> Reading:
    """Yes or no; "je ne sais pas" counts as no: nothing is assumed the person did not say."""
    answer = yes_no(message.text, message.intent, message.confidence)
    return NOT_UNDERSTOOD if answer is None else Reading(answer is YesNo.YES)


def _boolean(found: bool | None, message: Message) -> Reading:
    if found is None:
        return read_yes_no(message) if not message.typed else NOT_UNDERSTOOD
    return Reading(found)


def read_contact(message: Message) -> Reading:
    """In touch at least monthly ("ma sœur m'appelle chaque semaine": yes; "on se voit à
    Noël": no)."""
    return _boolean(assessment.monthly_contact(message.text), message)


def read_caregiving(message: Message) -> Reading:
    return _boolean(assessment.caregiving(message.text), message)


def read_health_limits(message: Message) -> Reading:
    return _boolean(assessment.health_limits(message.text), message)


def read_danger_now(message: Message) -> Reading:
    answer = report.danger_now(message.text, message.intent, message.confidence)
    return NOT_UNDERSTOOD if answer is None else Reading(answer.value)


def read_person_consent(message: Message) -> Reading:
    answer = report.person_consent(message.text, message.intent, message.confidence)
    return NOT_UNDERSTOOD if answer is None else Reading(answer.value)


def read_free_text(message: Message) -> Reading:
    text = message.text.strip()
    return Reading(text) if text else NOT_UNDERSTOOD


_ONLY_YES = 4  # "oui je veux bien": an invitation to go on, not the story itself
_SHORT_DECLINE = 6  # "je préfère pas en parler"
# Words that only say "go on, I'm listening to myself": "oui je veux bien vous raconter".
_GO_ON = frozenset(
    {"oui", "ouais", "d", "accord", "ok", "volontiers", "bien", "sur", "je", "veux", "vous"}
    | {"raconter", "dire", "parler", "allez", "y", "avec", "plaisir", "en", "un", "peu", "plus"}
    | {"si", "voulez", "alors", "ben", "bah", "euh"}
)
_DECLINE_STORY = (
    "pas maintenant",
    "prefere pas",
    "pas envie",
    "ca ira",
    "rien a dire",
    "non merci",
)


def read_story(message: Message) -> Reading:
    """ "Voulez-vous m'en dire un peu plus ?": "oui" is not the story (the assistant says "je
    vous écoute" and waits for it); "non", "pas maintenant" skip it; anything else is it."""
    if _sure(message, "deny", "consent_unknown") and not message.typed:
        return Reading("")
    normalised = words(message.text)
    count = word_count(message.text)
    answer = yes_no(message.text)
    if answer is YesNo.YES and (count <= _ONLY_YES or set(normalised.split()) <= _GO_ON):
        return NOT_UNDERSTOOD
    if count <= _ONLY_YES and answer in {YesNo.NO, YesNo.UNKNOWN}:
        return Reading("")
    if count <= _SHORT_DECLINE and has_any(normalised, _DECLINE_STORY):
        return Reading("")
    return read_free_text(message)


_ADDRESS_LEAD = (
    "oui c est au",
    "oui c est",
    "oui elle habite au",
    "oui elle habite",
    "elle habite au",
    "il habite au",
    "elle habite",
    "il habite",
    "c est au",
    "c est",
)


def read_address(message: Message) -> Reading:
    """ "Connaissez-vous son adresse ?": an address, or "" when it is not known. A bare "oui"
    asks for it ("Quelle est son adresse ?")."""
    if _sure(message, "deny", "consent_unknown") and not message.typed:
        return Reading("")
    normalised = words(message.text)
    short = word_count(message.text) <= _ONLY_YES
    answer = yes_no(message.text)
    if short and answer is YesNo.YES and not any(c.isdigit() for c in message.text):
        return NOT_UNDERSTOOD
    if answer in {YesNo.NO, YesNo.UNKNOWN} and word_count(message.text) <= 7:
        return Reading("")
    if has_any(normalised, ("pas precisement", "connais pas", "pas exactement", "prefere pas")):
        return Reading("")
    return read_free_text(Message(_strip_lead(message.text)))


def _strip_lead(text: str) -> str:
    """ "oui c'est au 12 avenue de la gare" -> "12 avenue de la gare"."""
    for lead in _ADDRESS_LEAD:
        pattern = r"^\W*" + r"[\s'’,]+".join(lead.split()) + r"[\s,:]+"
        stripped = re.sub(pattern, "", text.strip(), count=1, flags=re.IGNORECASE)
        if stripped != text.strip():
            return stripped.strip(" ,.")
    return text.strip()


def read_relation(message: Message) -> Reading:
    chosen = _choice(message, ReporterRelation)
    if chosen is not None:
        return Reading(chosen)
    found = people.relation(message.text)
    said = message.text.strip()
    if found is not None:
        keep_words = found in {ReporterRelation.OTHER, ReporterRelation.SOCIAL_WORKER}
        return Reading(found.value, extra={"reporter_relation_said": said} if keep_words else {})
    if not said or not message.typed:
        return NOT_UNDERSTOOD
    other = ReporterRelation.OTHER.value
    return Reading(other, recognised=False, extra={"reporter_relation_said": said})


def read_age(message: Message) -> Reading:
    chosen = _choice(message, AgeBand)
    if chosen is not None:
        return Reading(chosen, extra={"approximate_age": None})
    if _sure(message, "consent_unknown"):
        return Reading(AgeBand.UNKNOWN.value, extra={"approximate_age": None})
    said = people.age(message.text)
    if said is None:
        return NOT_UNDERSTOOD
    return Reading(said.band.value, extra={"approximate_age": said.age})


def read_frequency(message: Message) -> Reading:
    chosen = _choice(message, Frequency)
    if chosen is not None:
        return Reading(chosen)
    found = assessment.frequency(message.text)
    return NOT_UNDERSTOOD if found is None else Reading(found.value)


def read_events(message: Message) -> Reading:
    chosen = _choice(message, RuptureEvent)
    if chosen is not None:
        return Reading([chosen])
    found = assessment.rupture_events(message.text)
    if found is None and _sure(message, "deny"):
        found = frozenset()
    return NOT_UNDERSTOOD if found is None else Reading(sorted(e.value for e in found))


def read_wishes(message: Message) -> Reading:
    chosen = _choice(message, Wish)
    if chosen is not None:
        return Reading([chosen])
    found = assessment.wishes(message.text)
    if found is None and _sure(message, "consent_unknown", "deny"):
        found = frozenset()
    return NOT_UNDERSTOOD if found is None else Reading(sorted(w.value for w in found))


def read_channel(message: Message) -> Reading:
    chosen = _choice(message, PreferredChannel)
    if chosen is not None:
        return Reading(chosen)
    found = contact.preferred_channel(message.text)
    return NOT_UNDERSTOOD if found is None else Reading(found.value)


def read_time(message: Message) -> Reading:
    chosen = _choice(message, TimeOfDay)
    if chosen is not None:
        return Reading(chosen, extra={"preferred_time_said": None})
    found = contact.time_of_day(message.text)
    if found is None:
        return NOT_UNDERSTOOD
    return Reading(found.value, extra={"preferred_time_said": message.text.strip()})


def read_phone(message: Message) -> Reading:
    """A phone number in E.164; "" when the person prefers not to give one."""
    if message.typed:
        number = contact.phone(message.text)
        if number is not None:
            return Reading(number)
    if _sure(message, "deny"):
        return Reading("")
    if message.typed and contact.declines_phone(message.text):
        return Reading("")
    if message.typed and contact.digits_said(message.text) >= 4:
        return Reading(None, say=("utter_phone_invalid",))
    return NOT_UNDERSTOOD


def read_first_name(message: Message) -> Reading:
    if _sure(message, "deny") and not message.typed:
        return Reading("")
    name = people.first_name(message.text) if message.typed else None
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
_NOT_BAD = ("pas mal", "pas trop mal", "pas si mal", "pas a me plaindre", "pas de souci")
_CHECKIN_WORDS: tuple[tuple[CheckinOutcome, tuple[str, ...]], ...] = (
    (
        CheckinOutcome.CALLBACK,
        (
            "rappel*",
            "rappelez",
            "plus tard",
            "pas maintenant",
            "occupe",
            "occupee",
            "en train de",
            "pas le moment",
        ),
    ),
    (
        CheckinOutcome.NOT_OK,
        (
            "ca ne va pas",
            "ca va pas",
            "va pas",
            "pas bien",
            "pas fort",
            "pas terrible",
            "pas bon",
            "bof",
            "mal",
            "j ai mal",
            "fatigue*",
            "seul",
            "seule",
            "moral",
            "douleur*",
            "malade",
            "triste",
            "cafard",
            "angoiss*",
            "inquiet*",
            "pas la forme",
            "pas en forme",
        ),
    ),
    (
        CheckinOutcome.OK,
        (
            "ca va",
            "bien",
            "tres bien",
            "impeccable",
            "pas mal",
            "on fait aller",
            "ca va ca va",
            "comme d habitude",
            "tout va bien",
            "en forme",
            "super",
            "nickel",
            "au top",
            "oui",
        ),
    ),
)


def read_checkin_status(message: Message) -> Reading:
    """The answer to "comment allez-vous ?". An opt-out is not read here: the form confirms it."""
    chosen = _choice(message, CheckinOutcome)
    found = CheckinOutcome(chosen) if chosen else None
    if found is None and message.typed:
        found = longest_match(words(message.text), _CHECKIN_WORDS)
        negated = any(c.negated for c in clauses(message.text))
        if found is CheckinOutcome.OK and negated and not has_any(words(message.text), _NOT_BAD):
            found = CheckinOutcome.NOT_OK  # "pas très bien", "ça ne va pas fort"
    if found is None and message.confidence >= CHECKIN_CONFIDENCE:
        found = _CHECKIN_INTENTS.get(message.intent or "")
    if found is None:
        return NOT_UNDERSTOOD
    extra = {"checkin_said": message.text.strip()} if message.typed else {}
    return Reading(found.value, extra=extra)


# The SMS sent after unanswered calls asks for a digit.
_NUMBERED = {"1": CheckinOutcome.OK, "2": CheckinOutcome.CALLBACK}


def read_checkin_reply(message: Message) -> Reading:
    """The answer to the SMS "Répondez 1 si tout va bien, 2 si vous souhaitez être
    rappelé(e)": the digit ("1", "2.", "1 merci"), or the words of any check-in answer."""
    first = words(message.text).split()[:1] if message.typed else []
    found = _NUMBERED.get(first[0]) if first else None
    if found is None:
        reading = read_checkin_status(message)
        if not reading.understood:
            return reading
        found = CheckinOutcome(reading.value)
    extra = {"checkin_status": found.value}
    if message.typed:
        extra["checkin_said"] = message.text.strip()
    return Reading(found.value, extra=extra)


@dataclass(frozen=True)
class Question:
    """A question of a form: how its answer is read, and what is kept when it cannot be."""

    read: Reader
    undetermined: Any = NOT_DETERMINED
    free_text: bool = False  # anything said is an answer, unless it is clearly a request


QUESTIONS: dict[str, Question] = {
    "stop_confirmed": Question(read_yes_no, undetermined=False),
    "callback_phone": Question(read_phone, undetermined=""),
    "reporter_relation": Question(read_relation, undetermined=ReporterRelation.OTHER.value),
    "address": Question(read_address, undetermined="", free_text=True),
    "age_band": Question(read_age, undetermined=AgeBand.UNKNOWN.value),
    "observation": Question(read_free_text, undetermined="", free_text=True),
    "danger_now": Question(read_danger_now, undetermined=YesNo.UNKNOWN.value),
    "person_consent": Question(read_person_consent, undetermined=YesNo.UNKNOWN.value),
    "reporter_phone": Question(read_phone, undetermined=""),
    "reporter_callback_ok": Question(read_yes_no, undetermined=False),
    "reporter_wants_feedback": Question(read_yes_no, undetermined=False),
    "self_story": Question(read_story, undetermined="", free_text=True),
    "network_family": Question(read_contact),
    "network_friends": Question(read_contact),
    "network_neighbours": Question(read_contact),
    "network_groups": Question(read_contact),
    "ucla_companionship": Question(read_frequency),
    "ucla_left_out": Question(read_frequency),
    "ucla_isolated": Question(read_frequency),
    "rupture_events": Question(read_events),
    "caregiving": Question(read_caregiving),
    "health_limits": Question(read_health_limits),
    "wishes": Question(read_wishes, undetermined=[]),
    # Consent is never assumed: an answer that cannot be read is a no.
    "contact_consent": Question(read_yes_no, undetermined=False),
    "share_consent": Question(read_yes_no, undetermined=False),
    "preferred_channel": Question(read_channel),
    "preferred_time": Question(read_time, undetermined=TimeOfDay.ANY.value),
    "self_phone": Question(read_phone, undetermined=""),
    "self_first_name": Question(read_first_name, undetermined=""),
    # A check-in answer nobody can read: a professional calls back.
    # Check-ins are not consent to them: an answer that cannot be read is a no.
    "checkin_consent": Question(read_yes_no, undetermined=False),
    "checkin_status": Question(read_checkin_status, undetermined=CheckinOutcome.UNCLEAR.value),
    "checkin_reply": Question(read_checkin_reply, undetermined=CheckinOutcome.UNCLEAR.value),
    "checkin_detail": Question(read_free_text, undetermined="", free_text=True),
}
