"""Cases created from what people tell the assistant: reports, self-referrals, check-in answers,
emergencies and callback requests.

One conversation is one situation: within the hour, a report or a self-referral that follows a
danger caught in the same conversation completes the urgent case instead of opening another,
and a second callback request adds to the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.answers.contact import PreferredChannel, TimeOfDay
from relais.answers.yes_no import YesNo
from relais.assessment.answers import AssessmentAnswers
from relais.assessment.level import assess
from relais.cases import wording
from relais.cases.models import (
    ActorKind,
    Case,
    CaseStatus,
    Channel,
    IsolationLevel,
    Orientation,
    Origin,
    ReporterRelation,
)
from relais.cases.service import add_event, due_date
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import record_consent
from relais.db import utcnow
from relais.people.models import AgeBand, Person
from relais.people.service import age_band
from relais.phone.numbers import spoken as spoken_phone
from relais.territory.models import Territory
from relais.territory.service import ensure_commune

REPORT_CONSENT_WORDING = "report-person-consent-v1"
REPORTER_CONSENT_WORDING = "report-reporter-contact-v1"
SELF_CONSENT_WORDING = "self-referral-consent-v1"
SAME_SITUATION_WINDOW = timedelta(hours=1)
NOT_DETERMINED_WORDS = "Non déterminé"


class PersonConsent(StrEnum):
    """What a reporter says of the person's agreement to be contacted."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReportInput:
    """What a third party told the assistant about someone.

    `commune_insee` is None when the commune could not be recognised (`commune_said` keeps the
    words); `complete` is False when the conversation stopped before the last question.
    """

    channel: Channel
    commune_insee: str | None
    observation: str
    person_consent: PersonConsent
    conversation_id: str | None = None
    reporter_relation: ReporterRelation | None = None
    reporter_relation_said: str | None = None
    reporter_phone: str | None = None
    reporter_contact_ok: bool | None = None  # None: not asked
    reporter_wants_feedback: bool = False
    first_name: str | None = None
    address: str | None = None
    approximate_age: int | None = None
    age_band: AgeBand | None = None
    danger_now: bool | None = None
    commune_said: str | None = None
    opening: str | None = None
    complete: bool = True
    stopped_because: str | None = None
    collected: dict[str, Any] = field(default_factory=dict)
    said: dict[str, str] = field(default_factory=dict)  # each answer's words, by question


def with_words(reading: str, said: str | None) -> str:
    """A reading with the words it was read from, so that staff see both."""
    if not said or said.casefold() == reading.casefold():
        return reading
    return f"{reading} (« {said} »)"


def _open_urgent_case(session: Session, conversation_id: str | None) -> Case | None:
    """The urgent case opened in this conversation within the hour, if any."""
    if conversation_id is None:
        return None
    return session.scalar(
        select(Case)
        .where(Case.conversation_id == conversation_id)
        .where(Case.isolation_level == IsolationLevel.URGENT)
        .where(Case.status != CaseStatus.CLOSED)
        .where(Case.created_at > utcnow() - SAME_SITUATION_WINDOW)
        .order_by(Case.id.desc())
        .limit(1)
    )


def _commune_words(session: Session, insee: str | None, said: str | None) -> dict[str, str]:
    if insee is None:
        return {"Commune (non reconnue)": said} if said else {}
    record = ensure_commune(session, insee)
    postcode = record.postcodes.split()[0] if record.postcodes else ""
    return {"Commune": f"{record.name} ({postcode})" if postcode else record.name}


def _age_words(report: ReportInput) -> str:
    if report.approximate_age is not None:
        return f"environ {report.approximate_age} ans"
    return wording.AGE_BAND_PHRASE[report.age_band or AgeBand.UNKNOWN]


def describe_report(session: Session, report: ReportInput) -> dict[str, Any]:
    collected: dict[str, Any] = {}
    if report.opening:
        collected["Premier message"] = report.opening
    if report.reporter_relation is not None:
        relation = wording.RELATION[report.reporter_relation]
        if report.reporter_relation is ReporterRelation.OTHER and report.reporter_relation_said:
            relation += f" ({report.reporter_relation_said})"
        collected["Lien avec la personne"] = relation
    collected |= _commune_words(session, report.commune_insee, report.commune_said)
    if report.address is not None:
        collected["Adresse"] = report.address or "Non connue"
    collected["Âge"] = with_words(_age_words(report), report.said.get("age_band"))
    if report.observation:
        collected["Ce qui a été observé"] = report.observation
    if report.danger_now is not None or report.complete:
        danger = wording.yes_no(report.danger_now)
        collected["Danger immédiat"] = with_words(danger, report.said.get("danger_now"))
    consent = wording.YES_NO[YesNo(report.person_consent.value)]
    collected["Accord de la personne (selon le signalant)"] = with_words(
        consent, report.said.get("person_consent")
    )
    if report.reporter_phone:
        collected["Le signalant peut être rappelé"] = (
            f"Oui, au {spoken_phone(report.reporter_phone)}"
        )
    elif report.reporter_contact_ok is False:
        collected["Le signalant peut être rappelé"] = "Non"
    if report.reporter_phone:
        collected["Le signalant souhaite des nouvelles"] = wording.yes_no(
            report.reporter_wants_feedback
        )
    if not report.complete:
        collected["Signalement incomplet"] = report.stopped_because or "Conversation interrompue"
    return collected | report.collected


def create_report_case(session: Session, territory: Territory, report: ReportInput) -> Case:
    """A third party's report. Without the person's own agreement it starts as aller-vers and
    keeps the minimum: no first name. A danger makes it urgent."""
    if report.commune_insee is not None:
        ensure_commune(session, report.commune_insee)
    consented = report.person_consent is PersonConsent.YES
    band = report.age_band or age_band(report.approximate_age)
    person = Person(
        territory_id=territory.id,
        commune_insee=report.commune_insee,
        age_band=band,
        first_name=report.first_name if consented else None,
        address=report.address or None,
    )
    collected = describe_report(session, report)
    case = _open_urgent_case(session, report.conversation_id)
    if case is not None:
        _complete_urgent_case(session, case, report, person, collected)
    else:
        case = _new_report_case(session, territory, report, person, collected)
    _record_report_consents(session, case, person, report)
    return case


def _new_report_case(
    session: Session,
    territory: Territory,
    report: ReportInput,
    person: Person,
    collected: dict[str, Any],
) -> Case:
    consented = report.person_consent is PersonConsent.YES
    level = IsolationLevel.URGENT if report.danger_now else None
    now = utcnow()
    case = Case(
        territory_id=territory.id,
        channel=report.channel,
        origin=Origin.THIRD_PARTY,
        status=CaseStatus.NEW if consented or report.danger_now else CaseStatus.AWAITING_CONTACT,
        person=person,
        commune_insee=report.commune_insee,
        conversation_id=report.conversation_id,
        reporter_relation=report.reporter_relation,
        reporter_phone=report.reporter_phone,
        reporter_wants_feedback=report.reporter_wants_feedback,
        observation=_observation(report),
        danger_now=report.danger_now,
        collected=collected,
        isolation_level=level,
        proposed_orientation=Orientation.EMERGENCY_SERVICES if report.danger_now else None,
        created_at=now,
        due_at=due_date(territory, level, now),
    )
    session.add(case)
    session.flush()
    detail: dict[str, Any] = {"channel": report.channel.value, "origin": Origin.THIRD_PARTY.value}
    if not report.complete:
        detail["incomplete"] = True
    add_event(session, case, "created", actor_kind=ActorKind.ASSISTANT, detail=detail)
    return case


def _observation(report: ReportInput) -> str:
    parts = [p for p in (report.opening, report.observation) if p]
    return "\n".join(dict.fromkeys(parts))


def _complete_urgent_case(
    session: Session, case: Case, report: ReportInput, person: Person, collected: dict[str, Any]
) -> None:
    """The report told after a danger in the same conversation completes the urgent case."""
    session.add(person)
    case.person = person
    case.commune_insee = case.commune_insee or report.commune_insee
    case.reporter_relation = report.reporter_relation
    case.reporter_phone = report.reporter_phone or case.reporter_phone
    case.reporter_wants_feedback = report.reporter_wants_feedback
    case.origin = Origin.THIRD_PARTY
    case.collected = (case.collected or {}) | collected
    case.observation = "\n".join(p for p in (case.observation, _observation(report)) if p)
    session.flush()
    add_event(
        session,
        case,
        "report_added",
        actor_kind=ActorKind.ASSISTANT,
        detail={"channel": report.channel.value, "incomplete": not report.complete},
    )


def _record_report_consents(
    session: Session, case: Case, person: Person, report: ReportInput
) -> None:
    record_consent(
        session,
        subject=ConsentSubject.PERSON,
        source=ConsentSource.THIRD_PARTY,
        scope=ConsentScope.CONTACT,
        decision=_PERSON_CONSENT_DECISION[report.person_consent],
        channel=report.channel,
        wording_version=REPORT_CONSENT_WORDING,
        person_id=person.id,
        case_id=case.id,
    )
    if report.reporter_phone or report.reporter_contact_ok is not None:
        record_consent(
            session,
            subject=ConsentSubject.REPORTER,
            source=ConsentSource.SELF,
            scope=ConsentScope.CONTACT,
            decision=ConsentDecision.GIVEN if report.reporter_phone else ConsentDecision.REFUSED,
            channel=report.channel,
            wording_version=REPORTER_CONSENT_WORDING,
            case_id=case.id,
            phone=report.reporter_phone,
        )
    if report.reporter_phone and report.complete:
        record_consent(
            session,
            subject=ConsentSubject.REPORTER,
            source=ConsentSource.SELF,
            scope=ConsentScope.REPORTER_FEEDBACK,
            decision=_decision(report.reporter_wants_feedback),
            channel=report.channel,
            wording_version=REPORTER_CONSENT_WORDING,
            case_id=case.id,
            phone=report.reporter_phone,
        )


_PERSON_CONSENT_DECISION = {
    PersonConsent.YES: ConsentDecision.GIVEN,
    PersonConsent.NO: ConsentDecision.REFUSED,
    PersonConsent.UNKNOWN: ConsentDecision.UNKNOWN,
}


def _decision(value: bool | None) -> ConsentDecision:
    if value is None:
        return ConsentDecision.UNKNOWN
    return ConsentDecision.GIVEN if value else ConsentDecision.REFUSED


# --- self-referral ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfReferralInput:
    """What a person said of themself, with the assessment's answers."""

    channel: Channel
    answers: AssessmentAnswers
    contact_consent: bool | None
    conversation_id: str | None = None
    share_consent: bool | None = None
    preferred_channel: PreferredChannel | None = None
    preferred_time: TimeOfDay | None = None
    preferred_time_said: str | None = None
    phone: str | None = None
    first_name: str | None = None
    commune_insee: str | None = None
    commune_said: str | None = None
    story: str | None = None
    complete: bool = True
    stopped_because: str | None = None
    said: dict[str, str] = field(default_factory=dict)  # each answer's words, by question
    undetermined: frozenset[str] = frozenset()  # questions whose answer nobody could read


def create_self_referral_case(
    session: Session, territory: Territory, referral: SelfReferralInput
) -> Case:
    """A self-referral with its assessment: level, proposed orientation and due date follow
    from the answers. Without the agreement to be contacted, nothing identifying is kept and
    the case waits (aller-vers) rather than calling the person."""
    if referral.commune_insee is not None:
        ensure_commune(session, referral.commune_insee)
    contact = bool(referral.contact_consent)
    person = Person(
        territory_id=territory.id,
        commune_insee=referral.commune_insee,
        first_name=(referral.first_name or None) if contact else None,
        phone=referral.phone if contact else None,
    )
    session.add(person)
    result = assess(referral.answers)
    collected = describe_self_referral(session, referral)
    case = _open_urgent_case(session, referral.conversation_id)
    now = utcnow()
    if case is None:
        case = Case(
            territory_id=territory.id,
            channel=referral.channel,
            origin=Origin.SELF,
            status=CaseStatus.NEW if contact else CaseStatus.AWAITING_CONTACT,
            isolation_level=result.level,
            proposed_orientation=result.orientation,
            created_at=now,
            due_at=due_date(territory, result.level, now),
            collected=collected,
        )
        session.add(case)
        event = "created"
    else:
        case.collected = (case.collected or {}) | collected
        event = "self_referral_added"
    case.person = person
    case.commune_insee = case.commune_insee or referral.commune_insee
    case.conversation_id = referral.conversation_id
    case.observation = "\n".join(p for p in (case.observation, referral.story) if p) or None
    case.assessment = referral.answers.as_record() | {
        "level": result.level.value,
        "proposed_orientation": result.orientation.value,
        "complete": referral.complete,
    }
    session.flush()
    add_event(
        session,
        case,
        event,
        actor_kind=ActorKind.ASSISTANT,
        detail={
            "channel": referral.channel.value,
            "origin": Origin.SELF.value,
            "level": result.level.value,
            "incomplete": not referral.complete,
        },
    )
    _record_self_consents(session, case, person, referral)
    return case


def describe_self_referral(session: Session, referral: SelfReferralInput) -> dict[str, Any]:
    answers = referral.answers
    collected: dict[str, Any] = {}

    def item(question: str, label: str, reading: str) -> None:
        if question in referral.undetermined:
            reading = NOT_DETERMINED_WORDS
        collected[label] = with_words(reading, referral.said.get(question))

    if referral.story:
        collected["Ce que la personne a confié"] = referral.story
    for network, label in wording.NETWORK.items():
        item(f"network_{network.value}", label, wording.yes_no(network in answers.networks))
    for ucla, label in wording.UCLA.items():
        if ucla in answers.ucla or f"ucla_{ucla.value}" in referral.undetermined:
            reading = wording.FREQUENCY[answers.ucla[ucla]] if ucla in answers.ucla else ""
            item(f"ucla_{ucla.value}", label, reading)
    if answers.ucla_score is not None:
        collected["Score de solitude (UCLA-3, de 3 à 9)"] = answers.ucla_score
    events = [wording.RUPTURE_EVENT[e] for e in sorted(answers.rupture_events)]
    item(
        "rupture_events",
        "Changements récents",
        wording.listing(events).capitalize() if events else "Aucun",
    )
    if answers.caregiving is not None or "caregiving" in referral.undetermined:
        item(
            "caregiving",
            "S'occupe d'un proche malade ou dépendant",
            wording.yes_no(answers.caregiving),
        )
    if answers.health_or_mobility_limits is not None or "health_limits" in referral.undetermined:
        item(
            "health_limits",
            "Santé ou mobilité limitent les sorties",
            wording.yes_no(answers.health_or_mobility_limits),
        )
    helps = [wording.WISH[w] for w in sorted(answers.wishes)]
    item(
        "wishes", "Ce qui aiderait", wording.listing(helps).capitalize() if helps else "Ne sait pas"
    )
    item("contact_consent", "Accepte d'être contacté", wording.yes_no(referral.contact_consent))
    if referral.share_consent is not None:
        item(
            "share_consent",
            "Accepte le partage avec une structure partenaire",
            wording.yes_no(referral.share_consent),
        )
    if referral.preferred_channel is not None:
        collected["Préfère être contacté"] = wording.PREFERRED_CHANNEL[referral.preferred_channel]
    if referral.preferred_time is not None:
        when = wording.TIME_OF_DAY[referral.preferred_time].capitalize()
        if referral.preferred_time_said:
            when += f" (« {referral.preferred_time_said} »)"
        collected["Moment préféré"] = when
    collected |= _commune_words(session, referral.commune_insee, referral.commune_said)
    if not referral.complete:
        collected["Demande incomplète"] = referral.stopped_because or "Conversation interrompue"
    return collected


def _record_self_consents(
    session: Session, case: Case, person: Person, referral: SelfReferralInput
) -> None:
    common: dict[str, Any] = {
        "subject": ConsentSubject.PERSON,
        "source": ConsentSource.SELF,
        "channel": referral.channel,
        "wording_version": SELF_CONSENT_WORDING,
        "person_id": person.id,
        "case_id": case.id,
        "phone": person.phone,
    }
    record_consent(
        session,
        scope=ConsentScope.CONTACT,
        decision=_decision(referral.contact_consent),
        **common,
    )
    if referral.share_consent is not None:
        record_consent(
            session,
            scope=ConsentScope.SHARE_WITH_PARTNER,
            decision=_decision(referral.share_consent),
            **common,
        )
    if referral.contact_consent and referral.preferred_channel is PreferredChannel.SMS:
        record_consent(session, scope=ConsentScope.SMS, decision=ConsentDecision.GIVEN, **common)


# --- check-in --------------------------------------------------------------------------------


def open_checkin_case(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    person_id: int | None,
    phone: str | None,
    answer: str,
    detail: str | None,
) -> Case:
    """A followed person answered "ça ne va pas" to a check-in: staff call them back."""
    now = utcnow()
    person = session.get(Person, person_id) if person_id is not None else None
    collected: dict[str, Any] = {"Réponse à l'appel de suivi": answer}
    if detail:
        collected["Ce qui ne va pas"] = detail
    if phone:
        collected["Téléphone"] = spoken_phone(phone)
    case = Case(
        territory_id=territory.id,
        channel=channel,
        origin=Origin.CHECKIN,
        status=CaseStatus.NEW,
        person=person,
        commune_insee=person.commune_insee if person else None,
        conversation_id=conversation_id,
        observation=detail or answer,
        collected=collected,
        created_at=now,
        due_at=due_date(territory, None, now),
    )
    session.add(case)
    session.flush()
    add_event(
        session,
        case,
        "created",
        actor_kind=ActorKind.ASSISTANT,
        detail={"channel": channel.value, "origin": Origin.CHECKIN.value},
    )
    return case


# --- emergencies -----------------------------------------------------------------------------


def open_danger_case(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    danger_kind: str,
    observation: str,
) -> Case:
    """An urgent case for a danger caught by the safety net; a repeat within the hour in the
    same conversation is added to the open case instead of opening another one."""
    now = utcnow()
    existing = _open_urgent_case(session, conversation_id)
    if existing is not None:
        add_event(session, existing, "danger_repeated", detail={"danger_kind": danger_kind})
        return existing
    case = Case(
        territory_id=territory.id,
        channel=channel,
        origin=Origin.SELF if danger_kind == "suicidal" else Origin.THIRD_PARTY,
        status=CaseStatus.NEW,
        conversation_id=conversation_id,
        observation=observation,
        danger_now=True,
        collected={"danger_kind": danger_kind},
        isolation_level=IsolationLevel.URGENT,
        proposed_orientation=Orientation.EMERGENCY_SERVICES,
        created_at=now,
        due_at=due_date(territory, IsolationLevel.URGENT, now),
    )
    session.add(case)
    add_event(
        session,
        case,
        "created",
        actor_kind=ActorKind.SYSTEM,
        detail={"channel": channel.value, "danger_kind": danger_kind, "by": "safety_net"},
    )
    return case


def add_to_danger_case(
    session: Session,
    conversation_id: str,
    collected: dict[str, Any],
    commune_insee: str | None = None,
) -> Case | None:
    """What a form had gathered when a danger interrupted it, added to the urgent case (the
    commune matters most to the team). None when there is no urgent case to add to."""
    case = _open_urgent_case(session, conversation_id)
    if case is None or not collected:
        return case
    if commune_insee is not None and case.commune_insee is None:
        ensure_commune(session, commune_insee)
        case.commune_insee = commune_insee
    case.collected = (case.collected or {}) | collected
    add_event(session, case, "details_added", actor_kind=ActorKind.ASSISTANT)
    return case


# --- callbacks -------------------------------------------------------------------------------


def open_callback_case(
    session: Session,
    territory: Territory,
    *,
    channel: Channel,
    conversation_id: str | None,
    phone: str | None,
    reason: str,
    recording_url: str | None = None,
    said: str | None = None,
    call_back_from: datetime | None = None,
) -> Case:
    """Someone asked for a human when nobody could answer: a professional calls back. A second
    request in the same conversation adds to the first case (one conversation opens at most
    one callback case)."""
    now = utcnow()
    existing = _open_callback_case(session, conversation_id)
    if existing is not None:
        if phone and not existing.reporter_phone:
            existing.reporter_phone = phone
            existing.collected = existing.collected | {"Téléphone": spoken_phone(phone)}
        add_event(session, existing, "callback_requested_again", detail={"reason": reason})
        return existing
    collected: dict[str, Any] = {"request": "callback", "reason": reason}
    if recording_url:
        collected["recording_url"] = recording_url
    if said:
        collected["Demande"] = said
    if phone:
        collected["Téléphone"] = spoken_phone(phone)
    if call_back_from is not None:
        collected["Rappel à partir de"] = wording.day_and_hour(call_back_from, territory.timezone)
    case = Case(
        territory_id=territory.id,
        channel=channel,
        origin=Origin.SELF,
        status=CaseStatus.NEW,
        conversation_id=conversation_id,
        reporter_phone=phone,
        collected=collected,
        created_at=now,
        due_at=due_date(territory, None, now),
    )
    session.add(case)
    session.flush()
    add_event(
        session, case, "callback_requested", detail={"channel": channel.value, "reason": reason}
    )
    return case


def _open_callback_case(session: Session, conversation_id: str | None) -> Case | None:
    """The conversation's callback case still open: one conversation has one."""
    if conversation_id is None:
        return None
    candidates = session.scalars(
        select(Case)
        .where(Case.conversation_id == conversation_id)
        .where(Case.status != CaseStatus.CLOSED)
        .order_by(Case.id.desc())
    )
    return next((c for c in candidates if (c.collected or {}).get("request") == "callback"), None)
