"""Tasks for staff that are not isolation cases: erasure requests, opt-outs to apply."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from relais.db import Base, str_enum, utcnow


class TaskKind(StrEnum):
    ERASURE_REQUEST = "erasure_request"  # "supprimez mes données": staff anonymise
    OPT_OUT = "opt_out"  # "STOP": recorded at once; staff check follow-ups and campaigns


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class StaffTask(Base):
    __tablename__ = "staff_tasks"
    __table_args__ = (Index("ix_staff_tasks_open", "territory_id", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"))
    kind: Mapped[TaskKind] = mapped_column(str_enum(TaskKind))
    status: Mapped[TaskStatus] = mapped_column(str_enum(TaskStatus), default=TaskStatus.OPEN)
    channel: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column()
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
