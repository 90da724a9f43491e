"""The report flow: a third party tells us about someone.

Questions, in the order DESIGN.md gives: who the reporter is, the commune (address optional),
an approximate age, what they observed, whether there is danger now, whether the person agrees
to be contacted, the reporter's contact and whether they want news back. Then a case and a
short summary read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relais.answers import parse
from relais.cases import wording
from relais.cases.intake import PersonConsent, ReportInput
from relais.cases.models import Channel, ReporterRelation
from relais.flows.common import PHONE_CHANNELS, stop_prefix
from relais.people.models import AgeBand
from relais.people.service import age_band
from relais.territory.models import Territory
from relais.territory.service import resolve_commune

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
    """What the first message already says: "ma voisine de 88 ans, à Guéret, ne sort plus"."""
    slots: dict[str, Any] = {"opening_message": text}
    relation = parse.relation_in_opening(text)
    if relation is not None:
        slots["reporter_relation"] = relation.value
    age = parse.age_in_opening(text)
    if age is not None:
        slots["approximate_age"] = age
        slots["age_band"] = age_band(age).value
    commune = resolve_commune(territory, text).commune
    if commune is not None:
        slots |= {"commune": commune.name, "commune_insee": commune.insee}
    return slots


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
    stopped_because: str | None = None,
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
        stopped_because=stopped_because,
    )


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 3].rstrip() + "..."


def _who_and_where(report: ReportInput, commune: str | None) -> str:
    if report.approximate_age is not None:
        who = f"Une personne d'environ {report.approximate_age} ans"
    elif report.age_band not in (None, AgeBand.UNKNOWN):
        who = f"Une personne de {wording.AGE_BAND[report.age_band]}"
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
