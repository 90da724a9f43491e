"""What works from anywhere in a conversation: reaching a person, being called back, the
activities near the person. (Opting out and asking for erasure: relais.consent.requests.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from relais.answers.contact import declines_phone
from relais.cases import wording
from relais.cases.intake import open_callback_case
from relais.cases.models import CallbackReason, Channel
from relais.db import utcnow
from relais.directory.models import Service, Structure
from relais.directory.routing import structures_for
from relais.flows.common import CALLBACK_QUESTION
from relais.flows.turn import Say, Turn, Where, responses, said
from relais.phone.numbers import spoken as spoken_phone
from relais.territory.hours import WEEKDAY_KEYS, is_open, next_opening
from relais.territory.models import Territory
from relais.territory.service import resolve_commune

HANDOFF = {"relais_action": "handoff_to_human"}
MAX_STRUCTURES = 3


@dataclass(frozen=True)
class HumanAnswer:
    """The answer to "je veux parler à quelqu'un": `handoff` during opening hours (the voice
    channel then dials the on-call number), otherwise a callback, which needs a number."""

    lines: list[str]
    handoff: bool
    callback: bool
    needs_phone: bool
    call_back_from: datetime | None


def known_phone(slots: Mapping[str, Any], address: str | None) -> str | None:
    """A number to call the person back on: the channel's, or one given in the conversation."""
    for candidate in (address, slots.get("callback_phone"), slots.get("reporter_phone")):
        if candidate:
            return str(candidate)
    return str(slots["self_phone"]) if slots.get("self_phone") else None


_DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def opening_hours_words(territory: Territory) -> str:
    """ "du lundi au vendredi, de 9 h à 17 h", or each day's hours when they differ."""
    by_hours: dict[str, list[int]] = {}
    for index, key in enumerate(WEEKDAY_KEYS):
        intervals = territory.opening_hours.get(key) or []
        if intervals:
            hours = " et ".join(f"de {_h(start)} à {_h(end)}" for start, end in intervals)
            by_hours.setdefault(hours, []).append(index)
    parts = []
    for hours, days in by_hours.items():
        if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            when = f"du {_DAY_NAMES[days[0]]} au {_DAY_NAMES[days[-1]]}"
        else:
            when = wording.listing([f"le {_DAY_NAMES[d]}" for d in days])
        parts.append(f"{when}, {hours}")
    return " ; ".join(parts)


def _h(value: str) -> str:
    hour, minute = (int(part) for part in value.split(":"))
    return f"{hour} h" if minute == 0 else f"{hour} h {minute:02d}"


def team_phone_line(territory: Territory) -> str | None:
    if not territory.on_call_phone:
        return None
    hours = opening_hours_words(territory)
    when = f", {hours}" if hours else ""
    return f"Vous pouvez joindre l'équipe au {spoken_phone(territory.on_call_phone)}{when}."


PUT_THROUGH = "Je vous passe un membre de l'équipe. Restez en ligne, s'il vous plaît."
NOBODY_NOW = "Personne n'est disponible en ce moment."


def person_available(territory: Territory, now: datetime) -> bool:
    """Whether a member of the team can take the person now: during opening hours (public
    holidays off), when the territory has an on-call number. Every channel asks this."""
    return bool(territory.on_call_phone) and is_open(territory, now)


def request_human(
    territory: Territory, channel: Channel, phone: str | None, now: datetime
) -> HumanAnswer:
    if person_available(territory, now) and territory.on_call_phone:
        if channel is Channel.VOICE:
            lines = [PUT_THROUGH]
        else:
            number = spoken_phone(territory.on_call_phone)
            lines = [f"Vous pouvez parler à un membre de l'équipe dès maintenant, au {number}."]
        return HumanAnswer(lines, True, False, False, None)
    return _callback(territory, phone, now, [NOBODY_NOW])


def request_callback(territory: Territory, phone: str | None, now: datetime) -> HumanAnswer:
    return _callback(territory, phone, now, ["C'est noté, nous allons vous rappeler."])


def _callback(
    territory: Territory, phone: str | None, now: datetime, lines: list[str]
) -> HumanAnswer:
    when = next_opening(territory, now)
    if phone is None:
        return HumanAnswer(lines, False, True, True, when)
    return HumanAnswer([*lines, callback_promise(territory, when)], False, True, False, when)


def callback_promise(territory: Territory, when: datetime | None) -> str:
    if when is None:
        return "Un professionnel vous rappellera dès que possible."
    return f"Un professionnel vous rappellera {wording.day_and_hour(when, territory.timezone)}."


def activities_lines(commune_name: str, structures: Sequence[Structure]) -> list[str]:
    """What exists near the commune, one structure per message (name, what, phone)."""
    if not structures:
        return []
    lines = [f"Près de {commune_name}, voici qui propose des activités :"]
    for structure in structures[:MAX_STRUCTURES]:
        what = structure.methods or structure.objectives
        line = structure.name + (f" : {what.rstrip('.')}." if what else ".")
        contact = structure.phone and spoken_phone(structure.phone)
        if contact:
            line += f" Téléphone : {contact}."
        lines.append(line)
    return lines


def no_activities_lines(territory: Territory) -> list[str]:
    lines = ["Je ne connais pas encore d'activité près de cette commune."]
    if territory.on_call_phone:
        number = spoken_phone(territory.on_call_phone)
        lines.append(f"Le service autonomie du département peut vous renseigner au {number}.")
    return lines


# --- a person, a callback --------------------------------------------------------------------

CALLBACK_REASONS = {
    "request_human": CallbackReason.OUTSIDE_OPENING_HOURS,
    "request_callback": CallbackReason.CALLBACK_REQUESTED,
}


def reach_a_person(
    session: Session,
    territory: Territory,
    *,
    request: str,
    slots: Mapping[str, Any],
    where: Where,
    said_text: str,
    in_form: bool,
) -> Turn:
    """ "Je veux parler à quelqu'un" (`request_human`) or "rappelez-moi" (`request_callback`):
    a hand-off during opening hours, otherwise a callback case once a number to call is known.
    Inside a form, the form asks for the number; outside, callback_form does. One conversation
    has one callback case: a second request adds to it."""
    phone = known_phone(slots, where.address)
    now = utcnow()
    if request == "request_human":
        answer = request_human(territory, where.channel, phone, now)
    else:
        answer = request_callback(territory, phone, now)
    reason = CALLBACK_REASONS[request]
    if answer.callback and not answer.needs_phone:
        open_callback_case(
            session,
            territory,
            channel=where.channel,
            conversation_id=where.conversation_id,
            phone=phone,
            reason=reason,
            said=None if said_text.startswith("/") else said_text,
            call_back_from=answer.call_back_from,
        )
    say = [
        Say(text=line, custom=HANDOFF if answer.handoff and last else None)
        for line, last in zip(answer.lines, _last_flags(len(answer.lines)), strict=True)
    ]
    if not answer.needs_phone:
        return Turn({"callback_phone_needed": False}, say)
    return Turn(
        {
            "callback_pending": True,
            "callback_reason": reason.value,
            "callback_phone_needed": not in_form,
        },
        say,
    )


def _last_flags(count: int) -> list[bool]:
    return [index == count - 1 for index in range(count)]


def callback_number_given(
    session: Session, territory: Territory, slots: Mapping[str, Any], where: Where
) -> Turn:
    """The number a callback needed: the callback case is opened (or the person is told how to
    reach the team if they prefer not to give it)."""
    phone = slots.get(CALLBACK_QUESTION) or None
    done = {"callback_pending": False, "callback_reason": None}
    words = (slots.get("answers_said") or {}).get(CALLBACK_QUESTION)
    unreadable = phone is None and bool(words) and not declines_phone(str(words))
    if phone is None and not unreadable:
        line = team_phone_line(territory)
        return Turn(done, responses("utter_callback_declined") + (said(line) if line else []))
    when = next_opening(territory, utcnow())
    open_callback_case(
        session,
        territory,
        channel=where.channel,
        conversation_id=where.conversation_id,
        phone=str(phone) if phone else None,
        reason=CallbackReason(slots.get("callback_reason") or CallbackReason.CALLBACK_REQUESTED),
        number_said=str(words) if unreadable else None,
        call_back_from=when,
    )
    if unreadable:  # the words are kept for staff; the person can still call
        line = team_phone_line(territory)
        return Turn(done, responses("utter_callback_number_unclear") + (said(line) if line else []))
    return Turn(done, said(callback_promise(territory, when)))


# --- the activities near the person ----------------------------------------------------------

_LATER = {
    "report_form": "Je vous dirai ce qui existe près de chez elle quand je connaîtrai sa commune.",
    "self_form": "Je vous dirai ce qui existe près de chez vous quand je connaîtrai votre commune.",
    "checkin_form": "Un professionnel pourra vous dire ce qui existe près de chez vous.",
}
_ACTIVITY_SLOTS = (
    "commune",
    "commune_insee",
    "commune_candidates",
    "commune_problem",
    "misunderstood",
)


def activities_here(session: Session, territory: Territory, insee: str, name: str) -> list[str]:
    """What exists near the commune, or where to ask."""
    structures = structures_for(session, territory.id, insee, [Service.ACTIVITIES])
    return activities_lines(name, structures) or no_activities_lines(territory)


def activities(
    session: Session,
    territory: Territory,
    *,
    slots: Mapping[str, Any],
    form: str | None,
    text: str,
    asked_now: bool,
) -> Turn:
    """ "Il y a un club à Aubusson ?": the directory's activities for the commune of the
    conversation, of the question, or asked for (activities_form). Inside a flow that does
    not know the commune yet, they are given once it is known."""
    insee, name = slots.get("commune_insee"), slots.get("commune")
    if insee is None and asked_now:
        found = resolve_commune(territory, text).commune
        if found is not None:
            insee, name = found.insee, found.name
    asked_commune = slots.get("activities_commune_needed") is True
    done = {"activities_commune_needed": False}
    if insee:
        lines = activities_here(session, territory, str(insee), str(name))
    else:
        lines = no_activities_lines(territory) if asked_commune else []
    if insee or asked_commune:
        cleared = dict.fromkeys(_ACTIVITY_SLOTS) if form is None else {}
        return Turn(done | cleared, said(*lines))
    if form in _LATER:
        return Turn(done | {"activities_requested": True}, said(_LATER[form]))
    return Turn({"activities_commune_needed": True})


def activities_if_requested(
    session: Session, territory: Territory, slots: Mapping[str, Any]
) -> list[Say]:
    """The activities asked about before the commune was known, now that it is."""
    insee = slots.get("commune_insee")
    if slots.get("activities_requested") and insee:
        return said(*activities_here(session, territory, str(insee), str(slots.get("commune"))))
    return []
