"""One scheduler's round, every `scheduler_tick_seconds`: hold the leader lease, recover what
a dead scheduler left, place the due calls at the configured rate and within the maximum of
concurrent calls. The database is the only state: a scheduler can die at any point and the
next one carries on (relais.followups.placing).

Only the lease holder places calls; the others only try to take the lease, which expires
`scheduler_lease_seconds` after its holder's last round.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.db import utcnow
from relais.followups import placing as placement
from relais.followups.planning import sweep
from relais.leases import service as leases
from relais.territory.models import Territory

log = logging.getLogger(__name__)

LEASE = "followups-scheduler"
HOUSEKEEPING_EVERY = timedelta(seconds=30)
MAX_CATCH_UP_SECONDS = 1.0  # after a pause, at most a second's worth of calls at once
ROUND_SHARE = 0.9  # a round places the calls whose slot falls in the first 90 % of its time


class Pacer:
    """Spaces calls evenly at `rate` per second, across rounds: each call has its slot, one
    interval after the previous one; after a pause, at most a second's worth of slots is
    caught up."""

    def __init__(
        self,
        rate: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self.monotonic, self._sleep = monotonic, sleep
        self._next: float | None = None

    def _first_slot(self, now: float) -> float:
        if self._next is None or self._next < now - MAX_CATCH_UP_SECONDS:
            return now
        return self._next

    def slots_before(self, until: float) -> int:
        """How many calls have their slot before `until` (none is taken)."""
        first = self._first_slot(self.monotonic())
        if first >= until:
            return 0
        return int((until - first) / self.interval - 1e-9) + 1

    def wait(self) -> None:
        """Waits for the next call's slot, and takes it."""
        now = self.monotonic()
        slot = self._first_slot(now)
        if slot > now:
            self._sleep(slot - now)
        self._next = slot + self.interval


@dataclass
class Round:
    leader: bool
    recovered: int = 0
    claimed: int = 0
    placed: int = 0
    seconds: float = 0.0


@dataclass
class Scheduler:
    sessions: sessionmaker[Session]
    placing: placement.Placing
    clock: Callable[[], datetime] = utcnow
    pacer: Pacer | None = None
    leading: bool = False
    _housekeeping_at: datetime | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.pacer is None:
            self.pacer = Pacer(self.placing.settings.calls_per_second)

    @property
    def _ttl(self) -> timedelta:
        return timedelta(seconds=self.placing.settings.scheduler_lease_seconds)

    @property
    def _pacer(self) -> Pacer:
        assert self.pacer is not None
        return self.pacer

    def tick(self) -> Round:
        started = self._pacer.monotonic()
        now = self.clock()
        with self.sessions() as session:
            if not leases.hold(session, LEASE, self.placing.holder, self._ttl, now):
                if self.leading:
                    log.warning("scheduler %s lost the lease", self.placing.holder)
                self.leading = False
                return Round(leader=False)
            done = Round(leader=True)
            if not self.leading:
                log.info("scheduler %s is now the active one", self.placing.holder)
                self.leading, self._housekeeping_at = True, None
            done.recovered = self._housekeeping(session, now)
            room = self._room(session, self._pacer.monotonic())
            ids = placement.claim_due(session, self.placing.holder, now, room)
        done.claimed = len(ids)
        done.placed = self._place(ids, started)
        done.seconds = self._pacer.monotonic() - started
        return done

    def _room(self, session: Session, now: float) -> int:
        """How many calls this round may claim: those whose slot falls within the round (the
        slots at its very end are left to the next one, so that rounds do not overlap), within
        the maximum of concurrent calls."""
        settings = self.placing.settings
        until = now + settings.scheduler_tick_seconds * ROUND_SHARE
        free = settings.max_concurrent_calls - placement.in_flight(session)
        return max(0, min(self._pacer.slots_before(until), free))

    def _housekeeping(self, session: Session, now: datetime) -> int:
        if self._housekeeping_at is not None and now - self._housekeeping_at < HOUSEKEEPING_EVERY:
            return 0
        self._housekeeping_at = now
        try:
            recovered = placement.recover_claimed(session, self.placing, now)
        except placement.RecoveryPostponed as error:
            session.rollback()
            log.warning("recovery postponed: %s", error)
            recovered = 0
        placement.check_quiet_calls(session, self.placing, now)
        placement.expire_sms(session, self.placing, now)
        for territory in session.scalars(select(Territory)).all():
            sweep(session, territory, now)
        session.commit()
        return recovered

    def _place(self, ids: list[int], started: float) -> int:
        placed = 0
        for index, attempt_id in enumerate(ids):
            self._pacer.wait()
            if self._pacer.monotonic() - started > self._ttl.total_seconds() / 2:
                with self.sessions() as session:  # the lease may be gone: do not go on
                    placement.release(session, ids[index:], self.placing.holder)
                break
            with self.sessions() as session:
                try:
                    placement.place(session, self.placing, attempt_id, self.clock())
                    placed += 1
                except Exception:
                    session.rollback()
                    log.exception("check-in attempt %s could not be placed", attempt_id)
        return placed

    def stop(self) -> None:
        """A clean stop: the lease is let go, so that another scheduler takes over at once."""
        with self.sessions() as session:
            leases.release(session, LEASE, self.placing.holder)
        self.leading = False
