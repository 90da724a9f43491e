"""Writing the audit trail. Details hold identifiers and field names, never personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from relais.audit.models import AuditEntry


def record(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    actor_id: int | None = None,
    actor_label: str = "system",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        actor_id=actor_id,
        actor_label=actor_label,
        detail=detail or {},
    )
    session.add(entry)
    return entry
