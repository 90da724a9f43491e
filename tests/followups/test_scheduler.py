"""The scheduler never loses nor doubles a call: one active scheduler (a lease), another taking
over when it dies, recovery of what a dead one left (killed before, during or after asking the
provider), the calling hours kept after a downtime, the rate and the concurrent calls."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from api.main import create_app
from relais.config import ROOT, Settings
from relais.followups import enrolment
from relais.followups.models import AttemptState, CheckinAttempt, FollowUp
from relais.followups.ticks import Pacer
from relais.seed.demo import DemoSeed
from relais.telephony.console import ConsoleTelephony, recorded
from relais.telephony.models import ConsoleRecord
from relais.telephony.port import PlacedCall
from relais.territory.calendar import is_public_holiday
from relais.territory.models import Territory
from tests.followups.conftest import MONDAY_MORNING, paris, request
from tests.followups.rig import Clock, Rig
from tests.phone.conftest import ScriptedAssistant

TUESDAY_TEN = paris(2026, 12, 8, 10)


@pytest.fixture
def rig(settings: Settings, sessions: sessionmaker[Session], demo: DemoSeed) -> Iterator[Rig]:
    clock = Clock(MONDAY_MORNING)
    rig_settings = settings.model_copy(
        update={"calls_per_second": 50.0, "scheduler_lease_seconds": 15.0}
    )
    telephony = ConsoleTelephony(sessions, rig_settings.telephony_from_number, clock)
    app = create_app(rig_settings, assistant=ScriptedAssistant(), telephony=telephony, clock=clock)
    with TestClient(app, base_url="http://testserver") as client:
        yield Rig(sessions, rig_settings, client, clock, telephony)


def followed(session: Session, territory: Territory, count: int) -> list[FollowUp]:
    """`count` people called on Tuesdays at 10:00, numbers 05 55 10 00 00 and on."""
    people = [
        enrolment.enrol(
            session,
            territory,
            None,
            request(phone=f"+3355510{i:04d}", consent_by_phone=True),
            MONDAY_MORNING,
        )
        for i in range(count)
    ]
    session.commit()
    return people


def calls_per_number(rig: Rig) -> Counter[str]:
    return Counter(call.to for call in rig.calls())


def states(session: Session) -> Counter[AttemptState]:
    session.expire_all()
    return Counter(a.state for a in session.scalars(select(CheckinAttempt)))


def test_two_schedulers_only_one_places_calls_and_the_other_takes_over(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followed(session, territory, 6)
    rig.settings.__dict__["calls_per_second"] = 2.0  # two calls a round
    first, second = rig.make_scheduler("scheduler-a"), rig.make_scheduler("scheduler-b")
    rig.clock.set(TUESDAY_TEN)
    assert rig.tick(scheduler=first).placed == 2
    standby = rig.tick(scheduler=second)
    assert (standby.leader, standby.placed) == (False, 0)
    assert rig.tick(scheduler=first).placed == 2
    # The first one dies (it simply stops); within the lease's 15 seconds nothing moves…
    rig.clock.advance(seconds=10)
    assert rig.tick(scheduler=second).leader is False
    # …then the second one takes over and places the rest.
    rig.clock.advance(seconds=6)
    taken = rig.tick(scheduler=second)
    assert (taken.leader, taken.placed) == (True, 2)
    assert rig.tick(scheduler=first).leader is False  # the old one, come back, stands by
    assert calls_per_number(rig) == Counter({f"+3355510{i:04d}": 1 for i in range(6)})


def test_a_clean_stop_lets_the_other_scheduler_take_over_at_once(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followed(session, territory, 2)
    first, second = rig.scheduler, rig.make_scheduler("scheduler-b")
    rig.clock.set(TUESDAY_TEN)
    assert rig.tick(scheduler=first).leader
    first.stop()
    assert rig.tick(scheduler=second).leader


class DiesWhilePlacing:
    """The process dies (SIGKILL, power cut) while it asks the provider: after the provider
    took the call (`after=True`) or before."""

    def __init__(self, telephony: ConsoleTelephony, *, after: bool) -> None:
        self.telephony, self.after = telephony, after

    def __getattr__(self, name: str) -> object:
        return getattr(self.telephony, name)

    def place_call(self, to: str, url: str, **kwargs: object) -> PlacedCall:
        if self.after:
            self.telephony.place_call(to, url, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt("killed")


@pytest.mark.parametrize("after", [True, False], ids=["after the provider", "before it"])
def test_a_scheduler_killed_while_placing_a_call_loses_none_and_doubles_none(
    rig: Rig, session: Session, territory: Territory, after: bool
) -> None:
    followed(session, territory, 3)
    dying = rig.make_scheduler("dying", DiesWhilePlacing(rig.telephony, after=after))
    rig.clock.set(TUESDAY_TEN)
    with pytest.raises(KeyboardInterrupt):
        rig.tick(scheduler=dying)
    assert states(session)[AttemptState.PLACING] == 3  # claimed, then the process died
    rig.clock.advance(seconds=20)  # its lease expired
    done = rig.tick()
    assert done.leader
    assert done.recovered == 3
    assert calls_per_number(rig) == Counter({f"+3355510{i:04d}": 1 for i in range(3)})
    assert states(session) == Counter({AttemptState.RINGING: 3})
    with rig.sessions() as check:
        sids = {a.provider_sid for a in check.scalars(select(CheckinAttempt))}
        assert sids == {c.sid for c in recorded(check, kind="call")}


def test_a_call_due_while_the_scheduler_was_down_waits_for_the_calling_hours(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followed(session, territory, 1)
    assert rig.tick(paris(2026, 12, 8, 19, 30)).placed == 1  # handled: not placed
    [attempt] = (a for a in rig.attempts(session) if a.state is AttemptState.PLANNED)
    assert attempt.due_at == paris(2026, 12, 9, 9)
    assert rig.calls() == []
    assert rig.tick(paris(2026, 12, 8, 16)).claimed == 0
    rig.tick(paris(2026, 12, 9, 9))
    assert len(rig.calls()) == 1


def test_a_call_due_while_down_and_still_in_hours_is_placed_when_it_comes_back(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followed(session, territory, 1)
    rig.tick(paris(2026, 12, 8, 15, 45))
    assert len(rig.calls()) == 1


def test_no_more_calls_at_once_than_allowed(
    rig: Rig, session: Session, territory: Territory
) -> None:
    followed(session, territory, 5)
    rig.settings.__dict__["max_concurrent_calls"] = 2
    assert rig.tick(TUESDAY_TEN).placed == 2
    assert rig.tick().placed == 0  # both still ringing
    rig.status(rig.calls()[0], "busy")
    assert rig.tick().placed == 1


def test_the_pacer_spaces_calls_at_the_rate() -> None:
    slept: list[float] = []
    now = [100.0]

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 6))
        now[0] += seconds

    pacer = Pacer(4.0, monotonic=lambda: now[0], sleep=sleep)
    assert pacer.slots_before(100.9) == 4  # 100.0, 100.25, 100.5, 100.75
    for _ in range(5):
        pacer.wait()
    assert slept == [0.25, 0.25, 0.25, 0.25]
    now[0] += 0.4  # a round came late: the slots missed are caught up…
    assert pacer.slots_before(now[0] + 0.9) == 5
    now[0] += 10  # …but after a long pause, no burst of calls
    assert pacer.slots_before(now[0] + 0.9) == 4


# --- real processes --------------------------------------------------------------------------


def _workable_zone() -> str:
    """A time zone where today is not a French public holiday (calls are never placed then)."""
    for zone in ("Europe/Paris", "Pacific/Kiritimati", "Pacific/Pago_Pago"):
        if not is_public_holiday(datetime.now(ZoneInfo(zone)).date(), "23"):
            return zone
    raise AssertionError("every candidate day is a public holiday")


def _due_now(session: Session, territory: Territory, count: int) -> None:
    territory.timezone = _workable_zone()
    territory.calling_from, territory.calling_until = "00:00", "23:59"
    session.commit()
    followed(session, territory, count)
    past = datetime.now(UTC) - timedelta(minutes=1)
    session.execute(update(CheckinAttempt).values(due_at=past))
    session.commit()


def _scheduler_process(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "RELAIS_DATABASE_URL": settings.database_url,
        "RELAIS_ENVIRONMENT": "test",
        "RELAIS_SECRET_KEY": settings.secret_key.get_secret_value(),
        "RELAIS_RASA_TOKEN": settings.rasa_token.get_secret_value(),
        "RELAIS_TELEPHONY": "console",
        "RELAIS_CALLS_PER_SECOND": "8",
        "RELAIS_MAX_CONCURRENT_CALLS": "1000",
        "RELAIS_SCHEDULER_TICK_SECONDS": "0.5",
        "RELAIS_SCHEDULER_LEASE_SECONDS": "4",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "relais.cli", "scheduler", "run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait(check: object, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} within {seconds} s; scheduler log:\n{log.read_text()[-3000:]}")


def test_two_scheduler_processes_the_active_one_killed_mid_round(
    settings: Settings,
    sessions: sessionmaker[Session],
    session: Session,
    territory: Territory,
    tmp_path: Path,
) -> None:
    """Two `relais scheduler run`: one places calls, the other stands by; the active one is
    killed (SIGKILL) while placing; the other takes over within 30 seconds and every call is
    placed exactly once."""
    count = 60
    _due_now(session, territory, count)
    log = tmp_path / "scheduler.log"
    processes = [_scheduler_process(settings, log), _scheduler_process(settings, log)]

    def placed() -> list[ConsoleRecord]:
        with sessions() as check:
            return recorded(check, kind="call")

    def holders() -> Counter[str | None]:
        with sessions() as check:
            return Counter(a.claimed_by for a in check.scalars(select(CheckinAttempt)))

    try:
        _wait(lambda: len(placed()) >= 15, 60, "15 calls placed", log)
        active = {h for h in holders() if h is not None}
        assert len(active) == 1, active  # only one scheduler placed calls
        [holder] = active
        pid = int(holder.split(":")[1])
        victim = next(p for p in processes if p.pid == pid)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        killed_at = time.monotonic()
        before = len(placed())
        _wait(lambda: len(placed()) > before, 30, "the other scheduler took over", log)
        takeover = time.monotonic() - killed_at
        _wait(lambda: len(placed()) >= count, 60, "every call placed", log)
        time.sleep(1.5)  # a double would show up now
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    numbers = Counter(call.to for call in placed())
    assert len(numbers) == count
    assert set(numbers.values()) == {1}, numbers.most_common(3)
    assert takeover < 30
    assert states(session) == Counter({AttemptState.RINGING: count})
