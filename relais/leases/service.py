"""Taking and keeping a lease. The holder renews it well before it expires; when the holder
dies, the lease expires and the next one who asks gets it.

Both operations are single statements, atomic on SQLite and PostgreSQL: an UPDATE that only
succeeds for the holder or once the lease expired, or the INSERT of a lease nobody held yet
(its primary key refuses a second one).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relais.leases.models import Lease


def hold(session: Session, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
    """Takes or renews the lease; True when `holder` holds it until `now + ttl` (committed)."""
    renewed = session.execute(
        update(Lease)
        .where(Lease.name == name)
        .where(or_(Lease.holder == holder, Lease.expires_at < now))
        .values(holder=holder, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    if renewed.rowcount == 1:  # type: ignore[attr-defined]
        session.commit()
        return True
    session.rollback()
    session.add(Lease(name=name, holder=holder, expires_at=now + ttl, acquired_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def release(session: Session, name: str, holder: str) -> None:
    """Lets the lease go at once (a clean stop): the next one need not wait for it to expire."""
    session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
    session.commit()


def holder_of(session: Session, name: str, now: datetime) -> str | None:
    lease = session.get(Lease, name)
    return lease.holder if lease is not None and lease.expires_at >= now else None
