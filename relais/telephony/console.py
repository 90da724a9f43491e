"""Console telephony (the embedded default): records every SMS and call in the database.

Nothing leaves the machine; the phone simulator and the tests read what was recorded.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.db import utcnow
from relais.telephony.models import ConsoleRecord
from relais.telephony.port import CallInfo, PlacedCall, SentSms, TelephonyError

# A placed call nobody answers in the simulator rings out after this long, as a phone would.
RING_OUT = timedelta(minutes=2)


def _sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


class ConsoleTelephony:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        from_number: str,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._from = from_number
        self._clock = clock  # when each record is made (the tests fix it)

    def _record(self, record: ConsoleRecord) -> None:
        record.created_at = self._clock()
        with self._sessions() as session:
            session.add(record)
            session.commit()

    def send_sms(self, to: str, body: str, status_callback: str | None = None) -> SentSms:
        sid = _sid("SM")
        self._record(
            ConsoleRecord(
                sid=sid,
                kind="sms",
                to=to,
                from_number=self._from,
                body=body,
                status_callback=status_callback,
                status="delivered",
            )
        )
        return SentSms(sid=sid, to=to)

    def place_call(
        self,
        to: str,
        url: str,
        status_callback: str | None = None,
        detect_machine: bool = False,
    ) -> PlacedCall:
        sid = _sid("CA")
        self._record(
            ConsoleRecord(
                sid=sid,
                kind="call",
                to=to,
                from_number=self._from,
                url=url,
                status_callback=status_callback,
                status="queued",
            )
        )
        return PlacedCall(sid=sid, to=to)

    def _call(self, session: Session, call_sid: str) -> ConsoleRecord:
        record = session.scalar(
            select(ConsoleRecord).where(ConsoleRecord.sid == call_sid, ConsoleRecord.kind == "call")
        )
        if record is None:
            raise TelephonyError(f"unknown call {call_sid}")
        return record

    def hang_up(self, call_sid: str) -> None:
        with self._sessions() as session:
            self._call(session, call_sid).status = "completed"
            session.commit()

    def get_call(self, call_sid: str) -> CallInfo:
        with self._sessions() as session:
            record = self._call(session, call_sid)
            if record.status == "queued" and record.created_at < self._clock() - RING_OUT:
                record.status = "no-answer"  # a phone nobody picks up stops ringing
                session.commit()
            return CallInfo(sid=record.sid, status=record.status)

    def find_call(self, to: str, since: datetime) -> CallInfo | None:
        with self._sessions() as session:
            record = session.scalar(
                select(ConsoleRecord)
                .where(ConsoleRecord.kind == "call", ConsoleRecord.to == to)
                .where(ConsoleRecord.created_at >= since)
                .order_by(ConsoleRecord.id.desc())
                .limit(1)
            )
            return None if record is None else CallInfo(sid=record.sid, status=record.status)


def recorded(
    session: Session, to: str | None = None, kind: str | None = None
) -> list[ConsoleRecord]:
    """What the console adapter recorded, oldest first (for the simulator and the tests)."""
    query = select(ConsoleRecord).order_by(ConsoleRecord.id)
    if to is not None:
        query = query.where(ConsoleRecord.to == to)
    if kind is not None:
        query = query.where(ConsoleRecord.kind == kind)
    return list(session.scalars(query))


def set_call_status(session: Session, call_sid: str, status: str) -> None:
    """What happened to a placed call in the simulator (answered, rang out, busy…)."""
    record = session.scalar(
        select(ConsoleRecord).where(ConsoleRecord.sid == call_sid, ConsoleRecord.kind == "call")
    )
    if record is not None:
        record.status = status
        session.commit()
