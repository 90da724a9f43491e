"""Erasure ("supprimez mes données") and opt-out tasks, and anonymising a case.

Anonymising keeps what statistics need (territory, commune, channel, origin, level, status,
orientation, structure, dates) and removes what identifies someone: names, address, phone
numbers, the words of the conversation, free text in the case and its timeline.

An erasure request comes from a phone number. The cases where that number is the concerned
person's are anonymised. Where it is only the reporter's, the reporter's data (number,
messages) is removed and the case about the person stays workable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from relais.audit import service as audit
from relais.cases.models import ActorKind, Case, CaseEvent, EventKind, Origin
from relais.cases.scope import Scope, get_case, require_territory_role, scoped_cases
from relais.consent.models import ConsentRecord
from relais.conversation.models import Conversation, InboxMessage, OutboundMessage
from relais.db import utcnow
from relais.followups.enrolment import stop_for_person
from relais.followups.models import StopReason
from relais.people.models import Person
from relais.phone.models import SmsSender
from relais.tasks import service as tasks
from relais.tasks.models import StaffTask, TaskKind, TaskStatus
from relais.tasks.service import complete_task

ERASED = "[effacé]"
FREE_TEXT_KEYS = ("text", "note", "reason")


class TaskError(ValueError):
    """The task cannot be completed as asked; French message."""


def _erase_conversation(session: Session, conversation_id: str | None) -> None:
    if conversation_id is None:
        return
    session.execute(
        update(InboxMessage)
        .where(InboxMessage.conversation_id == conversation_id)
        .values(text=ERASED)
    )
    session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.conversation_id == conversation_id)
        .values(text=ERASED, buttons=[])
    )
    session.execute(
        update(Conversation).where(Conversation.id == conversation_id).values(address=None)
    )
    # The SMS channel's row for the number (its state: rate limit, outage, STOP) goes too.
    session.execute(delete(SmsSender).where(SmsSender.conversation_id == conversation_id))


def _erase_person(person: Person) -> None:
    person.first_name = None
    person.last_name = None
    person.address = None
    person.phone = None
    person.anonymised_at = utcnow()


def _erase_events(session: Session, case: Case) -> None:
    for event in session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)):
        if any(key in event.detail for key in FREE_TEXT_KEYS):
            event.detail = {k: v for k, v in event.detail.items() if k not in FREE_TEXT_KEYS}


def _erase_reporter(session: Session, case: Case) -> None:
    case.reporter_phone = None
    case.reporter_wants_feedback = False
    _erase_conversation(session, case.conversation_id)


def anonymise(session: Session, scope: Scope, case: Case) -> None:
    """Removes everything identifying from the case, its person, its conversation and its
    timeline; the statistics fields stay."""
    require_territory_role(scope, "anonymiser un dossier")
    if case.person_id is not None:
        person = session.get(Person, case.person_id)
        if person is not None:
            _erase_person(person)
            stop_for_person(session, person.id, StopReason.ERASURE)
    _erase_reporter(session, case)
    case.observation = None
    case.collected = {}
    case.assessment = None
    case.orientation_override_reason = None
    case.anonymised_at = utcnow()
    _erase_events(session, case)
    session.execute(
        update(ConsentRecord).where(ConsentRecord.case_id == case.id).values(phone=None)
    )
    session.add(
        CaseEvent(
            case=case,
            kind=EventKind.ANONYMISED,
            actor_kind=ActorKind.STAFF,
            actor_id=scope.staff_id,
        )
    )
    audit.record(
        session,
        action="case.anonymise",
        object_type="case",
        object_id=case.id,
        actor_id=scope.staff_id,
        actor_label=scope.actor_label,
    )


def anonymise_case(session: Session, scope: Scope, case_id: int) -> Case:
    case = get_case(session, scope, case_id)
    anonymise(session, scope, case)
    return case


def open_tasks(session: Session, scope: Scope) -> list[StaffTask]:
    """Open erasure requests and opt-outs of the territory (coordinators and admins)."""
    if not scope.territory_wide:
        return []
    return tasks.open_tasks(session, scope.territory_id)


def _task(session: Session, scope: Scope, task_id: int) -> StaffTask:
    require_territory_role(scope, "traiter les demandes d'effacement et d'opposition")
    task = session.get(StaffTask, task_id)
    if task is None or task.territory_id != scope.territory_id:
        raise TaskError("Cette tâche n'existe pas.")
    if task.status is TaskStatus.DONE:
        raise TaskError("Cette tâche est déjà traitée.")
    return task


@dataclass(frozen=True)
class ErasureOutcome:
    anonymised: int  # cases about the requester
    reporter_erased: int  # cases the requester reported about someone else


def _cases_of(session: Session, scope: Scope, task: StaffTask) -> list[Case]:
    conditions: list[Any] = []
    if task.phone:
        conditions += [
            Case.reporter_phone == task.phone,
            Case.person_id.in_(select(Person.id).where(Person.phone == task.phone)),
            Case.conversation_id.in_(
                select(Conversation.id).where(Conversation.address == task.phone)
            ),
        ]
    if task.case_id is not None:
        conditions.append(Case.id == task.case_id)
    if task.person_id is not None:
        conditions.append(Case.person_id == task.person_id)
    if task.conversation_id is not None:
        conditions.append(Case.conversation_id == task.conversation_id)
    if not conditions:
        return []
    return list(session.scalars(scoped_cases(scope).where(or_(*conditions))))


def _is_about_requester(session: Session, case: Case, task: StaffTask) -> bool:
    if case.origin is not Origin.THIRD_PARTY:
        return True  # a self-referral, a check-in, a callback: the person is the requester
    person = session.get(Person, case.person_id) if case.person_id else None
    same_person = task.person_id is not None and task.person_id == case.person_id
    return same_person or (
        person is not None and task.phone is not None and person.phone == task.phone
    )


def apply_erasure(session: Session, scope: Scope, task_id: int) -> ErasureOutcome:
    """Applies an erasure request and completes its task."""
    task = _task(session, scope, task_id)
    if task.kind is not TaskKind.ERASURE_REQUEST:
        raise TaskError("Cette tâche n'est pas une demande d'effacement.")
    anonymised = reporter = 0
    for case in _cases_of(session, scope, task):
        if _is_about_requester(session, case, task):
            anonymise(session, scope, case)
            anonymised += 1
        else:
            _erase_reporter(session, case)
            _erase_events(session, case)
            reporter += 1
    if task.person_id is not None:
        person = session.get(Person, task.person_id)
        if person is not None:
            _erase_person(person)
    _erase_conversation(session, task.conversation_id)
    if task.phone:
        session.execute(delete(SmsSender).where(SmsSender.phone == task.phone))
    task.phone = None
    task.detail = {"anonymised_cases": anonymised, "reporter_erased_cases": reporter}
    complete_task(session, task, scope.staff_id)
    audit.record(
        session,
        action="task.erasure_applied",
        object_type="staff_task",
        object_id=task.id,
        actor_id=scope.staff_id,
        actor_label=scope.actor_label,
        detail=dict(task.detail),
    )
    return ErasureOutcome(anonymised, reporter)


def acknowledge_opt_out(session: Session, scope: Scope, task_id: int) -> StaffTask:
    """The opt-out is recorded when the person says it; staff confirm that follow-up calls and
    campaigns for that number were stopped."""
    task = _task(session, scope, task_id)
    if task.kind is not TaskKind.OPT_OUT:
        raise TaskError("Cette tâche n'est pas une opposition.")
    complete_task(session, task, scope.staff_id)
    audit.record(
        session,
        action="task.opt_out_checked",
        object_type="staff_task",
        object_id=task.id,
        actor_id=scope.staff_id,
        actor_label=scope.actor_label,
    )
    return task
