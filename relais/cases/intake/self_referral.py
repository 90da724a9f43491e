"""A person speaking of themself: the case with its assessment, and what is kept of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from relais.answers.contact import PreferredChannel, TimeOfDay
from relais.assessment.answers import AssessmentAnswers
from relais.assessment.level import assess
from relais.cases.intake.common import commune_record, decision, open_urgent_case
from relais.cases.models import ActorKind, Case, CaseStatus, Channel, EventKind, IntakeKind, Origin
from relais.cases.service import add_event, due_date
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import record_consent
from relais.db import utcnow
from relais.people.models import Person
from relais.territory.models import Territory
from relais.territory.service import ensure_commune

SELF_CONSENT_WORDING = "self-referral-consent-v1"


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
    checkin_consent: bool | None = None  # regular check-in calls or SMS
    phone: str | None = None
    first_name: str | None = None
    commune_insee: str | None = None
    commune_said: str | None = None
    story: str | None = None
    complete: bool = True
    stop_reason: str | None = None
    said: dict[str, str] = field(default_factory=dict)  # each answer's words, by question
    undetermined: frozenset[str] = frozenset()  # questions whose answer nobody could read


def referral_record(session: Session, referral: SelfReferralInput) -> dict[str, Any]:
    """The self-referral as `Case.collected` keeps it (the assessment goes to
    `Case.assessment`): typed values, rendered in French only when shown."""
    record: dict[str, Any] = {
        "kind": IntakeKind.SELF_REFERRAL.value,
        "story": referral.story,
        "contact_consent": referral.contact_consent,
        "share_consent": referral.share_consent,
        "preferred_channel": referral.preferred_channel.value
        if referral.preferred_channel
        else None,
        "preferred_time": referral.preferred_time.value if referral.preferred_time else None,
        "preferred_time_said": referral.preferred_time_said,
        "checkin_consent": referral.checkin_consent,
        "complete": referral.complete,
        "stop_reason": referral.stop_reason,
        "said": dict(referral.said),
        "undetermined": sorted(referral.undetermined),
        "assessment": referral.answers.as_record(),
    }
    return record | commune_record(session, referral.commune_insee, referral.commune_said)


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
    record = referral_record(session, referral)
    case = open_urgent_case(session, referral.conversation_id)
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
            collected=record,
        )
        session.add(case)
        event = EventKind.CREATED
    else:
        case.collected = (case.collected or {}) | {IntakeKind.SELF_REFERRAL.value: record}
        event = EventKind.SELF_REFERRAL_ADDED
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
    contact = decision(referral.contact_consent)
    record_consent(session, scope=ConsentScope.CONTACT, decision=contact, **common)
    if referral.share_consent is not None:
        share = decision(referral.share_consent)
        record_consent(session, scope=ConsentScope.SHARE_WITH_PARTNER, decision=share, **common)
    if referral.contact_consent and referral.preferred_channel is PreferredChannel.SMS:
        record_consent(session, scope=ConsentScope.SMS, decision=ConsentDecision.GIVEN, **common)
    if referral.contact_consent and referral.checkin_consent is not None:
        checkins = decision(referral.checkin_consent)
        record_consent(session, scope=ConsentScope.CHECKIN_CALLS, decision=checkins, **common)
