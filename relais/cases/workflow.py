"""What staff do to a case: take it, qualify, orient, change status, close, merge, log a
contact attempt, record consent obtained by phone, write a note, tell the reporter.

Every action checks the caller's scope and role, validates its input (raising
`WorkflowError` with a French message before anything is changed), writes one timeline event
and one audit entry. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.assessment.level import ORIENTATION_FOR_LEVEL
from relais.audit import service as audit
from relais.cases import wording
from relais.cases.models import (
    ActorKind,
    Case,
    CaseEvent,
    CaseStatus,
    ClosedReason,
    EventKind,
    IsolationLevel,
    Orientation,
)
from relais.cases.scope import Scope, get_case, require_territory_role
from relais.cases.service import add_event, due_date
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import latest_decision, record_consent
from relais.db import utcnow
from relais.directory.models import Structure
from relais.directory.routing import structures_for_orientation
from relais.phone import numbers
from relais.telephony.port import Telephony, TelephonyError
from relais.territory.models import Territory

MAX_TEXT = 4000
REPORTER_FEEDBACK_SMS = "La situation que vous nous avez signalée a été prise en charge. Merci."
PHONE_CONSENT_WORDING = "staff-phone-consent-v1"

# Manual status changes; orienting and closing have their own actions.
MANUAL_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.AWAITING_CONTACT: frozenset({CaseStatus.NEW}),
    CaseStatus.NEW: frozenset({CaseStatus.AWAITING_CONTACT}),
    CaseStatus.QUALIFIED: frozenset({CaseStatus.NEW}),
    CaseStatus.ORIENTED: frozenset({CaseStatus.FOLLOWED, CaseStatus.QUALIFIED}),
    CaseStatus.FOLLOWED: frozenset({CaseStatus.ORIENTED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.NEW, CaseStatus.QUALIFIED, CaseStatus.ORIENTED}),
}
CONTACT_OUTCOMES = frozenset(wording.CONTACT_OUTCOME)
FEEDBACK_STATUSES = frozenset({CaseStatus.ORIENTED, CaseStatus.FOLLOWED, CaseStatus.CLOSED})


class WorkflowError(ValueError):
    """The action cannot be done as asked; the message tells the user why, in French, and
    `field` names the form field it is about (None: the action as a whole)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _text(value: str | None, what: str, field: str, *, required: bool) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise WorkflowError(f"Indiquez {what}.", field)
        return None
    if len(cleaned) > MAX_TEXT:
        raise WorkflowError(
            f"Le texte est trop long ({len(cleaned)} caractères, {MAX_TEXT} au plus).", field
        )
    return cleaned


def _event(
    session: Session,
    scope: Scope,
    case: Case,
    kind: EventKind,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    case.updated_at = utcnow()
    event = add_event(
        session, case, kind, actor_kind=ActorKind.STAFF, actor_id=scope.staff_id, detail=detail
    )
    # The audit keeps the action and field names, never the free text.
    audit.record(
        session,
        action=f"case.{kind}",
        object_type="case",
        object_id=case.id,
        actor_id=scope.staff_id,
        actor_label=scope.actor_label,
        detail={k: v for k, v in (detail or {}).items() if k not in {"text", "reason", "note"}},
    )
    return event


def _open(case: Case) -> None:
    if case.status is CaseStatus.CLOSED:
        raise WorkflowError("Ce dossier est clos : rouvrez-le d'abord (changer le statut).")


def take(session: Session, scope: Scope, case_id: int) -> Case:
    """The caller becomes the case's assignee."""
    case = get_case(session, scope, case_id)
    _open(case)
    if case.assignee_id == scope.staff_id:
        raise WorkflowError("Vous suivez déjà ce dossier.")
    previous = case.assignee_id
    case.assignee_id = scope.staff_id
    _event(session, scope, case, EventKind.TAKEN, {"previous_assignee_id": previous})
    return case


def release(session: Session, scope: Scope, case_id: int) -> Case:
    case = get_case(session, scope, case_id)
    if case.assignee_id is None:
        raise WorkflowError("Ce dossier n'a pas de responsable.")
    case.assignee_id = None
    _event(session, scope, case, EventKind.RELEASED)
    return case


def qualify(
    session: Session,
    scope: Scope,
    case_id: int,
    level: IsolationLevel,
    reason: str | None = None,
) -> Case:
    """Sets the isolation level (a change of the proposed level needs a reason), proposes the
    orientation that follows from it and recomputes the due date."""
    case = get_case(session, scope, case_id)
    _open(case)
    if case.status is CaseStatus.AWAITING_CONTACT:
        raise WorkflowError(
            "La personne n'a pas encore donné son accord : recueillez-le avant de qualifier."
        )
    previous = case.isolation_level
    why = _text(reason, "la raison du changement de niveau", "reason", required=False)
    if previous is not None and previous is not level and why is None:
        raise WorkflowError(
            f"Le niveau proposé était « {wording.LEVEL[previous]} » : indiquez la raison du "
            "changement.",
            "reason",
        )
    case.isolation_level = level
    case.proposed_orientation = ORIENTATION_FOR_LEVEL[level]
    territory = session.get_one(Territory, case.territory_id)
    case.due_at = due_date(territory, level, case.created_at)
    if case.status is CaseStatus.NEW:
        case.status = CaseStatus.QUALIFIED
    detail: dict[str, Any] = {"level": level.value, "previous_level": _value(previous)}
    if why:
        detail["reason"] = why
    _event(session, scope, case, EventKind.QUALIFIED, detail)
    return case


def _value(enum_value: Any) -> str | None:
    return None if enum_value is None else str(enum_value.value)


@dataclass(frozen=True)
class RoutingProposal:
    orientation: Orientation
    structures: list[Structure]


def routing_proposal(
    session: Session, scope: Scope, case: Case, orientation: Orientation | None = None
) -> RoutingProposal | None:
    """The structures covering the case's commune and offering what the orientation needs."""
    wanted = orientation or case.chosen_orientation or case.proposed_orientation
    if wanted is None or case.commune_insee is None:
        return None
    found = structures_for_orientation(session, scope.territory_id, case.commune_insee, wanted)
    return RoutingProposal(wanted, found)


def orient(
    session: Session,
    scope: Scope,
    case_id: int,
    orientation: Orientation,
    structure_id: int | None,
    reason: str | None = None,
) -> Case:
    """Chooses the orientation and the responsible structure. An orientation other than the
    proposed one needs a reason."""
    require_territory_role(scope, "orienter un dossier")
    case = get_case(session, scope, case_id)
    _open(case)
    if case.status is CaseStatus.AWAITING_CONTACT:
        raise WorkflowError(
            "La personne n'a pas encore donné son accord : un dossier aller-vers ne peut pas "
            "être orienté vers une structure."
        )
    why = _text(reason, "la raison", "reason", required=False)
    override = (
        case.proposed_orientation is not None and orientation is not case.proposed_orientation
    )
    if override and why is None:
        proposed = wording.ORIENTATION[case.proposed_orientation]  # type: ignore[index]
        raise WorkflowError(
            f"L'orientation proposée était « {proposed} » : indiquez la raison de votre choix.",
            "reason",
        )
    structure = _structure(session, scope, structure_id, orientation)
    case.chosen_orientation = orientation
    case.orientation_override_reason = why if override else None
    case.structure_id = structure.id if structure else None
    case.status = CaseStatus.ORIENTED
    case.oriented_at = case.oriented_at or utcnow()
    detail: dict[str, Any] = {
        "orientation": orientation.value,
        "structure_id": structure.id if structure else None,
        "structure_name": structure.name if structure else None,
        "override": override,
    }
    if override and why:
        detail["reason"] = why
    _event(session, scope, case, EventKind.ORIENTED, detail)
    return case


def _structure(
    session: Session, scope: Scope, structure_id: int | None, orientation: Orientation
) -> Structure | None:
    if structure_id is None:
        if orientation is Orientation.EMERGENCY_SERVICES:
            return None
        raise WorkflowError(
            "Choisissez la structure qui prendra le dossier en charge.", "structure_id"
        )
    structure = session.get(Structure, structure_id)
    if structure is None or structure.territory_id != scope.territory_id:
        raise WorkflowError("Cette structure n'existe pas dans votre territoire.", "structure_id")
    if not structure.active:
        raise WorkflowError(f"La structure « {structure.name} » est désactivée.", "structure_id")
    return structure


def change_status(
    session: Session, scope: Scope, case_id: int, status: CaseStatus, reason: str | None
) -> Case:
    case = get_case(session, scope, case_id)
    why = _text(reason, "la raison du changement de statut", "reason", required=True)
    if status is case.status:
        raise WorkflowError(
            f"Le dossier est déjà au statut « {wording.STATUS[status]} ».", "status"
        )
    if status not in MANUAL_TRANSITIONS[case.status]:
        allowed = ", ".join(
            f"« {wording.STATUS[s]} »" for s in sorted(MANUAL_TRANSITIONS[case.status])
        )
        raise WorkflowError(
            f"Depuis « {wording.STATUS[case.status]} », le statut peut passer à : {allowed}. "
            "Pour orienter ou clore, utilisez l'action dédiée."
        )
    previous = case.status
    if previous is CaseStatus.CLOSED:
        case.closed_at = None
        case.closed_reason = None
        case.merged_into_id = None
    case.status = status
    kind = EventKind.REOPENED if previous is CaseStatus.CLOSED else EventKind.STATUS_CHANGED
    _event(session, scope, case, kind, {"from": previous.value, "to": status.value, "reason": why})
    return case


def close(
    session: Session, scope: Scope, case_id: int, reason: ClosedReason, note: str | None = None
) -> Case:
    case = get_case(session, scope, case_id)
    _open(case)
    if reason is ClosedReason.DUPLICATE:
        raise WorkflowError("Pour un doublon, utilisez « Fusionner un doublon ».")
    text = _text(note, "un commentaire", "note", required=False)
    case.status = CaseStatus.CLOSED
    case.closed_reason = reason
    case.closed_at = utcnow()
    detail: dict[str, Any] = {"reason_code": reason.value}
    if text:
        detail["note"] = text
    _event(session, scope, case, EventKind.CLOSED, detail)
    return case


def merge(session: Session, scope: Scope, duplicate_id: int, into_id: int) -> Case:
    """Closes `duplicate_id` as a duplicate of `into_id`; both timelines say so. The target
    keeps its own data; the duplicate stays readable, linked to it."""
    require_territory_role(scope, "fusionner des dossiers")
    if duplicate_id == into_id:
        raise WorkflowError("Un dossier ne peut pas être fusionné avec lui-même.", "into")
    duplicate = get_case(session, scope, duplicate_id)
    try:
        target = get_case(session, scope, into_id)
    except LookupError as error:
        raise WorkflowError(
            "Le dossier cible n'existe pas ou ne vous est pas accessible.", "into"
        ) from error
    _open(duplicate)
    if target.status is CaseStatus.CLOSED:
        raise WorkflowError(
            f"Le dossier {target.reference} est clos : choisissez un dossier ouvert.", "into"
        )
    if target.merged_into_id is not None:
        raise WorkflowError(f"Le dossier {target.reference} est lui-même un doublon.", "into")
    duplicate.status = CaseStatus.CLOSED
    duplicate.closed_reason = ClosedReason.DUPLICATE
    duplicate.closed_at = utcnow()
    duplicate.merged_into_id = target.id
    _event(session, scope, duplicate, EventKind.MERGED_INTO, {"case_id": target.id})
    _event(session, scope, target, EventKind.MERGED_FROM, {"case_id": duplicate.id})
    return target


def log_contact_attempt(
    session: Session, scope: Scope, case_id: int, outcome: str, note: str | None = None
) -> Case:
    case = get_case(session, scope, case_id)
    _open(case)
    if outcome not in CONTACT_OUTCOMES:
        raise WorkflowError("Choisissez le résultat de la tentative de contact.", "outcome")
    detail: dict[str, Any] = {"outcome": outcome}
    text = _text(note, "un commentaire", "note", required=False)
    if text:
        detail["note"] = text
    _event(session, scope, case, EventKind.CONTACT_ATTEMPT, detail)
    return case


def record_phone_consent(
    session: Session,
    scope: Scope,
    case_id: int,
    consent_scope: ConsentScope,
    decision: ConsentDecision,
) -> Case:
    """The person told a professional, by phone, what they agree to. Their agreement to be
    contacted turns an aller-vers case into a new case."""
    case = get_case(session, scope, case_id)
    _open(case)
    if decision is ConsentDecision.UNKNOWN:
        raise WorkflowError("Indiquez l'accord, le refus ou le retrait de la personne.", "decision")
    if consent_scope is ConsentScope.REPORTER_FEEDBACK:
        raise WorkflowError("Ce consentement concerne le signalant, pas la personne.")
    record_consent(
        session,
        subject=ConsentSubject.PERSON,
        source=ConsentSource.STAFF,
        scope=consent_scope,
        decision=decision,
        channel="voice",
        wording_version=PHONE_CONSENT_WORDING,
        person_id=case.person_id,
        case_id=case.id,
        recorded_by_id=scope.staff_id,
    )
    detail: dict[str, Any] = {"scope": consent_scope.value, "decision": decision.value}
    agreed_contact = consent_scope is ConsentScope.CONTACT and decision is ConsentDecision.GIVEN
    if agreed_contact and case.status is CaseStatus.AWAITING_CONTACT:
        case.status = CaseStatus.NEW
        detail["status"] = CaseStatus.NEW.value
    _event(session, scope, case, EventKind.CONSENT_BY_PHONE, detail)
    return case


def add_note(session: Session, scope: Scope, case_id: int, text: str) -> Case:
    case = get_case(session, scope, case_id)
    note = _text(text, "le texte de la note", "text", required=True)
    _event(session, scope, case, EventKind.NOTE, {"text": note})
    return case


REPORTER_FEEDBACK_WORDING = "staff-reporter-feedback-v1"


def _phone(raw: str) -> str:
    number = numbers.normalise(raw)
    if number is None:
        raise WorkflowError(f"Numéro de téléphone invalide : « {raw.strip()} ».", "phone")
    return number


def set_reporter_contact(
    session: Session, scope: Scope, case_id: int, phone: str, wants_feedback: bool
) -> Case:
    """The reporter called back or was reached: their number and whether they want news
    (recorded as their own consent, obtained by a professional)."""
    case = get_case(session, scope, case_id)
    number = _phone(phone) if phone.strip() else None
    if wants_feedback and number is None:
        raise WorkflowError(
            "Pour envoyer des nouvelles par SMS, indiquez le numéro du signalant.", "phone"
        )
    case.reporter_phone = number
    case.reporter_wants_feedback = wants_feedback
    record_consent(
        session,
        subject=ConsentSubject.REPORTER,
        source=ConsentSource.STAFF,
        scope=ConsentScope.REPORTER_FEEDBACK,
        decision=ConsentDecision.GIVEN if wants_feedback else ConsentDecision.REFUSED,
        channel="voice",
        wording_version=REPORTER_FEEDBACK_WORDING,
        case_id=case.id,
        phone=number,
        recorded_by_id=scope.staff_id,
    )
    _event(session, scope, case, EventKind.REPORTER_CONTACT, {"wants_feedback": wants_feedback})
    return case


def feedback_refusal(session: Session, case: Case) -> str | None:
    """Why the reporter cannot be sent the feedback SMS now, or None when it can."""
    if not case.reporter_wants_feedback:
        return "Le signalant n'a pas demandé de nouvelles."
    if not case.reporter_phone:
        return "Le signalant n'a pas laissé de numéro de téléphone."
    if case.status not in FEEDBACK_STATUSES:
        return "Le dossier doit d'abord être orienté."
    sent = session.scalar(
        select(CaseEvent.id).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "reporter_feedback_sent"
        )
    )
    if sent is not None:
        return "Le SMS de retour a déjà été envoyé."
    opted_out = latest_decision(session, phone=case.reporter_phone, scope=ConsentScope.SMS)
    if opted_out is ConsentDecision.WITHDRAWN:
        return "Le signalant a demandé à ne plus recevoir de SMS."
    return None


def send_reporter_feedback(
    session: Session, scope: Scope, case_id: int, telephony: Telephony
) -> Case:
    """Sends the fixed feedback SMS (no personal detail) to the reporter who asked for news.
    The SMS is sent before the event is written; the caller commits at once after."""
    case = get_case(session, scope, case_id)
    refusal = feedback_refusal(session, case)
    if refusal is not None:
        raise WorkflowError(refusal)
    assert case.reporter_phone is not None
    try:
        sent = telephony.send_sms(case.reporter_phone, REPORTER_FEEDBACK_SMS)
    except TelephonyError as error:
        raise WorkflowError(
            "Le SMS n'a pas pu être envoyé (opérateur indisponible). Réessayez plus tard."
        ) from error
    _event(session, scope, case, EventKind.REPORTER_FEEDBACK_SENT, {"sms_sid": sent.sid})
    return case
