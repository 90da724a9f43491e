"""Setting up, pausing, resuming and stopping a follow-up.

Every action validates its whole input first (raising `FollowUpError` with a French message
before anything is written), writes one line in the person's case timeline and one audit entry,
and plans the next call. The caller commits.

Who may act: coordinators and admins on any follow-up of their territory; a partner on the
follow-ups of its own structure (and it sets them up on the cases oriented to it). `scope`
None is the command line, acting for the whole territory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relais.audit import service as audit
from relais.cases.models import ActorKind, Case, CaseStatus, Channel, EventKind, IntakeKind, Origin
from relais.cases.scope import CaseNotFound, Scope, get_case
from relais.cases.service import add_event
from relais.consent.models import (
    ConsentDecision,
    ConsentRecord,
    ConsentScope,
    ConsentSource,
    ConsentSubject,
)
from relais.consent.service import record_consent
from relais.db import utcnow
from relais.directory.models import Structure
from relais.followups import planning
from relais.followups.models import (
    FollowUp,
    FollowUpChannel,
    FollowUpStatus,
    PauseReason,
    StopReason,
)
from relais.followups.schedule import WEEKDAYS
from relais.people.models import Person
from relais.phone import numbers
from relais.staff.models import Role, StaffUser
from relais.territory.models import Territory
from relais.territory.service import ensure_commune

PHONE_CONSENT_WORDING = "followup-phone-consent-v1"
MAX_NOTE = 1000
MAX_NAME = 100
SMS_CHANNELS = frozenset({FollowUpChannel.SMS, FollowUpChannel.CALL_SMS})


class FollowUpError(ValueError):
    """The follow-up cannot be set up or changed as asked; the message says why, in French,
    and `field` names the form field it is about (None: the form as a whole)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class FollowUpNotFound(LookupError):
    def __init__(self) -> None:
        super().__init__("Ce suivi n'existe pas ou ne vous est pas accessible.")


@dataclass(frozen=True)
class FollowUpRequest:
    """What staff (or a script) ask for; validated by `enrol`."""

    phone: str
    days: frozenset[int]
    at: time
    channel: FollowUpChannel = FollowUpChannel.CALL
    first_name: str | None = None
    starts_on: date | None = None  # today when not given
    ends_on: date | None = None
    structure_id: int | None = None
    referent_id: int | None = None
    consent_by_phone: bool = False  # the person agreed, by phone, with the professional
    case_id: int | None = None
    commune_insee: str | None = None


def followup_filter(scope: Scope | None, territory_id: int) -> ColumnElement[bool]:
    """The follow-ups the caller may see: like cases, a partner sees its structure's only."""
    if scope is None or scope.territory_wide:
        return FollowUp.territory_id == (scope.territory_id if scope else territory_id)
    if scope.role is Role.PARTNER and scope.structure_id is not None:
        return and_(
            FollowUp.territory_id == scope.territory_id,
            FollowUp.structure_id == scope.structure_id,
        )
    return false()


def get_followup(
    session: Session, scope: Scope | None, territory_id: int, followup_id: int
) -> FollowUp:
    found = session.scalar(
        select(FollowUp).where(FollowUp.id == followup_id, followup_filter(scope, territory_id))
    )
    if found is None:
        raise FollowUpNotFound()
    return found


def open_followup_for_phone(session: Session, territory_id: int, phone: str) -> FollowUp | None:
    return session.scalar(
        select(FollowUp).where(
            FollowUp.territory_id == territory_id,
            FollowUp.phone == phone,
            FollowUp.status != FollowUpStatus.STOPPED,
        )
    )


# --- validation -----------------------------------------------------------------------------


def _phone(raw: str) -> str:
    number = numbers.normalise(raw) if raw.strip() else None
    if number is None:
        shown = raw.strip() or "(vide)"
        raise FollowUpError(f"Numéro de téléphone invalide : « {shown[:40]} ».", "phone")
    return number


def _name(raw: str | None) -> str | None:
    name = (raw or "").strip()
    if len(name) > MAX_NAME:
        raise FollowUpError(f"Le prénom est trop long ({MAX_NAME} caractères au plus).")
    return name or None


def _note(raw: str | None) -> str | None:
    note = (raw or "").strip()
    if len(note) > MAX_NOTE:
        raise FollowUpError(f"Le texte est trop long ({len(note)} caractères, {MAX_NOTE} au plus).")
    return note or None


def check_schedule(
    territory: Territory, days: frozenset[int], at: time, starts_on: date, ends_on: date | None
) -> None:
    if not days:
        raise FollowUpError("Choisissez au moins un jour d'appel.", "days")
    opens, closes = planning.territory_hours(territory)
    if not opens <= at < closes:
        raise FollowUpError(
            f"L'heure d'appel doit être comprise entre {opens:%H:%M} et {closes:%H:%M} "
            "(heures d'appel du territoire).",
            "at",
        )
    if ends_on is not None and ends_on < starts_on:
        raise FollowUpError("La date de fin doit être après la date de début.", "ends_on")


def _structure(
    session: Session, scope: Scope | None, territory: Territory, structure_id: int | None
) -> int | None:
    if scope is not None and not scope.territory_wide:
        if structure_id not in (None, scope.structure_id):
            raise FollowUpError("Un partenaire ne peut désigner que sa propre structure.")
        return scope.structure_id
    if structure_id is None:
        return None
    structure = session.get(Structure, structure_id)
    if structure is None or structure.territory_id != territory.id:
        raise FollowUpError("Cette structure n'existe pas dans votre territoire.")
    if not structure.active:
        raise FollowUpError(f"La structure « {structure.name} » est désactivée.")
    return structure.id


def _referent(
    session: Session, territory: Territory, referent_id: int | None, structure_id: int | None
) -> int | None:
    if referent_id is None:
        return None
    user = session.get(StaffUser, referent_id)
    if user is None or user.territory_id != territory.id or not user.active:
        raise FollowUpError("Ce professionnel n'existe pas dans votre territoire.")
    if user.role is Role.VIEWER:
        raise FollowUpError("Un compte « statistiques » ne peut pas être référent d'un suivi.")
    if structure_id is not None and user.structure_id not in (None, structure_id):
        raise FollowUpError("Ce professionnel n'appartient pas à la structure référente.")
    return user.id


def consent_holds(
    session: Session, person_id: int | None, phone: str, scope: ConsentScope
) -> ConsentRecord | None:
    """The record of the person's agreement when the latest decision (by person or by number)
    for this scope is an agreement."""
    subject = ConsentRecord.phone == phone
    if person_id is not None:
        subject = or_(subject, ConsentRecord.person_id == person_id)
    latest = session.scalar(
        select(ConsentRecord)
        .where(subject, ConsentRecord.scope == scope)
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        .limit(1)
    )
    return latest if latest and latest.decision is ConsentDecision.GIVEN else None


def _scopes(channel: FollowUpChannel) -> list[ConsentScope]:
    scopes = [ConsentScope.CHECKIN_CALLS]
    return [*scopes, ConsentScope.SMS] if channel in SMS_CHANNELS else scopes


def _check_consent(
    session: Session, person_id: int | None, phone: str, channel: FollowUpChannel
) -> None:
    if consent_holds(session, person_id, phone, ConsentScope.CHECKIN_CALLS) is None:
        raise FollowUpError(
            "La personne n'a pas donné son accord pour être appelée régulièrement : recueillez "
            "son accord (par téléphone) avant de mettre en place le suivi.",
            "consent_by_phone",
        )
    if (
        channel in SMS_CHANNELS
        and consent_holds(session, person_id, phone, ConsentScope.SMS) is None
    ):
        raise FollowUpError(
            "La personne n'a pas donné son accord pour recevoir des SMS : recueillez-le, ou "
            "choisissez les appels seuls."
        )


# --- the person and the case ------------------------------------------------------------------


def _case(
    session: Session, scope: Scope | None, territory: Territory, case_id: int | None
) -> Case | None:
    if case_id is None:
        if scope is not None and not scope.territory_wide:
            raise FollowUpError("Un partenaire met en place un suivi depuis un dossier.")
        return None
    try:
        if scope is not None:
            return get_case(session, scope, case_id)
        case = session.get(Case, case_id)
        if case is None or case.territory_id != territory.id:
            raise CaseNotFound()
        return case
    except CaseNotFound as error:
        raise FollowUpError(str(error)) from error


def _known_case(session: Session, territory: Territory, phone: str) -> Case | None:
    """The latest case of the person known at this number, to keep one timeline."""
    return session.scalar(
        select(Case)
        .join(Person, Person.id == Case.person_id)
        .where(Case.territory_id == territory.id, Person.phone == phone)
        .where(Person.anonymised_at.is_(None), Case.merged_into_id.is_(None))
        .order_by(Case.id.desc())
        .limit(1)
    )


def _new_case(
    session: Session, territory: Territory, phone: str, first_name: str | None, insee: str | None
) -> Case:
    if insee is not None:
        ensure_commune(session, insee)
    person = Person(territory_id=territory.id, phone=phone, first_name=first_name)
    person.commune_insee = insee
    now = utcnow()
    case = Case(
        territory_id=territory.id,
        channel=Channel.STAFF,
        origin=Origin.SELF,
        status=CaseStatus.FOLLOWED,
        person=person,
        commune_insee=insee,
        collected={"kind": IntakeKind.FOLLOWUP.value},
        created_at=now,
    )
    session.add(case)
    session.flush()
    add_event(session, case, EventKind.CREATED, detail={"channel": Channel.STAFF.value})
    return case


def _person(session: Session, case: Case, phone: str, first_name: str | None) -> Person:
    person = case.person
    if person is None:
        person = Person(territory_id=case.territory_id, commune_insee=case.commune_insee)
        case.person = person
    person.phone = person.phone or phone
    person.first_name = person.first_name or first_name
    session.flush()
    return person


# --- actions ------------------------------------------------------------------------------------


def _actor(scope: Scope | None) -> dict[str, Any]:
    if scope is None:
        return {"actor_id": None, "actor_label": "cli"}
    return {"actor_id": scope.staff_id, "actor_label": scope.actor_label}


def _event(
    session: Session,
    scope: Scope | None,
    followup: FollowUp,
    kind: EventKind,
    detail: dict[str, Any] | None = None,
) -> None:
    case = session.get_one(Case, followup.case_id)
    line = {"followup_id": followup.id} | (detail or {})
    add_event(
        session,
        case,
        kind,
        actor_kind=ActorKind.STAFF if scope else ActorKind.SYSTEM,
        actor_id=scope.staff_id if scope else None,
        detail=line,
    )
    audit.record(
        session,
        action=f"followup.{kind.value}",
        object_type="followup",
        object_id=followup.id,
        detail={k: v for k, v in line.items() if k != "note"},
        **_actor(scope),
    )


def _schedule_detail(followup: FollowUp) -> dict[str, Any]:
    return {
        "days": list(followup.days),
        "at": followup.at_time,
        "calls_by": followup.channel.value,
        "structure_id": followup.structure_id,
        "referent_id": followup.referent_id,
        "starts_on": followup.starts_on.isoformat(),
        "ends_on": followup.ends_on.isoformat() if followup.ends_on else None,
    }


def enrol(
    session: Session,
    territory: Territory,
    scope: Scope | None,
    request: FollowUpRequest,
    now: datetime,
) -> FollowUp:
    """A follow-up set up and its first call planned."""
    today = planning.local_date(territory, now)
    starts_on = request.starts_on or today
    check_schedule(territory, request.days, request.at, starts_on, request.ends_on)
    if starts_on < today:
        raise FollowUpError("La date de début est déjà passée.", "starts_on")
    phone = _phone(request.phone)
    first_name = _name(request.first_name)
    structure_id = _structure(session, scope, territory, request.structure_id)
    referent_id = _referent(session, territory, request.referent_id, structure_id)
    case = _case(session, scope, territory, request.case_id)
    if case is None:
        case = _known_case(session, territory, phone)
    if open_followup_for_phone(session, territory.id, phone) is not None:
        raise FollowUpError("Un suivi existe déjà pour ce numéro : modifiez-le plutôt.")
    if not request.consent_by_phone:
        _check_consent(session, case.person_id if case else None, phone, request.channel)
    with session.begin_nested():
        if case is None:
            case = _new_case(session, territory, phone, first_name, request.commune_insee)
        person = _person(session, case, phone, first_name)
        consent = _consent(session, scope, case, person, phone, request)
        followup = FollowUp(
            territory_id=territory.id,
            person_id=person.id,
            case_id=case.id,
            phone=phone,
            days=[WEEKDAYS[d] for d in sorted(request.days)],
            at_time=f"{request.at:%H:%M}",
            channel=request.channel,
            structure_id=structure_id,
            referent_id=referent_id,
            starts_on=starts_on,
            ends_on=request.ends_on,
            status=FollowUpStatus.ACTIVE,
            consent_id=consent.id if consent else None,
            created_by_id=scope.staff_id if scope else None,
        )
        session.add(followup)
        _flush_or_duplicate(session)
    _event(session, scope, followup, EventKind.FOLLOWUP_STARTED, _schedule_detail(followup))
    planning.plan_next(session, territory, followup, now)
    return followup


def _flush_or_duplicate(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        raise FollowUpError("Un suivi existe déjà pour ce numéro : modifiez-le plutôt.") from error


def _consent(
    session: Session,
    scope: Scope | None,
    case: Case,
    person: Person,
    phone: str,
    request: FollowUpRequest,
) -> ConsentRecord | None:
    if not request.consent_by_phone:
        return consent_holds(session, person.id, phone, ConsentScope.CHECKIN_CALLS)
    records = [
        record_consent(
            session,
            subject=ConsentSubject.PERSON,
            source=ConsentSource.STAFF,
            scope=consent_scope,
            decision=ConsentDecision.GIVEN,
            channel=Channel.VOICE.value,
            wording_version=PHONE_CONSENT_WORDING,
            person_id=person.id,
            case_id=case.id,
            phone=phone,
            recorded_by_id=scope.staff_id if scope else None,
        )
        for consent_scope in _scopes(request.channel)
    ]
    session.flush()
    return records[0]


def confirm(
    session: Session, territory: Territory, scope: Scope | None, followup_id: int, now: datetime
) -> FollowUp:
    """A follow-up the person asked for (self-referral) confirmed by staff: calls start."""
    followup = get_followup(session, scope, territory.id, followup_id)
    if followup.status is not FollowUpStatus.PROPOSED:
        raise FollowUpError("Ce suivi n'est pas en attente de confirmation.")
    if followup.phone is None:
        raise FollowUpError("Ce suivi n'a plus de numéro de téléphone.")
    _check_consent(session, followup.person_id, followup.phone, followup.channel)
    today = planning.local_date(territory, now)
    followup.starts_on = max(followup.starts_on, today)
    followup.status = FollowUpStatus.ACTIVE
    _event(session, scope, followup, EventKind.FOLLOWUP_STARTED, _schedule_detail(followup))
    planning.plan_next(session, territory, followup, now)
    return followup


def change(
    session: Session,
    territory: Territory,
    scope: Scope | None,
    followup_id: int,
    request: FollowUpRequest,
    now: datetime,
) -> FollowUp:
    """New days, time, channel, dates or referent: the planned call is planned again."""
    followup = get_followup(session, scope, territory.id, followup_id)
    if followup.status is FollowUpStatus.STOPPED:
        raise FollowUpError("Ce suivi est arrêté : mettez-en un nouveau en place.")
    starts_on = request.starts_on or followup.starts_on
    check_schedule(territory, request.days, request.at, starts_on, request.ends_on)
    structure_id = _structure(session, scope, territory, request.structure_id)
    referent_id = _referent(session, territory, request.referent_id, structure_id)
    if request.channel in SMS_CHANNELS and followup.phone:
        _check_consent(session, followup.person_id, followup.phone, request.channel)
    followup.days = [WEEKDAYS[d] for d in sorted(request.days)]
    followup.at_time = f"{request.at:%H:%M}"
    followup.channel = request.channel
    followup.starts_on, followup.ends_on = starts_on, request.ends_on
    followup.structure_id, followup.referent_id = structure_id, referent_id
    return _rescheduled(
        session,
        territory,
        scope,
        followup,
        EventKind.FOLLOWUP_STARTED,
        _schedule_detail(followup),
        now,
    )


def _rescheduled(
    session: Session,
    territory: Territory,
    scope: Scope | None,
    followup: FollowUp,
    kind: EventKind,
    detail: dict[str, Any] | None,
    now: datetime,
) -> FollowUp:
    """A change of schedule, in the timeline; the planned call is planned again."""
    _event(session, scope, followup, kind, detail)
    if followup.status is FollowUpStatus.ACTIVE:
        planning.replan(session, territory, followup, now)
    return followup


def pause(
    session: Session,
    territory: Territory,
    scope: Scope | None,
    followup_id: int,
    *,
    from_day: date,
    until_day: date | None,
    reason: PauseReason,
    note: str | None,
    now: datetime,
) -> FollowUp:
    """No calls from `from_day` to `until_day` (included; None: until resumed)."""
    followup = get_followup(session, scope, territory.id, followup_id)
    if followup.status is FollowUpStatus.STOPPED:
        raise FollowUpError("Ce suivi est arrêté.")
    if until_day is not None and until_day < from_day:
        raise FollowUpError("La fin de la pause doit être après son début.", "until_day")
    if from_day < planning.local_date(territory, now):
        raise FollowUpError("La pause ne peut pas commencer dans le passé.", "from_day")
    followup.paused_from, followup.paused_until = from_day, until_day
    followup.pause_reason, followup.note = reason, _note(note)
    detail = {
        "from": from_day.isoformat(),
        "until": until_day.isoformat() if until_day else None,
        "reason": reason.value,
        "note": followup.note,
    }
    return _rescheduled(session, territory, scope, followup, EventKind.FOLLOWUP_PAUSED, detail, now)


def resume(
    session: Session, territory: Territory, scope: Scope | None, followup_id: int, now: datetime
) -> FollowUp:
    followup = get_followup(session, scope, territory.id, followup_id)
    if followup.paused_from is None:
        raise FollowUpError("Ce suivi n'est pas en pause.")
    if followup.status is FollowUpStatus.STOPPED:
        raise FollowUpError("Ce suivi est arrêté.")
    followup.paused_from = followup.paused_until = followup.pause_reason = None
    return _rescheduled(session, territory, scope, followup, EventKind.FOLLOWUP_RESUMED, None, now)


def stop(
    session: Session,
    territory: Territory,
    scope: Scope | None,
    followup_id: int,
    *,
    reason: StopReason,
    note: str | None,
) -> FollowUp:
    followup = get_followup(session, scope, territory.id, followup_id)
    if followup.status is FollowUpStatus.STOPPED:
        raise FollowUpError("Ce suivi est déjà arrêté.")
    if reason in (StopReason.OPT_OUT, StopReason.ERASURE, StopReason.ENDED):
        raise FollowUpError("Ce motif est enregistré par Relais lui-même, pas à la main.")
    _stop(session, followup, reason, _note(note))
    detail = {"reason": reason.value, "note": followup.note}
    _event(session, scope, followup, EventKind.FOLLOWUP_STOPPED, detail)
    return followup


def _stop(session: Session, followup: FollowUp, reason: StopReason, note: str | None) -> None:
    followup.status = FollowUpStatus.STOPPED
    followup.stop_reason, followup.stopped_at = reason, utcnow()
    followup.note = note if note is not None else followup.note
    planning.cancel_planned(session, followup)


def stop_for_phone(
    session: Session, territory_id: int, phone: str | None, reason: StopReason
) -> list[FollowUp]:
    """An opt-out or an erasure request, from any channel: the number's follow-ups stop at
    once, and no call planned for them is placed."""
    if not phone:
        return []
    found = session.scalars(
        select(FollowUp).where(
            FollowUp.territory_id == territory_id,
            FollowUp.phone == phone,
            FollowUp.status != FollowUpStatus.STOPPED,
        )
    )
    stopped = []
    for followup in found:
        _stop(session, followup, reason, None)
        _event(session, None, followup, EventKind.FOLLOWUP_STOPPED, {"reason": reason.value})
        stopped.append(followup)
    return stopped


def stop_for_person(session: Session, person_id: int, reason: StopReason) -> None:
    """The person's data erased: their follow-ups stop and forget the number."""
    for followup in session.scalars(select(FollowUp).where(FollowUp.person_id == person_id)):
        if followup.status is not FollowUpStatus.STOPPED:
            _stop(session, followup, reason, None)
        followup.phone = None
        followup.note = None


# --- proposed by the person -------------------------------------------------------------------

# What staff find proposed, to change before confirming: two calls a week, at the time of day
# the person chose.
PROPOSED_DAYS = ("mon", "thu")
PROPOSED_TIME = {"morning": time(10), "afternoon": time(15), "evening": time(17, 30)}


def propose(
    session: Session,
    territory: Territory,
    case: Case,
    *,
    preferred_channel: str | None,
    preferred_time: str | None,
    now: datetime,
) -> FollowUp | None:
    """The person accepted check-in calls (self-referral, consent recorded): a proposed
    follow-up that staff confirm in one click. None without a number, or when one exists."""
    person = case.person
    if person is None or person.phone is None:
        return None
    if open_followup_for_phone(session, territory.id, person.phone) is not None:
        return None
    opens, closes = planning.territory_hours(territory)
    at = PROPOSED_TIME.get(preferred_time or "", time(10))
    at = at if opens <= at < closes else opens
    sms = preferred_channel == FollowUpChannel.SMS.value
    consent = consent_holds(session, person.id, person.phone, ConsentScope.CHECKIN_CALLS)
    followup = FollowUp(
        territory_id=territory.id,
        person_id=person.id,
        case_id=case.id,
        phone=person.phone,
        days=list(PROPOSED_DAYS),
        at_time=f"{at:%H:%M}",
        channel=FollowUpChannel.SMS if sms else FollowUpChannel.CALL,
        structure_id=case.structure_id,
        starts_on=planning.local_date(territory, now),
        status=FollowUpStatus.PROPOSED,
        consent_id=consent.id if consent else None,
    )
    try:
        with session.begin_nested():
            session.add(followup)
            session.flush()
    except IntegrityError:
        return None  # proposed at the same moment by another conversation
    add_event(
        session,
        case,
        EventKind.FOLLOWUP_PROPOSED,
        actor_kind=ActorKind.ASSISTANT,
        detail={"followup_id": followup.id} | _schedule_detail(followup),
    )
    return followup
