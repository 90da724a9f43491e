"""The self-referral: listen first, then the short assessment, what would help, consent, how
and when to call, the commune. Ends with a case carrying the level and the proposed
orientation, and tells the person, in plain words, what happens next."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from relais.answers.assessment import rupture_events
from relais.answers.contact import PreferredChannel, TimeOfDay
from relais.assessment.answers import (
    AssessmentAnswers,
    Frequency,
    Network,
    RuptureEvent,
    UclaItem,
    Wish,
)
from relais.cases import wording
from relais.cases.intake import SelfReferralInput
from relais.cases.models import Channel, IsolationLevel
from relais.flows.common import stop_prefix
from relais.flows.readers import NOT_DETERMINED
from relais.flows.turn import Turn, Where, responses
from relais.territory.models import Territory
from relais.territory.service import residence_said, resolve_residence

ASSESSMENT = (
    "self_story",
    "network_family",
    "network_friends",
    "network_neighbours",
    "network_groups",
    "ucla_companionship",
    "ucla_left_out",
    "ucla_isolated",
    "rupture_events",
    "caregiving",
    "health_limits",
    "wishes",
    "contact_consent",
)
NETWORK_SLOTS = {
    "network_family": Network.FAMILY,
    "network_friends": Network.FRIENDS,
    "network_neighbours": Network.NEIGHBOURS,
    "network_groups": Network.GROUPS,
}
UCLA_SLOTS = {
    "ucla_companionship": UclaItem.COMPANIONSHIP,
    "ucla_left_out": UclaItem.LEFT_OUT,
    "ucla_isolated": UclaItem.ISOLATED,
}
# Said once the answer to a question is kept, before the next question.
TRANSITIONS = {
    "self_story": "utter_assessment_intro",
    "network_groups": "utter_feelings_intro",
}


def questions(slots: Mapping[str, Any], address: str | None) -> list[str]:
    """Without the agreement to be contacted, nothing about how to contact is asked; the phone
    number only where the channel does not give it."""
    asked = stop_prefix(slots) + list(ASSESSMENT)
    if slots.get("contact_consent") is True:
        asked += ["share_consent", "preferred_channel", "preferred_time", "checkin_consent"]
        if not address:
            asked.append("self_phone")
        asked.append("self_first_name")
    asked.append("commune")
    return asked


def determined(slots: Mapping[str, Any], name: str) -> Any:
    """The slot's value, None when it was not determined (an answer nobody could read)."""
    value = slots.get(name)
    return None if value == NOT_DETERMINED else value


def answers(slots: Mapping[str, Any]) -> AssessmentAnswers:
    events = determined(slots, "rupture_events") or []
    return AssessmentAnswers(
        networks=frozenset(n for slot, n in NETWORK_SLOTS.items() if slots.get(slot) is True),
        ucla={
            item: Frequency(determined(slots, slot))
            for slot, item in UCLA_SLOTS.items()
            if determined(slots, slot)
        },
        rupture_events=frozenset(RuptureEvent(e) for e in events),
        caregiving=determined(slots, "caregiving"),
        health_or_mobility_limits=determined(slots, "health_limits"),
        wishes=frozenset(Wish(w) for w in determined(slots, "wishes") or []),
    )


def undetermined_items(slots: Mapping[str, Any]) -> frozenset[str]:
    """The questions answered with words nobody could read."""
    return frozenset(name for name in ASSESSMENT if slots.get(name) == NOT_DETERMINED)


def opening_slots(territory: Territory, text: str) -> dict[str, Any]:
    """The first message is kept as the beginning of the story; what it already says of the
    commune and of a recent loss or move is not asked again."""
    return {"opening_message": text} | extract(territory, text, opening=True)


def extract(territory: Territory, text: str, *, opening: bool = False) -> dict[str, Any]:
    """What the person says in passing: the commune where they live ("j'habite à Guéret", not
    "mon fils habite à Lyon"), a recent change ("depuis la mort de mon mari")."""
    found: dict[str, Any] = {}
    commune = residence_said(territory, text, of_self=True)
    if commune is None and opening:
        commune = resolve_residence(territory, text)
    if commune is not None:
        found |= {"commune": commune.name, "commune_insee": commune.insee}
    events = rupture_events(text)
    if events:
        found["rupture_events"] = sorted(e.value for e in events)
    return found


def after_answer(
    session: Session, territory: Territory, question: str, slots: Mapping[str, Any], where: Where
) -> Turn:
    transition = TRANSITIONS.get(question)
    return Turn(say=responses(transition)) if transition else Turn()


def worth_keeping(slots: Mapping[str, Any]) -> bool:
    """An unfinished self-referral is kept when the person said something about themself."""
    return any(slots.get(s) is not None for s in ASSESSMENT)


def kept(stop_reason: str | None, slots: Mapping[str, Any]) -> bool:
    """Whether the self-referral becomes a case: when finished, or left with a goodbye once
    the person said something about themself (an opt-out or an erasure request keeps nothing)."""
    if stop_reason is None:
        return True
    return stop_reason == "goodbye" and worth_keeping(slots)


def referral_input(
    slots: Mapping[str, Any],
    *,
    channel: Channel,
    conversation_id: str | None,
    address: str | None,
    complete: bool = True,
    stop_reason: str | None = None,
) -> SelfReferralInput:
    chosen_channel = determined(slots, "preferred_channel")
    chosen_time = determined(slots, "preferred_time")
    return SelfReferralInput(
        channel=channel,
        conversation_id=conversation_id,
        answers=answers(slots),
        story="\n".join(s for s in (slots.get("opening_message"), slots.get("self_story")) if s)
        or None,
        contact_consent=slots.get("contact_consent"),
        share_consent=slots.get("share_consent"),
        preferred_channel=PreferredChannel(chosen_channel) if chosen_channel else None,
        preferred_time=TimeOfDay(chosen_time) if chosen_time else None,
        preferred_time_said=slots.get("preferred_time_said"),
        checkin_consent=slots.get("checkin_consent"),
        phone=address or slots.get("self_phone") or slots.get("callback_phone") or None,
        first_name=slots.get("self_first_name") or None,
        commune_insee=slots.get("commune_insee"),
        commune_said=None if slots.get("commune_insee") else slots.get("commune"),
        complete=complete,
        stop_reason=stop_reason,
        said=dict(slots.get("answers_said") or {}),
        undetermined=undetermined_items(slots),
    )


_WHO_CALLS = {
    IsolationLevel.URGENT: "Un professionnel va vous appeler aujourd'hui",
    IsolationLevel.HIGH: "Un professionnel va vous appeler d'ici {day}",
    IsolationLevel.MEDIUM: (
        "Une personne de notre réseau va vous contacter d'ici {day}, pour vous proposer des "
        "visites ou des appels"
    ),
    IsolationLevel.LOW: "Une personne de notre équipe va vous contacter d'ici {day}",
}


def next_steps(
    referral: SelfReferralInput,
    level: IsolationLevel,
    due_at: datetime | None,
    reference: str,
    timezone: str,
) -> list[str]:
    """What happens now, in plain words; the level itself is never said to the person."""
    lines = ["Merci pour vos réponses."]
    if referral.contact_consent:
        day = wording.day(due_at, timezone) if due_at else "quelques jours"
        sentence = _WHO_CALLS[level].format(day=day)
        if referral.preferred_channel is PreferredChannel.SMS:
            sentence = sentence.replace("vous appeler", "vous contacter")
        if referral.preferred_time not in (None, TimeOfDay.ANY):
            sentence += f", plutôt {wording.TIME_OF_DAY[referral.preferred_time]}"
        lines.append(sentence + ".")
        if referral.checkin_consent and referral.phone:
            lines.append(
                "Nous conviendrons avec vous des jours où nous prendrons de vos nouvelles."
            )
        lines.append(f"Votre demande porte le numéro {reference}.")
    else:
        lines.append("C'est noté : personne ne vous appellera sans votre accord.")
        lines.append("Si vous changez d'avis, il suffit de nous recontacter, à tout moment.")
    return lines


def wants_activities(referral: SelfReferralInput, level: IsolationLevel) -> bool:
    """Whether to tell the person about activities near them right away."""
    return level is IsolationLevel.LOW or Wish.ACTIVITIES in referral.answers.wishes
