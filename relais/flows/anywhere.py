"""What works from anywhere in a conversation: reaching a person, being called back, the
activities near the person, opting out, asking for erasure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from relais.answers.parse import spoken_phone
from relais.cases import wording
from relais.cases.models import Channel
from relais.consent.service import record_opt_out
from relais.directory.models import Structure
from relais.tasks.models import StaffTask, TaskKind
from relais.tasks.service import open_task
from relais.territory.hours import WEEKDAY_KEYS, is_open, next_opening
from relais.territory.models import Territory

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


def request_human(
    territory: Territory, channel: Channel, phone: str | None, now: datetime
) -> HumanAnswer:
    if is_open(territory, now) and territory.on_call_phone:
        if channel is Channel.VOICE:
            lines = ["Je vous passe un membre de l'équipe. Restez en ligne, s'il vous plaît."]
        else:
            number = spoken_phone(territory.on_call_phone)
            lines = [f"Vous pouvez parler à un membre de l'équipe dès maintenant, au {number}."]
        return HumanAnswer(lines, True, False, False, None)
    return _callback(territory, phone, now, ["Personne n'est disponible en ce moment."])


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


def withdraw_consent(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    phone: str | None,
    during: str | None = None,
) -> StaffTask:
    """An opt-out from any channel: consent to calls and SMS withdrawn for the number (when the
    channel gives one), and a task for staff to stop follow-ups and campaigns."""
    if phone:
        record_opt_out(session, phone=phone, channel=channel)
    return open_task(
        session,
        territory_id=territory.id,
        kind=TaskKind.OPT_OUT,
        channel=channel,
        phone=phone,
        conversation_id=conversation_id,
        detail={"during": during} if during else {},
    )


def request_erasure(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    phone: str | None,
    during: str | None = None,
) -> StaffTask:
    """An erasure request: staff check who is asking and anonymise (within a month)."""
    return open_task(
        session,
        territory_id=territory.id,
        kind=TaskKind.ERASURE_REQUEST,
        channel=channel,
        phone=phone,
        conversation_id=conversation_id,
        detail={"during": during} if during else {},
    )
