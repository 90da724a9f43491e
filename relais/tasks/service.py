"""Opening and closing staff tasks. Callers commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.db import utcnow
from relais.tasks.models import StaffTask, TaskKind, TaskStatus


def open_task(
    session: Session,
    *,
    territory_id: int,
    kind: TaskKind,
    channel: str,
    phone: str | None = None,
    person_id: int | None = None,
    conversation_id: str | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> StaffTask:
    """One open task per kind and phone number: asking twice does not make two tasks."""
    if phone is not None:
        existing = session.scalar(
            select(StaffTask).where(
                StaffTask.territory_id == territory_id,
                StaffTask.kind == kind,
                StaffTask.phone == phone,
                StaffTask.status == TaskStatus.OPEN,
            )
        )
        if existing is not None:
            return existing
    task = StaffTask(
        territory_id=territory_id,
        kind=kind,
        channel=channel,
        phone=phone,
        person_id=person_id,
        conversation_id=conversation_id,
        case_id=case_id,
        detail=detail or {},
    )
    session.add(task)
    session.flush()
    return task


def open_tasks(session: Session, territory_id: int) -> list[StaffTask]:
    query = (
        select(StaffTask)
        .where(StaffTask.territory_id == territory_id, StaffTask.status == TaskStatus.OPEN)
        .order_by(StaffTask.created_at)
    )
    return list(session.scalars(query))


def complete_task(session: Session, task: StaffTask, staff_id: int) -> None:
    task.status = TaskStatus.DONE
    task.done_at = utcnow()
    task.done_by_id = staff_id
