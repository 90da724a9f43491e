"""`allow` counts a hit against a limit. The key (a client address, a session id) is stored
only as a keyed hash: the limit works without keeping who the visitor is."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from relais.ratelimits.models import RateHit


@dataclass(frozen=True)
class Limit:
    bucket: str
    count: int  # hits allowed per window
    window: timedelta


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: timedelta  # how long until one more hit is allowed (zero when allowed)


def key_hash(secret: str, key: str) -> str:
    return hmac.new(secret.encode(), key.encode(), hashlib.sha256).hexdigest()


def allow(session: Session, limit: Limit, hashed_key: str, now: datetime) -> Verdict:
    """Counts one hit unless the window is full. The caller commits. Two workers racing on
    the last free hit may both pass: a limit against abuse, not an exact quota."""
    since = now - limit.window
    # Every expired hit of the bucket goes, whoever made it: the table stays as small as the
    # traffic of one window.
    session.execute(delete(RateHit).where(RateHit.bucket == limit.bucket, RateHit.at < since))
    hits = select(func.count(), func.min(RateHit.at)).where(
        RateHit.bucket == limit.bucket, RateHit.key_hash == hashed_key, RateHit.at >= since
    )
    count, oldest = session.execute(hits).one()
    if count >= limit.count:
        return Verdict(False, max(oldest + limit.window - now, timedelta(seconds=1)))
    session.add(RateHit(bucket=limit.bucket, key_hash=hashed_key, at=now))
    return Verdict(True, timedelta(0))
