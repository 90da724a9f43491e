"""The report flow: a third party tells us about someone.

Questions, in the order docs/design.md gives: who the reporter is, the commune (address optional),
an approximate age, what they observed, whether there is danger now, whether the person agrees
to be contacted, the reporter's contact and whether they want news back. Then a case and a
short summary read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from relais.answers import people
from relais.answers.report import (
    address_in_text,
    consent_in_opening,
    no_danger_in_opening,
)
from relais.cases import wording
from relais.cases.intake import PersonConsent, ReportInput, open_danger_case
from relais.cases.models import CaseDanger, Channel, ReporterRelation
from relais.flows.common import PHONE_CHANNELS, stop_prefix
from relais.flows.readers import NOT_DETERMINED
from relais.flows.turn import Turn, Where, responses, said
from relais.language.phrases import word_count
from relais.people.models import AgeBand
from relais.people.service import age_band
from relais.safety.replies import REPORTED_DANGER, emergency_reply
from relais.territory.models import Territory
from relais.territory.service import residence_said, resolve_residence

QUESTIONS = (
    "reporter_relation",
    "commune",
    "address",
    "age_band",
    "observation",
    "danger_now",
    "person_consent",
)
MAX_QUOTE = 160
# A first message this long is a report in itself (a professional's formal text): it is kept
# as what was observed, and not asked for again.
LONG_OPENING_WORDS = 25


def questions(slots: Mapping[str, Any], channel: Channel) -> list[str]:
    """Every question to ask, in order; the reporter's phone number on the web chat, "may we
    call you back on this number?" on SMS and voice, news back only to a reachable reporter."""
    asked = stop_prefix(slots) + list(QUESTIONS)
    if channel in PHONE_CHANNELS:
        asked.append("reporter_callback_ok")
        reachable = slots.get("reporter_callback_ok") is True
    else:
        asked.append("reporter_phone")
        reachable = bool(slots.get("reporter_phone"))
    if reachable:
        asked.append("reporter_wants_feedback")
    return asked


def opening_slots(territory: Territory, text: str) -> dict[str, Any]:
    """What the first message already says: "ma voisine de 88 ans, à Guéret, ne sort plus";
    a social worker's whole report (who she is, the commune, the age, the address, the
    person's agreement, that there is no danger now)."""
    slots: dict[str, Any] = {"opening_message": text} | said_in_passing(territory, text)
    commune = resolve_residence(territory, text)
    if commune is not None:
        slots |= {"commune": commune.name, "commune_insee": commune.insee}
    if word_count(text) >= LONG_OPENING_WORDS:
        slots["observation"] = text.strip()
    return slots


def said_in_passing(territory: Territory, text: str) -> dict[str, Any]:
    """The report's answers a message gives besides the one asked (relation, the commune where
    the person lives, age, address, the person's agreement, no danger now)."""
    slots: dict[str, Any] = {}
    relation = people.relation_in_opening(text)
    if relation is not None:
        slots["reporter_relation"] = relation.value
        if relation is ReporterRelation.SOCIAL_WORKER:
            slots["reporter_relation_said"] = _first_sentence(text)
    age = people.age_in_opening(text)
    if age is not None:
        slots["approximate_age"] = age
        slots["age_band"] = age_band(age).value
    commune = residence_said(territory, text, of_self=False)
    if commune is not None:
        slots |= {"commune": commune.name, "commune_insee": commune.insee}
    address = address_in_text(text)
    if address is not None:
        slots["address"] = address
    consent = consent_in_opening(text)
    if consent is not None:
        slots["person_consent"] = consent.value
    if no_danger_in_opening(text):
        slots["danger_now"] = "no"
    return slots


def _first_sentence(text: str) -> str:
    return _quote(text.replace("!", ".").split(".")[0])


def extract(territory: Territory, text: str) -> dict[str, Any]:
    """What an answer says besides the question asked ("à Guéret, c'est ma tante")."""
    return said_in_passing(territory, text)


def after_answer(
    session: Session, territory: Territory, question: str, slots: Mapping[str, Any], where: Where
) -> Turn:
    """The reporter says the person is in danger now: the emergency numbers at once, and an
    urgent case now (the rest of the report will complete it)."""
    if question != "danger_now" or slots.get("danger_now") != "yes":
        return Turn()
    open_danger_case(
        session,
        territory,
        channel=where.channel,
        conversation_id=where.conversation_id,
        danger=CaseDanger.REPORTED_IN_FORM,
        observation=str(slots.get("observation") or slots.get("opening_message") or ""),
    )
    lines = emergency_reply(REPORTED_DANGER)[1:-1]
    return Turn(say=said(*lines) + responses("utter_danger_reported"))


def worth_keeping(slots: Mapping[str, Any]) -> bool:
    """Whether an unfinished report says enough to be passed on to the team."""
    return bool(slots.get("observation") or slots.get("commune") or slots.get("opening_message"))


def kept(stop_reason: str | None, slots: Mapping[str, Any]) -> bool:
    """Whether the report becomes a case: when finished, or stopped (but for an erasure
    request) once it says enough."""
    if stop_reason == "erase_data":
        return False
    return stop_reason is None or worth_keeping(slots)


def report_input(
    slots: Mapping[str, Any],
    *,
    channel: Channel,
    conversation_id: str | None,
    address: str | None,
    complete: bool = True,
    stop_reason: str | None = None,
) -> ReportInput:
    if channel in PHONE_CHANNELS:
        contact_ok = slots.get("reporter_callback_ok")
        phone = address if contact_ok is True else None
    else:
        phone = slots.get("reporter_phone") or slots.get("callback_phone") or None
        given = slots.get("reporter_phone")
        contact_ok = None if given is None else bool(given)
    danger = slots.get("danger_now")
    age = slots.get("approximate_age")
    relation = slots.get("reporter_relation")
    if relation == NOT_DETERMINED:
        relation = ReporterRelation.OTHER.value
    return ReportInput(
        channel=channel,
        conversation_id=conversation_id,
        commune_insee=slots.get("commune_insee"),
        commune_said=None if slots.get("commune_insee") else slots.get("commune"),
        observation=str(slots.get("observation") or ""),
        opening=slots.get("opening_message"),
        person_consent=PersonConsent(slots.get("person_consent") or PersonConsent.UNKNOWN),
        reporter_relation=ReporterRelation(relation) if relation else None,
        reporter_relation_said=slots.get("reporter_relation_said"),
        reporter_phone=phone,
        reporter_contact_ok=contact_ok,
        reporter_wants_feedback=slots.get("reporter_wants_feedback") is True,
        address=slots.get("address"),
        approximate_age=int(age) if age is not None else None,
        age_band=AgeBand(slots["age_band"]) if slots.get("age_band") else None,
        danger_now={"yes": True, "no": False}.get(danger) if danger else None,
        complete=complete,
        stop_reason=stop_reason,
        said=dict(slots.get("answers_said") or {}),
    )


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 3].rstrip() + "..."


def _who_and_where(report: ReportInput, commune: str | None) -> str:
    if report.approximate_age is not None:
        who = f"Une personne d'environ {report.approximate_age} ans"
    elif report.age_band not in (None, AgeBand.UNKNOWN):
        who = f"Une personne de {wording.AGE_BAND_PHRASE[report.age_band]}"
    else:
        who = "Une personne"
    return f"{who}, à {commune}." if commune else f"{who}."


_CONSENT_LINES = {
    PersonConsent.YES: "Elle est d'accord pour que nous la contactions.",
    PersonConsent.NO: (
        "Elle ne souhaite pas être contactée : nous irons vers elle avec délicatesse, "
        "sans rien lui imposer."
    ),
    PersonConsent.UNKNOWN: (
        "Elle n'est peut-être pas au courant : nous irons vers elle avec délicatesse, "
        "sans rien lui imposer."
    ),
}


def summary(report: ReportInput, commune: str | None, reference: str) -> list[str]:
    """What is read back once the case exists: one idea per message."""
    lines = ["Voici ce que j'ai noté.", _who_and_where(report, commune)]
    noticed = report.observation or report.opening
    if noticed:
        # Straight quotes: « » are not in the SMS alphabet (GSM 03.38) and would cost segments.
        lines.append(f'Vous avez remarqué : "{_quote(noticed)}".')
    if report.danger_now:
        lines.append("Vous pensez qu'elle est en danger : notre équipe s'en occupe en urgence.")
    lines.append(_CONSENT_LINES[report.person_consent])
    lines.append(f"Votre signalement porte le numéro {reference}.")
    if report.reporter_wants_feedback:
        lines.append("Nous vous enverrons un message quand la situation sera prise en charge.")
    lines.append("Merci pour elle.")
    return lines
